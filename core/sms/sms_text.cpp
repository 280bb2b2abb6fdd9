// core/sms/sms_text.cpp: GSM 03.38 membership, SMS lengths and the one-message cut
// (see sms_text.h).
//
// The tables are the Unicode side of 3GPP TS 23.038 section 6.2.1 (the mapping published as
// GSM0338.TXT): the ASCII characters the default alphabet shares, then the rest as code
// points. Position 0x09 is the capital C with cedilla there; some gateways also send a small
// ç as it, but counting ç as outside GSM-7 only ever costs a shorter message, never one that
// does not fit.
#include "core/sms/sms_text.h"

#include <algorithm>
#include <optional>

#include "core/i18n/utf8.h"

namespace aduan::sms {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr std::string_view kEllipsis = "...";  // 3 units in either encoding

// The default alphabet's characters beyond the printable ASCII it shares.
constexpr std::u32string_view kGsmBasicNonAscii = U"\n\r£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";

// Reached through the escape 0x1B, so each costs two septets.
constexpr std::u32string_view kGsmExtension = U"\f^{}\\[~]|\u20AC";

// Printable ASCII that the default alphabet lacks; '`' has no GSM-7 form at all, the others
// are in the extension table.
constexpr std::string_view kAsciiOutsideBasic = "`[\\]^{|}~";

// Septets for `cp` in GSM-7: 1 in the default alphabet, 2 in the extension table, 0 outside.
int gsm7_septets(char32_t cp) {
  if (cp >= 0x20 && cp < 0x7F) {
    return kAsciiOutsideBasic.find(static_cast<char>(cp)) == std::string_view::npos ? 1
           : cp == U'`'                                                             ? 0
                                                                                    : 2;
  }
  if (kGsmBasicNonAscii.find(cp) != std::u32string_view::npos) return 1;
  return kGsmExtension.find(cp) != std::u32string_view::npos ? 2 : 0;
}

std::size_t utf16_units(char32_t cp) {
  return cp > 0xFFFF ? 2 : 1;
}

// Calls `each(cp, byte_length)` for every character, bad bytes as U+FFFD of length 1; stops
// early when `each` returns false.
template <class Each>
void for_each_character(std::string_view text, Each each) {
  std::size_t at = 0;
  while (at < text.size()) {
    char32_t cp = 0;
    std::size_t length = i18n::decode_one(text, at, cp);
    if (length == 0) cp = kReplacement, length = 1;
    if (!each(cp, length)) return;
    at += length;
  }
}

std::size_t units_of(char32_t cp, SmsEncoding encoding) {
  if (encoding == SmsEncoding::ucs2) return utf16_units(cp);
  return static_cast<std::size_t>(std::max(gsm7_septets(cp), 1));
}

// Bytes of the longest prefix of `text` that costs at most `budget` units in `encoding` and,
// for gsm7, holds only GSM-7 characters (the first other one ends it).
std::size_t prefix_within(std::string_view text, SmsEncoding encoding, std::size_t budget) {
  std::size_t used = 0, bytes = 0;
  for_each_character(text, [&](char32_t cp, std::size_t length) {
    if (encoding == SmsEncoding::gsm7 && gsm7_septets(cp) == 0) return false;
    const std::size_t cost = units_of(cp, encoding);
    if (used + cost > budget) return false;
    used += cost;
    bytes += length;
    return true;
  });
  return bytes;
}

std::string_view drop_trailing_blanks(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r' || text.back() == '\f'))
    text.remove_suffix(1);
  return text;
}

// `head` cut to leave room for "..." and `tail` in `encoding`, or nullopt when the tail does
// not leave room for a single character of it.
std::optional<std::string> cut_in(std::string_view head, std::string_view tail,
                                  SmsEncoding encoding) {
  const std::size_t fixed = sms_units(tail, encoding) + kEllipsis.size();
  const std::size_t limit = single_sms_limit(encoding);
  if (fixed >= limit) return std::nullopt;
  const auto kept =
      drop_trailing_blanks(head.substr(0, prefix_within(head, encoding, limit - fixed)));
  if (kept.empty()) return std::nullopt;
  std::string out(kept);
  out += kEllipsis;
  out += tail;
  return out;
}

}  // namespace

SmsEncoding encoding_for(std::string_view utf8) {
  bool gsm = true;
  for_each_character(utf8, [&](char32_t cp, std::size_t) {
    gsm = gsm7_septets(cp) != 0;
    return gsm;
  });
  return gsm ? SmsEncoding::gsm7 : SmsEncoding::ucs2;
}

std::size_t sms_units(std::string_view utf8, SmsEncoding encoding) {
  std::size_t units = 0;
  for_each_character(utf8, [&](char32_t cp, std::size_t) {
    units += units_of(cp, encoding);
    return true;
  });
  return units;
}

bool fits_one_sms(std::string_view utf8) {
  const SmsEncoding encoding = encoding_for(utf8);
  return sms_units(utf8, encoding) <= single_sms_limit(encoding);
}

std::string fit_one_sms(std::string_view head_in, std::string_view tail_in) {
  // Replaced first, so every cut below is on a valid character and the result is valid UTF-8.
  const std::string head = i18n::replace_invalid_utf8(head_in);
  const std::string tail = i18n::replace_invalid_utf8(tail_in);
  std::string whole = head + tail;
  if (fits_one_sms(whole)) return whole;
  if (!fits_one_sms(tail)) return fit_one_sms(tail);  // the tail is now a head with no tail

  // Both encodings are tried and the cut that keeps more of `head` wins: cutting off the only
  // characters outside GSM-7 may leave a text that keeps 160 septets rather than 70 units.
  // The ucs2 cut always fits its own limit even when what it kept happens to be GSM-7, since
  // 70 units are at most 140 septets.
  std::optional<std::string> best;
  if (encoding_for(tail) == SmsEncoding::gsm7) best = cut_in(head, tail, SmsEncoding::gsm7);
  if (auto ucs2 = cut_in(head, tail, SmsEncoding::ucs2);
      ucs2 && (!best || ucs2->size() > best->size()))
    best = std::move(ucs2);
  return best ? *best : tail;
}

}  // namespace aduan::sms
