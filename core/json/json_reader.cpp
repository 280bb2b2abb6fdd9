// core/json/json_reader.cpp: the strict, bounded JSON reader (see json_reader.h).
//
// A recursive-descent parser over a string_view. It recurses once per array or object, which
// is why depth is checked before descending; every other bound is checked before the memory
// it guards is used. The first failure stops the parse and is the one reported.
#include "core/json/json_reader.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/json/json_number.h"

namespace aduan::json {
namespace {

// A number literal longer than this is refused rather than copied for conversion: no real
// figure needs 64 characters.
constexpr std::size_t kMaxNumberChars = 64;

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits) : text_(text), limits_(limits) {}

  bool document(Value& out) {
    if (!value(out, 0)) return false;
    skip_space();
    if (!at_end()) return fail(errors::kTrailing);
    return true;
  }

  Error error() const { return Error{std::string(code_), "at byte " + std::to_string(error_at_)}; }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  bool fail(std::string_view code) {
    code_ = code;
    error_at_ = pos_;
    return false;
  }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t'))
      ++pos_;
  }

  bool value(Value& out, int depth) {
    if (++values_ > limits_.max_values) return fail(errors::kTooMany);
    skip_space();
    if (at_end()) return fail(errors::kSyntax);
    switch (peek()) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': out.kind = Value::Kind::string; return string(out.text);
      case 't':
        out.kind = Value::Kind::boolean;
        out.boolean = true;
        return literal("true");
      case 'f': out.kind = Value::Kind::boolean; return literal("false");
      case 'n': return literal("null");
      default: return number(out);
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return fail(errors::kSyntax);
    pos_ += word.size();
    return true;
  }

  bool object(Value& out, int depth) {
    if (depth > limits_.max_depth) return fail(errors::kTooDeep);
    out.kind = Value::Kind::object;
    const std::size_t object_at = pos_;
    for (bool more = opens('}'); more;) {
      skip_space();
      if (at_end() || peek() != '"') return fail(errors::kSyntax);
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (at_end() || peek() != ':') return fail(errors::kSyntax);
      ++pos_;
      Value item;
      if (!value(item, depth)) return false;
      out.keys.push_back(std::move(key));
      out.items.push_back(std::move(item));
      if (!separator('}', more)) return false;
    }
    if (has_duplicate(out.keys)) {
      pos_ = object_at;  // the error names the object's start
      return fail(errors::kDuplicateKey);
    }
    return true;
  }

  // Steps over an opening bracket; false when the container closes at once ("[]", "{ }").
  bool opens(char close) {
    ++pos_;
    skip_space();
    if (at_end() || peek() != close) return true;
    ++pos_;
    return false;
  }

  // After an item: a comma means another follows (`more`), `close` ends the container.
  bool separator(char close, bool& more) {
    skip_space();
    if (at_end()) return fail(errors::kSyntax);
    more = peek() == ',';
    if (!more && peek() != close) return fail(errors::kSyntax);
    ++pos_;
    return true;
  }

  // Sorted views rather than a pairwise scan, so a hostile object of 100,000 keys costs
  // n log n comparisons, not n squared.
  static bool has_duplicate(const std::vector<std::string>& keys) {
    if (keys.size() < 2) return false;
    std::vector<std::string_view> sorted(keys.begin(), keys.end());
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  }

  bool array(Value& out, int depth) {
    if (depth > limits_.max_depth) return fail(errors::kTooDeep);
    out.kind = Value::Kind::array;
    for (bool more = opens(']'); more;) {
      Value item;
      if (!value(item, depth)) return false;
      out.items.push_back(std::move(item));
      if (!separator(']', more)) return false;
    }
    return true;
  }

  bool digits() {
    const std::size_t start = pos_;
    while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
    return pos_ > start;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and nothing else: no +1, 01, .5, 1., NaN.
  bool number(Value& out) {
    const std::size_t start = pos_;
    if (!at_end() && peek() == '-') ++pos_;
    if (at_end() || peek() < '0' || peek() > '9') return fail(errors::kSyntax);
    if (peek() == '0') {
      ++pos_;
      if (!at_end() && peek() >= '0' && peek() <= '9') return fail(errors::kBadNumber);
    } else {
      digits();
    }
    if (!at_end() && peek() == '.') {
      ++pos_;
      if (!digits()) return fail(errors::kBadNumber);
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      if (!digits()) return fail(errors::kBadNumber);
    }
    const std::size_t length = pos_ - start;
    if (length > kMaxNumberChars) return fail(errors::kBadNumber);
    out.kind = Value::Kind::number;
    out.text.assign(text_.substr(start, length));
    // The grammar was checked above, so all of it converts; only the range can fail.
    out.number = number_value(out.text);
    if (!std::isfinite(out.number)) {
      pos_ = start;
      return fail(errors::kBadNumber);
    }
    return true;
  }

  bool hex4(unsigned& code) {
    if (text_.size() - pos_ < 4) return fail(errors::kBadEscape);
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_];
      unsigned digit = 0;
      if (c >= '0' && c <= '9')
        digit = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        digit = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        digit = static_cast<unsigned>(c - 'A' + 10);
      else
        return fail(errors::kBadEscape);
      code = (code << 4U) | digit;
      ++pos_;
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

  // \uXXXX, with a high surrogate only when a \uXXXX low surrogate follows at once.
  bool unicode_escape(std::string& out) {
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return fail(errors::kLoneSurrogate);
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") return fail(errors::kLoneSurrogate);
      pos_ += 2;
      unsigned low = 0;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail(errors::kLoneSurrogate);
      code = 0x10000 + ((code - 0xD800) << 10U) + (low - 0xDC00);
    }
    put_utf8(out, code);
    return true;
  }

  // One UTF-8 sequence of 2 to 4 bytes, checked as RFC 3629 does: no overlong forms, no
  // surrogates (ED A0..BF), nothing above U+10FFFF, no missing continuation bytes.
  bool utf8_sequence(std::string& out) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the second byte's range
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return fail(errors::kBadUtf8);
    }
    if (text_.size() - pos_ < length) return fail(errors::kBadUtf8);
    if (byte(1) < low || byte(1) > high) return fail(errors::kBadUtf8);
    for (std::size_t i = 2; i < length; ++i) {
      if (byte(i) < 0x80 || byte(i) > 0xBF) return fail(errors::kBadUtf8);
    }
    out.append(text_.substr(pos_, length));
    pos_ += length;
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // the opening quote
    while (true) {
      if (out.size() > limits_.max_string_bytes) return fail(errors::kLongString);
      if (at_end()) return fail(errors::kSyntax);
      const auto c = static_cast<unsigned char>(peek());
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return fail(errors::kControl);
      if (c >= 0x80) {
        if (!utf8_sequence(out)) return false;
        continue;
      }
      ++pos_;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (at_end()) return fail(errors::kBadEscape);
      const char escape = text_[pos_++];
      switch (escape) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u':
          if (!unicode_escape(out)) return false;
          break;
        default: --pos_; return fail(errors::kBadEscape);
      }
    }
  }

  std::string_view text_;
  const Limits& limits_;
  std::size_t pos_ = 0;
  std::size_t values_ = 0;
  std::string_view code_;
  std::size_t error_at_ = 0;
};

}  // namespace

