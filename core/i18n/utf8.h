// core/i18n/utf8.h: the little UTF-8 knowledge the core needs.
//
// Owns strict UTF-8 decoding (validity, code point counts, and replacing what is invalid). Does not
// own normalisation, case mapping beyond ASCII, or display width: the UI's font code measures text,
// and the length limits of the rules are counted in code points, which is what a person sees as
// "characters" for the Latin script Bahasa Indonesia uses.
//
// Shape: one decoder loop with a callback, so validity, counting and the rules' control
// character check all agree on what a code point is. Overlong forms, surrogates and values
// above U+10FFFF are invalid (RFC 3629), so a byte string is valid here exactly when a
// browser's TextDecoder in fatal mode would accept it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aduan::i18n {

// The length (1-4) of the valid sequence that starts at text[at], with its code point in
// `cp`; 0 when the bytes there are not one.
inline std::size_t decode_one(std::string_view text, std::size_t at, char32_t& cp) {
  auto lead = static_cast<unsigned char>(text[at]);
  std::size_t extra = 0;
  char32_t minimum = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    cp = lead & 0x1F, extra = 1, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    cp = lead & 0x0F, extra = 2, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    cp = lead & 0x07, extra = 3, minimum = 0x10000;
  } else {
    return 0;  // a continuation byte, or 0xF8..0xFF, cannot start a sequence
  }
  if (at + extra >= text.size()) return 0;  // truncated sequence
  for (std::size_t k = 1; k <= extra; ++k) {
    auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return extra + 1;
}

// Calls `each(code_point)` for every code point of `text`, in order. Returns false at the
// first invalid sequence (and stops calling).
template <class Each>
bool for_each_code_point(std::string_view text, Each each) {
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t length = decode_one(text, i, cp);
    if (length == 0) return false;
    each(cp);
    i += length;
  }
  return true;
}

// `text` with every byte that does not begin a valid sequence replaced by U+FFFD, so text that
// came from outside (a path, a query, an id a client sent) can be echoed into JSON or HTML,
// which must be valid UTF-8. Valid text comes back unchanged.
inline std::string replace_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t length = decode_one(text, i, cp);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

inline bool is_valid_utf8(std::string_view text) {
  return for_each_code_point(text, [](char32_t) {});
}

// The number of code points, or nullopt when `text` is not valid UTF-8.
inline std::optional<std::size_t> count_code_points(std::string_view text) {
  std::size_t count = 0;
  if (!for_each_code_point(text, [&](char32_t) { ++count; })) return std::nullopt;
  return count;
}

}  // namespace aduan::i18n
