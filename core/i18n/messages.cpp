// core/i18n/messages.cpp: parsing catalog files and looking messages up (see messages.h).
//
// Parsing stops at the first bad line and names it: the catalogs ship with the app, so a bad
// line is a mistake to fix before release, and a test loads both shipped files.
#include "core/i18n/messages.h"

#include <algorithm>

#include "core/i18n/utf8.h"

namespace aduan::i18n {
namespace {

std::string_view trim(std::string_view text) {
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

bool is_key(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

Error line_error(const char* code, std::size_t line, std::string_view what) {
  std::string detail = "line " + std::to_string(line) + ": ";
  detail += what;
  return Error{code, std::move(detail)};
}

// Turns "\n" into a line break and "\\" into a backslash; any other escape is an error so a
// typo like "\t" is caught instead of shown.
bool unescape(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 1 >= text.size()) return false;
    char next = text[++i];
    if (next == 'n') {
      out.push_back('\n');
    } else if (next == '\\') {
      out.push_back('\\');
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::map<std::string, std::string, std::less<>>> parse_messages(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::map<std::string, std::string, std::less<>> messages;
  std::size_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!is_valid_utf8(line)) return line_error("i18n.bad_utf8", number, "not UTF-8");
    auto content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    auto equals = content.find('=');
    if (equals == std::string_view::npos)
      return line_error("i18n.bad_line", number, "expected key = text");
    auto key = trim(content.substr(0, equals));
    if (!is_key(key)) return line_error("i18n.bad_key", number, "bad key");
    std::string message;
    if (!unescape(trim(content.substr(equals + 1)), message))
      return line_error("i18n.bad_escape", number, "only \\n and \\\\ are escapes");
    if (!messages.emplace(std::string(key), std::move(message)).second)
      return line_error("i18n.duplicate_key", number, std::string(key) + " appears twice");
  }
  return messages;
}

Status Messages::load(std::string_view language, std::string_view text) {
  auto parsed = parse_messages(text);
  if (!parsed.ok()) {
    Error error = parsed.error();
    error.detail = std::string(language) + " " + error.detail;
    return error;
  }
  catalogs_.insert_or_assign(std::string(language), std::move(parsed).value());
  return done();
}

std::string_view Messages::lookup(std::string_view language, std::string_view key) const {
  for (auto lang : {language, kDefaultLanguage}) {
    auto catalog = catalogs_.find(lang);
    if (catalog == catalogs_.end()) continue;
    auto message = catalog->second.find(key);
    if (message != catalog->second.end()) return message->second;
  }
  return key;
}

bool Messages::has(std::string_view language, std::string_view key) const {
  auto catalog = catalogs_.find(language);
  return catalog != catalogs_.end() && catalog->second.count(key) > 0;
}

std::vector<std::string> Messages::languages() const {
  std::vector<std::string> names;
  for (const auto& [name, catalog] : catalogs_) names.push_back(name);
  return names;
}

std::vector<std::string> Messages::keys(std::string_view language) const {
  std::vector<std::string> names;
  auto catalog = catalogs_.find(language);
  if (catalog == catalogs_.end()) return names;
  for (const auto& [key, message] : catalog->second) names.push_back(key);
  return names;
}

std::string fill_placeholders(std::string_view message, std::initializer_list<std::string> args) {
  std::string text(message);
  int index = 1;
  for (const auto& arg : args) {
    const std::string mark = "{" + std::to_string(index++) + "}";
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at + arg.size()))
      text.replace(at, mark.size(), arg);
  }
  return text;
}

}  // namespace aduan::i18n
