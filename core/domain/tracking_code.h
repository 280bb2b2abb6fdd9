// core/domain/tracking_code.h: the code a citizen writes down to follow a report.
//
// Owns making tracking codes on the device (offline, no server round trip), checking them and
// turning whatever a person typed into the one canonical form. Does not own looking a code up
// (core/store, the server) or showing it (shell/portal).
//
// Shape: 12 random Crockford base32 symbols (60 bits) and one check symbol from the same 32
// symbols, shown as XXXX-XXXX-XXXX-C. Codes are read aloud over the phone, copied from paper
// receipts and typed on soft keyboards, so:
//  - input is case-insensitive; O reads as 0 and I/L read as 1; spaces and hyphens are ignored;
//  - the check symbol is sum(w_i * v_i) over GF(32) with 13 distinct nonzero weights (the check
//    symbol's own weight is 1). A substitution at position i changes the sum by w_i * e != 0,
//    and swapping two different symbols a, b at positions i, j changes it by
//    (w_i - w_j)(a - b) != 0, so EVERY single substitution and EVERY transposition (adjacent or
//    not) is caught, which a mod-37 check cannot promise over a 32-symbol alphabet.
// 60 bits keep the chance of two devices ever making the same code negligible (about 1e-6 after
// 1.8 million codes, the national yearly target), and the server rejects a clash anyway.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/domain/result.h"

namespace aduan::domain {

// The 32 symbols, in value order (Crockford base32 without its extra check symbols *~$=U).
inline constexpr std::string_view kTrackingAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kTrackingDataSymbols = 12;
inline constexpr std::size_t kTrackingSymbols = kTrackingDataSymbols + 1;  // with the check
// "XXXX-XXXX-XXXX-C": 13 symbols and 3 hyphens.
inline constexpr std::size_t kTrackingDisplayLength = kTrackingSymbols + 3;

// A fresh code in canonical display form, from 60 bits of aduan::domain::random_bytes.
std::string make_tracking_code();

// The code for the given 60 bits (higher bits are ignored). For tests and tools that need
// reproducible codes; make_tracking_code() is this with random bits.
std::string tracking_code_from_bits(std::uint64_t bits);

// The check symbol for 12 data symbols given as alphabet values 0..31 (each must be < 32).
char tracking_check_symbol(const std::uint8_t (&values)[kTrackingDataSymbols]);

// Accepts what a person typed and returns the canonical display form, or an Error with code
//   "tracking_code.bad_symbol" a character that is not a symbol, space or hyphen (checked first,
//                              so the message can point at the character);
//   "tracking_code.bad_length" not 13 symbols once separators are dropped;
//   "tracking_code.bad_check"  the check symbol does not match: a typo somewhere.
Result<std::string> normalize_tracking_code(std::string_view typed);

// True when `text` is already exactly the canonical display form with a valid check symbol.
bool is_canonical_tracking_code(std::string_view text);

}  // namespace aduan::domain
