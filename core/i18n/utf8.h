// core/i18n/utf8.h: the little UTF-8 knowledge the core needs.
//
// Owns strict UTF-8 decoding (validity and code point counts). Does not own normalisation,
// case mapping beyond ASCII, or display width: the UI's font code measures text, and the
// length limits of the rules are counted in code points, which is what a person sees as
// "characters" for the Latin script Bahasa Indonesia uses.
//
// Shape: one decoder loop with a callback, so validity, counting and the rules' control
// character check all agree on what a code point is. Overlong forms, surrogates and values
// above U+10FFFF are invalid (RFC 3629), so a byte string is valid here exactly when a
// browser's TextDecoder in fatal mode would accept it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace aduan::i18n {

// Calls `each(code_point)` for every code point of `text`, in order. Returns false at the
// first invalid sequence (and stops calling).
template <class Each>
bool for_each_code_point(std::string_view text, Each each) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    char32_t cp = 0;
    std::size_t extra = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      cp = lead & 0x1F, extra = 1, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      cp = lead & 0x0F, extra = 2, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      cp = lead & 0x07, extra = 3, minimum = 0x10000;
    } else {
      return false;  // a continuation byte, or 0xF8..0xFF, cannot start a sequence
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    each(cp);
    i += extra + 1;
  }
  return true;
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
