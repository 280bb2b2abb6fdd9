// Tests of tracking codes (core/domain/tracking_code.h): the typo guarantees are checked
// exhaustively (every substitution, every transposition) over a sample of codes rather than
// trusted to the algebra in the header comment.
#include "core/domain/tracking_code.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>

namespace aduan::domain {
namespace {

// The 13 symbols of a canonical code, hyphens removed.
std::string symbols_of(const std::string& display) {
  std::string symbols;
  for (char c : display)
    if (c != '-') symbols.push_back(c);
  return symbols;
}

// A reproducible spread of codes: a simple LCG over 60 bits, plus edge patterns.
std::vector<std::string> sample_codes(int count) {
  std::vector<std::string> codes = {tracking_code_from_bits(0),
                                    tracking_code_from_bits((std::uint64_t{1} << 60) - 1),
                                    tracking_code_from_bits(0x0123456789ABCDEull)};
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  while (static_cast<int>(codes.size()) < count) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    codes.push_back(tracking_code_from_bits(state >> 4));
  }
  return codes;
}

TEST(TrackingCode, MadeCodesAreCanonicalAndShaped) {
  for (int i = 0; i < 200; ++i) {
    auto code = make_tracking_code();
    ASSERT_EQ(code.size(), kTrackingDisplayLength) << code;
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code[14], '-');
    EXPECT_TRUE(is_canonical_tracking_code(code)) << code;
    auto normalized = normalize_tracking_code(code);
    ASSERT_TRUE(normalized.ok()) << code;
    EXPECT_EQ(normalized.value(), code);
  }
}

TEST(TrackingCode, RandomCodesDoNotRepeatAndUseEverySymbol) {
  std::set<std::string> seen;
  std::set<char> symbols;
  for (int i = 0; i < 5000; ++i) {
    auto code = make_tracking_code();
    seen.insert(code);
    for (char c : code.substr(0, 14)) symbols.insert(c);
  }
  EXPECT_EQ(seen.size(), 5000u);
  symbols.erase('-');
  // 5000 * 12 draws from 32 symbols: any symbol missing means the bits are not spread.
  EXPECT_EQ(symbols.size(), 32u);
}

TEST(TrackingCode, BitsMapToSymbolsInOrder) {
  EXPECT_EQ(tracking_code_from_bits(0).substr(0, 14), "0000-0000-0000");
  EXPECT_EQ(tracking_code_from_bits(0).back(), '0');  // all-zero data sums to zero
  EXPECT_EQ(tracking_code_from_bits(31).substr(0, 14), "0000-0000-000Z");
  // Bits above the 60 used are ignored.
  EXPECT_EQ(tracking_code_from_bits(std::uint64_t{0xF} << 60), tracking_code_from_bits(0));
}

TEST(TrackingCode, NormalisesCaseLookAlikesAndSeparators) {
  auto code = tracking_code_from_bits(0x0123456789ABCDEull);
  std::string lower;
  for (char c : code) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  EXPECT_EQ(normalize_tracking_code(lower).value(), code);
  EXPECT_EQ(normalize_tracking_code(symbols_of(code)).value(), code);

  std::string spaced;
  for (char c : symbols_of(code)) (spaced += c) += ' ';
  EXPECT_EQ(normalize_tracking_code(" " + spaced + "\t").value(), code);

  // Every 0 typed as O/o and every 1 typed as I/i/L/l is the same code.
  auto zeros = tracking_code_from_bits(0);
  EXPECT_EQ(normalize_tracking_code("OOOO-oooo-0O0o-O").value(), zeros);
  std::uint64_t all_ones = 0;
  for (int i = 0; i < 12; ++i) all_ones = all_ones << 5 | 1;
  auto ones_code = tracking_code_from_bits(all_ones);
  ASSERT_EQ(ones_code.substr(0, 14), "1111-1111-1111");
  std::string typed = "IiLl-1IlL-iI1l-" + ones_code.substr(15);
  EXPECT_EQ(normalize_tracking_code(typed).value(), ones_code);
}

