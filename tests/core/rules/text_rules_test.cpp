// The checks every stored string gets (text_rules.h): free text by UTF-8, control characters
// and length in code points; hex fields by exact length and lowercase digits.
#include "core/rules/text_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace aduan::rules {
namespace {

TEST(TextRules, ANoteIsMultiLineUtf8OfAtMost5000CodePoints) {
  EXPECT_EQ(check_text("", kNoteLimits), TextProblem::none)
      << "a note is optional where the action allows";
  EXPECT_EQ(check_text("Perbaikan dijadwalkan.\n\tTim tiba Senin.", kNoteLimits),
            TextProblem::none);
  std::string longest;
  for (int i = 0; i < 5000; ++i) longest += "é";  // 5000 code points, 10000 bytes
  EXPECT_EQ(check_text(longest, kNoteLimits), TextProblem::none)
      << "counted in code points, not bytes";
  EXPECT_EQ(check_text(longest + "x", kNoteLimits), TextProblem::too_long);
  EXPECT_EQ(check_text("selesai \xC3", kNoteLimits), TextProblem::bad_text) << "truncated sequence";
  EXPECT_EQ(check_text("selesai \xED\xA0\x80", kNoteLimits), TextProblem::bad_text)
      << "a surrogate";
  EXPECT_EQ(check_text("selesai \xC0\xAF", kNoteLimits), TextProblem::bad_text)
      << "an overlong '/'";
  EXPECT_EQ(check_text(std::string("sel\0esai", 8), kNoteLimits), TextProblem::bad_text);
  EXPECT_EQ(check_text("selesai\r\n", kNoteLimits), TextProblem::bad_text) << "carriage return";
  EXPECT_EQ(check_text("selesai \x1b[31m", kNoteLimits), TextProblem::bad_text)
      << "terminal escape";
}

TEST(TextRules, AnAgencyNameIsOneReadableLine) {
  EXPECT_EQ(check_text("Dinas Kesehatan Kab. Indramayu", kAgencyNameLimits), TextProblem::none);
  EXPECT_EQ(check_text("=HYPERLINK(\"http://x\")", kAgencyNameLimits), TextProblem::none)
      << "formula-like text is fine to store; the CSV neutralises it on the way out";
  EXPECT_EQ(check_text("", kAgencyNameLimits), TextProblem::required);
  EXPECT_EQ(check_text("   ", kAgencyNameLimits), TextProblem::required);
  EXPECT_EQ(check_text("Dinas\nKesehatan", kAgencyNameLimits), TextProblem::bad_text);
  EXPECT_EQ(check_text("Dinas\tKesehatan", kAgencyNameLimits), TextProblem::bad_text);
  EXPECT_EQ(check_text("Dinas \xC2\x85 Kesehatan", kAgencyNameLimits), TextProblem::bad_text)
      << "C1 control";
  EXPECT_EQ(check_text("Dinas \x7f", kAgencyNameLimits), TextProblem::bad_text) << "DEL";
  EXPECT_EQ(check_text(std::string(201, 'a'), kAgencyNameLimits), TextProblem::too_long);
  EXPECT_EQ(problem_suffix(TextProblem::bad_text), "bad_text");
}

TEST(TextRules, HexFieldsAreExactLengthAndLowercase) {
  EXPECT_TRUE(is_lowercase_hex("00112233445566778899aabbccddeeff", 32));
  EXPECT_FALSE(is_lowercase_hex("00112233445566778899aabbccddeef", 32));
  EXPECT_FALSE(is_lowercase_hex("00112233445566778899aabbccddeeff0", 32));
  EXPECT_FALSE(is_lowercase_hex("00112233445566778899AABBCCDDEEFF", 32));
  EXPECT_FALSE(is_lowercase_hex("00112233445566778899aabbccddeefg", 32));
  EXPECT_FALSE(is_lowercase_hex(std::string("0011223344556677\0"
                                            "899aabbccddeeff",
                                            32),
                                32));
  EXPECT_TRUE(is_lowercase_hex("", 0));
}

}  // namespace
}  // namespace aduan::rules
