// core/domain/tracking_code.cpp: making, checking and normalising tracking codes.
//
// The arithmetic is GF(32) = GF(2)[x] / (x^5 + x^2 + 1). That polynomial is primitive, so
// alpha = x has order 31 and alpha^0 .. alpha^12 are 13 distinct nonzero weights. Addition in
// GF(2^5) is XOR, so "sum of w_i * v_i over all 13 symbols == 0" both defines the check symbol
// (its weight is alpha^0 = 1, so it equals the weighted sum of the 12 data symbols) and checks
// a whole code. Why that catches every substitution and transposition is in tracking_code.h.
#include "core/domain/tracking_code.h"

#include <array>

#include "core/domain/report.h"

namespace aduan::domain {
namespace {

constexpr std::uint8_t kReducer = 0x25;  // x^5 + x^2 + 1

constexpr std::uint8_t gf32_multiply(std::uint8_t a, std::uint8_t b) {
  std::uint8_t product = 0;
  for (int bit = 0; bit < 5; ++bit) {
    if (b & (1u << bit)) product ^= a;
    a = static_cast<std::uint8_t>(a << 1);
    if (a & 0x20) a ^= kReducer;
  }
  return product;
}

// weight[i] = alpha^(12 - i): the check symbol (i = 12) gets weight 1.
constexpr std::array<std::uint8_t, kTrackingSymbols> make_weights() {
  std::array<std::uint8_t, kTrackingSymbols> weights{};
  std::uint8_t power = 1;
  for (std::size_t i = kTrackingSymbols; i-- > 0;) {
    weights[i] = power;
    power = gf32_multiply(power, 2);
  }
  return weights;
}

constexpr auto kWeights = make_weights();

// Value 0..31 of a symbol, after folding case and look-alikes; -1 when it is not a symbol.
int symbol_value(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  auto at = kTrackingAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

bool is_separator(char c) { return c == '-' || c == ' ' || c == '\t'; }

std::uint8_t weighted_sum(const std::uint8_t* values, std::size_t count) {
  std::uint8_t sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum ^= gf32_multiply(kWeights[i], values[i]);
  return sum;
}

std::string display_form(const std::array<std::uint8_t, kTrackingSymbols>& values) {
  std::string text;
  text.reserve(kTrackingDisplayLength);
  for (std::size_t i = 0; i < kTrackingSymbols; ++i) {
    if (i > 0 && i % 4 == 0) text.push_back('-');
    text.push_back(kTrackingAlphabet[values[i]]);
  }
  return text;
}

}  // namespace

char tracking_check_symbol(const std::uint8_t (&values)[kTrackingDataSymbols]) {
  return kTrackingAlphabet[weighted_sum(values, kTrackingDataSymbols) & 31];
}

std::string tracking_code_from_bits(std::uint64_t bits) {
  std::array<std::uint8_t, kTrackingSymbols> values{};
  for (std::size_t i = kTrackingDataSymbols; i-- > 0;) {
    values[i] = static_cast<std::uint8_t>(bits & 31);
    bits >>= 5;
  }
  values[kTrackingDataSymbols] = weighted_sum(values.data(), kTrackingDataSymbols);
  return display_form(values);
}

std::string make_tracking_code() {
  std::uint8_t bytes[8] = {};
  random_bytes(bytes, sizeof bytes);
  std::uint64_t bits = 0;
  for (auto byte : bytes) bits = bits << 8 | byte;
  return tracking_code_from_bits(bits);
}

Result<std::string> normalize_tracking_code(std::string_view typed) {
  std::array<std::uint8_t, kTrackingSymbols> values{};
  std::size_t count = 0;
  for (std::size_t at = 0; at < typed.size(); ++at) {
    char c = typed[at];
    if (is_separator(c)) continue;
    int value = symbol_value(c);
    if (value < 0) {
      return Error{"tracking_code.bad_symbol",
                   "character " + std::to_string(at + 1) + " is not a tracking code symbol"};
    }
    // Keep counting past 13 so the length error can say how many symbols there were.
    if (count < kTrackingSymbols) values[count] = static_cast<std::uint8_t>(value);
    ++count;
  }
  if (count != kTrackingSymbols) {
    return Error{"tracking_code.bad_length", "expected 13 symbols, got " + std::to_string(count)};
  }
  if (weighted_sum(values.data(), kTrackingSymbols) != 0) {
    return Error{"tracking_code.bad_check", "check symbol does not match; a symbol is mistyped"};
  }
  return display_form(values);
}

bool is_canonical_tracking_code(std::string_view text) {
  if (text.size() != kTrackingDisplayLength) return false;
  auto normalized = normalize_tracking_code(text);
  return normalized.ok() && normalized.value() == text;
}

}  // namespace aduan::domain