const Value* Value::get(std::string_view key) const {
  if (kind != Kind::object) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

std::string Value::string_at(std::string_view key) const {
  const Value* found = get(key);
  return found && found->kind == Kind::string ? found->text : std::string();
}

double Value::number_at(std::string_view key, double fallback) const {
  const Value* found = get(key);
  return found && found->kind == Kind::number ? found->number : fallback;
}

std::optional<bool> Value::bool_at(std::string_view key) const {
  const Value* found = get(key);
  if (!found || found->kind != Kind::boolean) return std::nullopt;
  return found->boolean;
}

std::optional<std::uint64_t> Value::as_uint64() const {
  if (kind != Kind::number || text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t result = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;  // a sign, a fraction or an exponent
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (result > (UINT64_MAX - digit) / 10) return std::nullopt;
    result = result * 10 + digit;
  }
  return result;
}

Result<Value> parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{std::string(errors::kTooLarge), std::to_string(text.size()) + " bytes"};
  }
  Parser parser(text, limits);
  Value out;
  if (!parser.document(out)) return parser.error();
  return out;
}

ErrorBody read_error_body(std::string_view body) {
  // An error body is small; a large one is not the envelope, and reading it would be waste.
  Limits limits;
  limits.max_bytes = 64 * 1024;
  auto parsed = parse(body, limits);
  if (!parsed) return {};
  const Value* error = parsed.value().get("error");
  if (!error) return {};
  return ErrorBody{error->string_at("code"), error->string_at("message")};
}

}  // namespace aduan::json
