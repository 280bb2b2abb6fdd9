// core/sms/sms_text.h: how long a text is as an SMS, and making a reply fit in one.
//
// Owns the GSM 03.38 character knowledge (3GPP TS 23.038: the default alphabet and its
// extension table), counting a text in the units a network bills, and cutting a reply to one
// message. Does not own what a reply says (the server's message catalog) nor sending it (the
// gateway), and knows nothing of national language shift tables: gateways rarely offer them,
// and Bahasa Indonesia needs none, as it is written in plain Latin letters.
//
// Shape: every reply the server sends is one SMS, never a concatenated one. A multipart SMS
// costs the citizen's operator per part, arrives out of order or partly on cheap phones, and
// loses 7 septets (or 3 UTF-16 units) per part to its header. So a reply is a `head` (the
// message, cut when it must be) and a `tail` that is never cut (the tracking code, which is
// the one thing the citizen needs to keep). GSM-7 gives 160 characters, but one character
// outside it (an emoji, an "ã") turns the whole message into UCS-2 and 70, so the encoding is
// chosen for the text as a whole and the cut is measured in that encoding's units.
//
// Text that is not valid UTF-8 is read with U+FFFD for each bad byte (which is not GSM-7), so
// every function here is total, and everything fit_one_sms returns is valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aduan::sms {

enum class SmsEncoding { gsm7, ucs2 };

inline constexpr std::size_t kGsm7SingleSms = 160;  // septets in one 140-byte SMS
inline constexpr std::size_t kUcs2SingleSms = 70;   // UTF-16 code units in one 140-byte SMS

// GSM 03.38 default alphabet plus its extension table (^{}\[~]|€ and form feed count 2
// septets). gsm7 when every character of `utf8` is in one of them, else ucs2. The empty text
// is gsm7.
SmsEncoding encoding_for(std::string_view utf8);

// Length in the units of the encoding: septets for gsm7 (extension chars count 2), UTF-16 code
// units for ucs2 (astral code points count 2). Asked for gsm7, a character outside GSM-7
// counts 1, as a gateway that forced GSM-7 would send "?" in its place.
std::size_t sms_units(std::string_view utf8, SmsEncoding encoding);

// 160 for gsm7, 70 for ucs2.
inline constexpr std::size_t single_sms_limit(SmsEncoding encoding) {
  return encoding == SmsEncoding::gsm7 ? kGsm7SingleSms : kUcs2SingleSms;
}

// Whether `utf8` goes out as one SMS in the encoding it needs.
bool fits_one_sms(std::string_view utf8);

// One SMS from `head` + `tail`: `tail` (e.g. " Kode: ABCD-EFGH-JKMN-P") is always kept whole;
// `head` is cut on a whole character (never inside a UTF-8 sequence), trailing spaces dropped,
// and "..." appended when cut, so the whole fits one SMS: 160 septets when head+tail are all
// GSM-7, otherwise 70 UTF-16 units. If tail alone does not fit, tail is cut the same way (head
// dropped). The result is valid UTF-8.
//
// When the only characters outside GSM-7 are in the part of `head` that is cut off, the rest
// is measured as GSM-7, so it keeps up to 160 septets rather than 70 units. When not even one
// character of `head` fits before the "...", the result is `tail` alone.
std::string fit_one_sms(std::string_view head, std::string_view tail = {});

}  // namespace aduan::sms
