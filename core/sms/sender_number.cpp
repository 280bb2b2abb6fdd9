// core/sms/sender_number.cpp: senders' numbers and titles from SMS text (see sender_number.h).
//
// No phone parsing of its own: normalize_sender is rules::normalize_phone after the trimming
// gateways need, so the server's keyed hash of a number is the same whether the number came in
// a web form's contact field or as an SMS sender. can_receive_sms then only checks the shape of
// that one output form, which is why it can be a short loop over digits.
#include "core/sms/sender_number.h"

#include <algorithm>

#include "core/i18n/utf8.h"
#include "core/rules/contact_rules.h"
#include "core/sms/command.h"

namespace aduan::sms {
namespace {

constexpr std::string_view kMobilePrefix = "+628";
// 08xx numbers have 10..13 digits nationally: "8" and then 8..11 digits after the 0 and the 8.
constexpr std::size_t kMobileMinDigitsAfterPrefix = 8;
constexpr std::size_t kMobileMaxDigitsAfterPrefix = 11;
constexpr std::string_view kEllipsis = "...";
constexpr std::string_view kWordEnders = ",;:.!?";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_gateway_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Bytes taken by the first `count` code points of valid UTF-8 `text` (all of it if shorter).
std::size_t bytes_of_first(std::string_view text, std::size_t count) {
  std::size_t at = 0;
  for (std::size_t n = 0; n < count && at < text.size(); ++n) {
    char32_t cp = 0;
    const std::size_t length = i18n::decode_one(text, at, cp);
    at += length == 0 ? 1 : length;  // not reached for clean_text's output; never loops forever
  }
  return at;
}

// What is left of a cut title once a dangling separator is gone ("Jalan rusak, ..." reads
// worse than "Jalan rusak...").
std::string_view drop_trailing_separators(std::string_view text) {
  while (!text.empty() && std::string_view(" ,;:-.").find(text.back()) != std::string_view::npos)
    text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> normalize_sender(std::string_view typed) {
  while (!typed.empty() && is_gateway_blank(typed.front())) typed.remove_prefix(1);
  while (!typed.empty() && is_gateway_blank(typed.back())) typed.remove_suffix(1);
  return rules::normalize_phone(typed);
}

bool can_receive_sms(std::string_view e164) {
  if (!e164.starts_with(kMobilePrefix)) return false;
  const std::string_view rest = e164.substr(kMobilePrefix.size());
  return rest.size() >= kMobileMinDigitsAfterPrefix && rest.size() <= kMobileMaxDigitsAfterPrefix &&
         std::all_of(rest.begin(), rest.end(), is_digit);
}

std::string title_from_text(std::string_view text, std::size_t max_chars) {
  std::string clean = clean_text(text);
  if (clean.empty()) return {};
  const std::size_t length = i18n::count_code_points(clean).value_or(clean.size());
  if (length <= std::max<std::size_t>(max_chars, 1)) return clean;

  // Room for the "..." inside the limit, but never less than one character of the text.
  const std::size_t budget = max_chars > kEllipsis.size() ? max_chars - kEllipsis.size() : 1;
  const std::size_t cut = bytes_of_first(clean, budget);
  std::string_view kept(clean.data(), cut);
  // On a word boundary when the cut is not already at one (a word followed only by the
  // punctuation that ends it, as "rusak," is one): else at the last space before the cut.
  const std::string_view after = std::string_view(clean).substr(cut);
  const std::string_view rest_of_word = after.substr(0, after.find(' '));
  if (rest_of_word.find_first_not_of(kWordEnders) != std::string_view::npos) {
    const auto space = kept.rfind(' ');
    if (space != std::string_view::npos) kept = kept.substr(0, space);
  }
  kept = drop_trailing_separators(kept);
  // A first word too long for the budget, or one made of separators only: cut inside it.
  if (kept.empty()) kept = std::string_view(clean.data(), cut);
  return std::string(kept) + std::string(kEllipsis);
}

}  // namespace aduan::sms
