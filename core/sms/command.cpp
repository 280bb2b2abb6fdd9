// core/sms/command.cpp: the SMS grammar (see command.h).
//
// Order of work: clean_text (cut, replace, blanks) -> split into words -> the first word's
// keyword -> one small function per keyword reading the words after it. The words are views
// into the cleaned text, which lives for the whole parse; only the Command's fields are copies.
//
// Codes typed with spaces are the one real ambiguity: "BALAS abcd efgh jkmn p terima kasih"
// holds a code of four words followed by text. Only a prefix of at most four words can be a
// code (the display form has four groups), and a prefix that normalises is a code the sender
// typed: the check symbol catches every single typo and transposition, so a random run of
// words that happens to pass is a one-in-32 chance on top of exactly 13 symbols.
#include "core/sms/command.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include "core/domain/tracking_code.h"
#include "core/i18n/utf8.h"

namespace aduan::sms {
namespace {

using Words = std::vector<std::string_view>;

constexpr char32_t kReplacement = 0xFFFD;
constexpr std::size_t kMaxCodeWords = 4;  // XXXX XXXX XXXX C

struct Keyword {
  std::string_view word;  // upper case
  CommandKind kind;
};

constexpr Keyword kKeywords[] = {
    {"LAPOR", CommandKind::report},  {"REPORT", CommandKind::report},
    {"CEK", CommandKind::check},     {"CHECK", CommandKind::check},
    {"STATUS", CommandKind::check},  {"BALAS", CommandKind::reply},
    {"REPLY", CommandKind::reply},   {"SELESAI", CommandKind::accept},
    {"DONE", CommandKind::accept},   {"ACCEPT", CommandKind::accept},
    {"NILAI", CommandKind::rate},    {"RATE", CommandKind::rate},
    {"BERHENTI", CommandKind::stop}, {"STOP", CommandKind::stop},
    {"UNREG", CommandKind::stop},    {"BANTUAN", CommandKind::help},
    {"HELP", CommandKind::help},     {"INFO", CommandKind::help},
};

constexpr std::string_view kAnonymousWords[] = {"ANONIM", "ANON", "ANONYMOUS"};

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_upper(std::string_view typed, std::string_view upper) {
  return typed.size() == upper.size() &&
         std::equal(typed.begin(), typed.end(), upper.begin(),
                    [](char a, char b) { return ascii_upper(a) == b; });
}

// Blanks and controls (C0, DEL, C1) and the Unicode spaces phones insert (no-break, ideographic
// and the typographic ones): all of them separate words and none of them belongs in a report.
bool is_blank(char32_t cp) {
  return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

std::string_view strip_trailing(std::string_view word, std::string_view chars) {
  while (!word.empty() && chars.find(word.back()) != std::string_view::npos) word.remove_suffix(1);
  return word;
}

bool is_lone_separator(std::string_view word) {
  return word == ":" || word == "," || word == "." || word == "-";
}

Words split_words(std::string_view text) {
  Words words;
  while (!text.empty()) {
    const auto space = text.find(' ');
    words.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return words;
}

std::string join(Words::const_iterator first, Words::const_iterator last) {
  std::string out;
  for (auto it = first; it != last; ++it) {
    if (!out.empty()) out += ' ';
    out.append(*it);
  }
  return out;
}

// The canonical code when `typed` (with trailing punctuation such as the ':' in
// "ABCD-EFGH-JKMN-P: terima kasih" ignored) is a valid tracking code.
std::optional<std::string> code_of(std::string_view typed) {
  auto normalized = domain::normalize_tracking_code(strip_trailing(typed, ".,;:!?"));
  if (!normalized.ok()) return std::nullopt;
  return std::move(normalized).value();
}

// The longest run of at most four leading words that is a valid code, and how many words it
// took (0 when none is).
std::pair<std::string, std::size_t> leading_code(const Words& words) {
  for (std::size_t n = std::min(words.size(), kMaxCodeWords); n > 0; --n) {
    if (auto code = code_of(join(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(n))))
      return {std::move(*code), n};
  }
  return {{}, 0};
}

Command help(std::string_view problem, std::string code = {}) {
  Command command;
  command.problem = std::string(problem);
  command.code = std::move(code);
  return command;
}

Command parse_report(Words words) {
  Command command;
  command.kind = CommandKind::report;
  if (!words.empty()) {
    const auto first = strip_trailing(words.front(), ":,.");
    for (auto anonymous : kAnonymousWords) {
      if (equals_upper(first, anonymous)) {
        command.anonymous = true;
        words.erase(words.begin());
        if (!words.empty() && is_lone_separator(words.front())) words.erase(words.begin());
        break;
      }
    }
  }
  Words kept;
  for (auto word : words) {
    const char sigil = word.front();
    const auto hint = strip_trailing(word.substr(1), ".,;:!?");
    // A lone "#" or "@" (or "#!") names nothing: it stays in the text as typed.
    if ((sigil != '#' && sigil != '@') || hint.empty()) {
      kept.push_back(word);
    } else if (sigil == '#' && command.category_hint.empty()) {
      command.category_hint.resize(hint.size());
      std::transform(hint.begin(), hint.end(), command.category_hint.begin(), ascii_lower);
    } else if (sigil == '@' && command.place_hint.empty()) {
      command.place_hint = std::string(hint);
    }
  }
  command.text = join(kept.begin(), kept.end());
  if (command.text.empty()) {
    Command empty = help(kProblemReportEmpty);
    empty.anonymous = command.anonymous;
    return empty;
  }
  return command;
}

// CEK and SELESAI: the code is every word; when that is not a code, words after a leading code
// ("CEK ABCD-EFGH-JKMN-P tolong") are ignored.
Command parse_code_only(CommandKind kind, const Words& words) {
  auto code = code_of(join(words.begin(), words.end()));
  if (!code) {
    auto [leading, taken] = leading_code(words);
    if (taken == 0) return help(kProblemBadCode);
    code = std::move(leading);
  }
  Command command;
  command.kind = kind;
  command.code = std::move(*code);
  return command;
}

Command parse_reply(const Words& words) {
  auto [code, taken] = leading_code(words);
  if (taken == 0) return help(kProblemBadCode);
  Command command;
  command.kind = CommandKind::reply;
  auto text_start = words.begin() + static_cast<std::ptrdiff_t>(taken);
  if (text_start != words.end() && is_lone_separator(*text_start)) ++text_start;  // "<code> : ok"
  command.text = join(text_start, words.end());
  if (command.text.empty()) return help(kProblemReplyEmpty, std::move(code));
  command.code = std::move(code);
  return command;
}

std::optional<int> rating_of(std::string_view word) {
  word = strip_trailing(word, ".,!");
  int value = 0;
  const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (word.empty() || error != std::errc() || end != word.data() + word.size()) return std::nullopt;
  if (value < 1 || value > 5) return std::nullopt;
  return value;
}

// The rating is the last word and the code every word before it. When those words are not a
// code, a leading code still makes the problem the rating ("NILAI <code>" with none, or with
// words after it), so the reply explains the part that was really wrong.
Command parse_rate(const Words& words) {
  if (words.size() >= 2) {
    if (auto code = code_of(join(words.begin(), words.end() - 1))) {
      const auto rating = rating_of(words.back());
      if (!rating) return help(kProblemRatingRange, std::move(*code));
      Command command;
      command.kind = CommandKind::rate;
      command.code = std::move(*code);
      command.rating = *rating;
      return command;
    }
  }
  auto [code, taken] = leading_code(words);
  if (taken == 0) return help(kProblemBadCode);
  return help(kProblemRatingRange, std::move(code));
}

// The keyword of the first word, with the rest of that word when it was glued on after a
// ':' ',' or '.' ("LAPOR:jalan"); nullopt when the first word is not a keyword.
std::optional<CommandKind> take_keyword(Words& words) {
  if (words.empty()) return std::nullopt;
  const std::string_view first = words.front();
  const auto letters = static_cast<std::size_t>(
      std::find_if_not(first.begin(), first.end(), is_ascii_letter) - first.begin());
  std::string_view rest = first.substr(letters);
  if (!rest.empty()) {
    if (rest.front() != ':' && rest.front() != ',' && rest.front() != '.') return std::nullopt;
    rest.remove_prefix(1);
  }
  const auto keyword = std::find_if(std::begin(kKeywords), std::end(kKeywords), [&](auto& k) {
    return equals_upper(first.substr(0, letters), k.word);
  });
  if (keyword == std::end(kKeywords)) return std::nullopt;
  words.erase(words.begin());
  if (!rest.empty()) words.insert(words.begin(), rest);
  // "LAPOR : jalan", "CEK - ABCD...": a separator typed as a word of its own.
  if (!words.empty() && is_lone_separator(words.front())) words.erase(words.begin());
  return keyword->kind;
}

}  // namespace

std::string clean_text(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), kMaxCommandBytes));
  bool pending_space = false;
  std::size_t at = 0;
  while (at < text.size()) {
    char32_t cp = 0;
    std::size_t length = i18n::decode_one(text, at, cp);
    if (length == 0) cp = kReplacement, length = 1;
    // Whole characters only, and both the input read and the output bounded: a bad byte
    // becomes three, so a limit on the input alone would not bound what is stored.
    if (at + length > kMaxCommandBytes) break;
    if (is_blank(cp)) {
      pending_space = !out.empty();
    } else {
      const std::string_view character =
          cp == kReplacement && length == 1 ? "\xEF\xBF\xBD" : text.substr(at, length);
      if (out.size() + (pending_space ? 1 : 0) + character.size() > kMaxCommandBytes) break;
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(character);
    }
    at += length;
  }
  return out;
}

Command parse_command(std::string_view text) {
  const std::string cleaned = clean_text(text);
  Words words = split_words(cleaned);
  const auto kind = take_keyword(words);
  if (!kind) return Command{};
  switch (*kind) {
    case CommandKind::report: return parse_report(std::move(words));
    case CommandKind::check:
    case CommandKind::accept: return parse_code_only(*kind, words);
    case CommandKind::reply: return parse_reply(words);
    case CommandKind::rate: return parse_rate(words);
    case CommandKind::stop: {
      Command command;
      command.kind = CommandKind::stop;
      return command;
    }
    case CommandKind::help: break;
  }
  return Command{};
}

std::string_view command_name(CommandKind kind) {
  switch (kind) {
    case CommandKind::report: return "report";
    case CommandKind::check: return "check";
    case CommandKind::reply: return "reply";
    case CommandKind::accept: return "accept";
    case CommandKind::rate: return "rate";
    case CommandKind::stop: return "stop";
    case CommandKind::help: return "help";
  }
  return "help";
}

}  // namespace aduan::sms