TEST(TrackingCode, ReportsTheKindOfMistake) {
  EXPECT_EQ(normalize_tracking_code("").error().code, "tracking_code.bad_length");
  EXPECT_EQ(normalize_tracking_code("ABCD-EFGH-JKMN").error().code, "tracking_code.bad_length");
  auto code = make_tracking_code();
  EXPECT_EQ(normalize_tracking_code(code + "0").error().code, "tracking_code.bad_length");
  EXPECT_EQ(normalize_tracking_code("ABCD-EFGH-JKMN-U").error().code, "tracking_code.bad_symbol");
  EXPECT_EQ(normalize_tracking_code("ABCD_EFGH_JKMN_P").error().code, "tracking_code.bad_symbol");
  EXPECT_EQ(normalize_tracking_code("ABCD-EFGH-JKMN-\xC3\x98").error().code,
            "tracking_code.bad_symbol");
  EXPECT_FALSE(is_canonical_tracking_code(symbols_of(code)));
  EXPECT_FALSE(is_canonical_tracking_code("abcd-efgh-jkmn-p"));
}

// Exhaustive: every symbol at every position replaced by every other symbol is rejected.
TEST(TrackingCode, CatchesEverySingleSubstitution) {
  int checked = 0;
  for (const auto& code : sample_codes(300)) {
    auto symbols = symbols_of(code);
    for (std::size_t pos = 0; pos < kTrackingSymbols; ++pos) {
      for (char replacement : kTrackingAlphabet) {
        if (replacement == symbols[pos]) continue;
        auto typo = symbols;
        typo[pos] = replacement;
        auto result = normalize_tracking_code(typo);
        ASSERT_FALSE(result.ok()) << code << " -> " << typo;
        ASSERT_EQ(result.error().code, "tracking_code.bad_check");
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 300 * 13 * 31);
}

// Exhaustive: every swap of two different symbols is rejected, adjacent or not (across the
// hyphens too, since a reader skips them), and so is every "twin" error aa -> bb.
TEST(TrackingCode, CatchesEveryTransposition) {
  int adjacent = 0;
  for (const auto& code : sample_codes(300)) {
    auto symbols = symbols_of(code);
    for (std::size_t i = 0; i < kTrackingSymbols; ++i) {
      for (std::size_t j = i + 1; j < kTrackingSymbols; ++j) {
        if (symbols[i] == symbols[j]) continue;
        auto typo = symbols;
        std::swap(typo[i], typo[j]);
        ASSERT_FALSE(normalize_tracking_code(typo).ok()) << code << " -> " << typo;
        if (j == i + 1) ++adjacent;
      }
    }
  }
  EXPECT_GT(adjacent, 300 * 11);  // nearly all of the 12 adjacent pairs differ
}

TEST(TrackingCode, CatchesTwinErrors) {
  for (const auto& code : sample_codes(100)) {
    auto symbols = symbols_of(code);
    for (std::size_t i = 0; i + 1 < kTrackingSymbols; ++i) {
      if (symbols[i] != symbols[i + 1]) continue;
      for (char other : kTrackingAlphabet) {
        if (other == symbols[i]) continue;
        auto typo = symbols;
        typo[i] = typo[i + 1] = other;
        ASSERT_FALSE(normalize_tracking_code(typo).ok()) << code << " -> " << typo;
      }
    }
  }
}

TEST(TrackingCode, CheckSymbolMatchesTheMadeCode) {
  std::uint8_t values[kTrackingDataSymbols] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::uint64_t bits = 0;
  for (auto v : values) bits = bits << 5 | v;
  EXPECT_EQ(tracking_check_symbol(values), tracking_code_from_bits(bits).back());
}

}  // namespace
}  // namespace aduan::domain
