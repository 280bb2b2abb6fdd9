// core/rules/text_rules.h: the shape of every string Aduan stores: free text and hex fields.
//
// Owns the checks one stored string gets on its own: free text (valid UTF-8, no control
// characters, a length in code points) and hex fields (exact length, lowercase digits only).
// report_rules.h applies them to a report's fields; the server applies them to what officers
// and operators type (action notes, agency names, usernames) before anything is stored, so
// invalid UTF-8 is never stored and so never echoed. Does not own which field has which bounds
// (the callers' constants) or how a problem is shown (message keys, core/i18n).
#pragma once

#include <cstddef>
#include <string_view>

namespace aduan::rules {

enum class TextProblem { none, bad_text, required, too_short, too_long };

struct TextLimits {
  std::size_t min_chars = 0;  // after trimming blanks at both ends
  std::size_t max_chars = 0;
  bool multiline = false;  // newline and tab allowed; every other control character never is
  bool required = false;   // an empty (or all blank) value is a problem
};

// The first problem of `value`, in this order: not valid UTF-8 or a control character
// (C0, DEL, C1), then required, too short, too long.
TextProblem check_text(std::string_view value, TextLimits limits);

// "bad_text", "required", "too_short", "too_long" ("" for none): the last part of a message key.
std::string_view problem_suffix(TextProblem problem);

// Exactly `digits` characters, each 0-9 or a-f: the canonical form of every hex id, secret and
// SHA-256 Aduan makes (random_hex and sha256_hex write lowercase).
bool is_lowercase_hex(std::string_view text, std::size_t digits);

// Action notes (an agency's answer, a reason, a citizen's reply or comment): as long as a
// report's body may be, and multi-line like it.
inline constexpr TextLimits kNoteLimits{0, 5000, true, false};
// A person's or an agency's name, a username: one line of readable text.
inline constexpr TextLimits kAgencyNameLimits{1, 200, false, true};
inline constexpr TextLimits kUsernameLimits{1, 64, false, true};

}  // namespace aduan::rules
