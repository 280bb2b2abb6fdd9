// core/sms/sender_number.h: who sent an SMS, whether the server may text them back, and the
// title a report made from an SMS gets.
//
// Owns reading the sender a gateway reports into the one international form the server keys
// its records on (through a keyed hash: core/store/server_schema.cpp v9), and the rule of which
// numbers the server ever sends an SMS to. Does not own parsing phone numbers (that is
// rules::normalize_phone, used here so a number typed in a web form and one reported by a
// gateway always come out the same), nor hashing them, nor sending.
//
// Shape: the portal accepts landlines as contact numbers, because an officer can call them;
// the SMS channel must not text them: a landline shows no text, so a message to one is at best
// refused by the gateway and at worst billed and never read. So can_receive_sms is deliberately
// narrower than normalize_sender: Indonesian mobiles only.
//
// title_from_text lives here too, beside the other thing the server derives for a report that
// came by SMS (its reporter), because an SMS has a body only and a report needs a title.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aduan::sms {

// The sender in international form "+62..." (rules::normalize_phone does the parsing), or
// nullopt. Blanks and line breaks around the number, which some gateways leave, are ignored.
std::optional<std::string> normalize_sender(std::string_view typed);

// True for a plausible Indonesian MOBILE number in international form: "+628" followed by
// 8..11 more digits (mobiles are 08xx with 10..13 digits nationally). Landlines (+6221...) and
// foreign numbers are false: the server never texts them. Only the exact form normalize_sender
// returns is accepted (no spaces, no national 0).
bool can_receive_sms(std::string_view e164);

// A short title from a report text: the first words up to `max_chars` code points (default
// 60), cut on a word boundary when there is one, with "..." when cut; at least 1 character.
// The text is read as parse_command reads it (clean_text in command.h) first. The
// "..." counts towards `max_chars`, so a title always fits a field of that size, except that
// a limit below 4 still gives one character and the "...". Blank text gives "".
std::string title_from_text(std::string_view text, std::size_t max_chars = 60);

}  // namespace aduan::sms
