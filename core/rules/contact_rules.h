// core/rules/contact_rules.h: is a phone number or e-mail address plausible enough to use?
//
// Owns the plausibility checks for how a reporter can be reached. Does not own proving that a
// number or address works (only an SMS or a mail would), or deciding when contact is needed
// (report_rules.h: never required, not even for anonymous reports).
//
// Shape: deliberately lenient on punctuation, strict on digits. People write
// "0812-3456-7890", "+62 812 3456 7890", "(021) 5551234" or "62812..."; all are accepted.
// Indonesian numbers only, as the service's SMS channel is national:
//   national form: 0, a nonzero digit, then more digits: 9..13 digits in all (landlines such
//                  as 021-5551234 have 9..11, mobiles 08xx have 10..13);
//   international: +62 or 62, then the national number without its leading 0 (8..12 digits).
// E-mail: one '@', a local part of 1..64 printable ASCII characters without spaces, and a
// domain of dot-separated labels (letters, digits, inner hyphens) ending in a 2+ letter TLD;
// 254 characters at most (RFC 5321). Internationalised addresses are rare here and rejected.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aduan::rules {

// The number in international form ("+6281234567890"), or nullopt when it is not plausible.
std::optional<std::string> normalize_phone(std::string_view typed);

inline bool is_plausible_phone(std::string_view typed) {
  return normalize_phone(typed).has_value();
}

bool is_plausible_email(std::string_view typed);

}  // namespace aduan::rules
