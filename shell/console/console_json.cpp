// shell/console/console_json.cpp: a small JSON reader (see console.h).
//
// Owns reading the few JSON answers the console gets: the server's error bodies
// ({"error":{"code","message"}}) and the dashboard's figures. Not a general library: no
// writer, numbers as double, \u escapes decoded to UTF-8 (surrogate pairs included). Bounded
// in depth so a hostile answer cannot exhaust the stack; any malformed input gives nullopt.
#include <cstdlib>
#include <string>

#include "shell/console/console.h"

namespace aduan::app {
namespace {

constexpr int kMaxDepth = 32;

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool value(JsonValue& out, int depth) {
    if (depth > kMaxDepth) return false;
    skip_space();
    if (at_end()) return false;
    const char c = text_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.kind = JsonValue::Kind::string;
      return string(out.text);
    }
    if (literal("true")) {
      out.kind = JsonValue::Kind::boolean;
      out.boolean = true;
      return true;
    }
    if (literal("false")) {
      out.kind = JsonValue::Kind::boolean;
      return true;
    }
    if (literal("null")) return true;
    return number(out);
  }

  bool finished() {
    skip_space();
    return at_end();
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  void skip_space() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
                         text_[pos_] == '\t'))
      ++pos_;
  }
  bool eat(char c) {
    skip_space();
    if (at_end() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool object(JsonValue& out, int depth) {
    out.kind = JsonValue::Kind::object;
    ++pos_;
    if (eat('}')) return true;
    do {
      skip_space();
      std::string key;
      if (at_end() || text_[pos_] != '"' || !string(key) || !eat(':')) return false;
      JsonValue item;
      if (!value(item, depth + 1)) return false;
      out.keys.push_back(std::move(key));
      out.items.push_back(std::move(item));
    } while (eat(','));
    return eat('}');
  }

  bool array(JsonValue& out, int depth) {
    out.kind = JsonValue::Kind::array;
    ++pos_;
    if (eat(']')) return true;
    do {
      JsonValue item;
      if (!value(item, depth + 1)) return false;
      out.items.push_back(std::move(item));
    } while (eat(','));
    return eat(']');
  }

  bool number(JsonValue& out) {
    const std::size_t start = pos_;
    while (!at_end() &&
           std::string_view("+-0123456789.eE").find(text_[pos_]) != std::string_view::npos)
      ++pos_;
    if (pos_ == start) return false;
    const std::string digits(text_.substr(start, pos_ - start));
    char* end = nullptr;
    out.number = std::strtod(digits.c_str(), &end);
    out.kind = JsonValue::Kind::number;
    return end == digits.c_str() + digits.size();
  }

  bool hex4(unsigned& code) {
    if (pos_ + 4 > text_.size()) return false;
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4U;
      if (c >= '0' && c <= '9')
        code |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        code |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        code |= static_cast<unsigned>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  }

  static void put_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0U | (code >> 6U));
      out += static_cast<char>(0x80U | (code & 0x3FU));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0U | (code >> 12U));
      out += static_cast<char>(0x80U | ((code >> 6U) & 0x3FU));
      out += static_cast<char>(0x80U | (code & 0x3FU));
    } else {
      out += static_cast<char>(0xF0U | (code >> 18U));
      out += static_cast<char>(0x80U | ((code >> 12U) & 0x3FU));
      out += static_cast<char>(0x80U | ((code >> 6U) & 0x3FU));
      out += static_cast<char>(0x80U | (code & 0x3FU));
    }
  }

  bool string(std::string& out) {
    ++pos_;  // the opening quote
    while (!at_end()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_end()) return false;
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned code = 0;
          if (!hex4(code)) return false;
          if (code >= 0xD800 && code < 0xDC00) {
            unsigned low = 0;
            if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            code = 0x10000 + ((code - 0xD800) << 10U) + (low - 0xDC00);
          }
          put_utf8(out, code);
          break;
        }
        default: return false;
      }
    }
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::get(std::string_view key) const {
  if (kind != Kind::object) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

std::string JsonValue::string_at(std::string_view key) const {
  const JsonValue* found = get(key);
  return found && found->kind == Kind::string ? found->text : std::string();
}

double JsonValue::number_at(std::string_view key, double fallback) const {
  const JsonValue* found = get(key);
  return found && found->kind == Kind::number ? found->number : fallback;
}

std::optional<JsonValue> parse_json(std::string_view text) {
  constexpr std::size_t kMaxBytes = 4 * 1024 * 1024;
  if (text.size() > kMaxBytes) return std::nullopt;
  Reader reader(text);
  JsonValue out;
  if (!reader.value(out, 0) || !reader.finished()) return std::nullopt;
  return out;
}

}  // namespace aduan::app
