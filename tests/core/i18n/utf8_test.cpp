// Replacing invalid UTF-8 before text is echoed into JSON or HTML: valid text is untouched,
// every invalid byte becomes one U+FFFD, and the result is always valid.
#include "core/i18n/utf8.h"

#include <gtest/gtest.h>

namespace aduan::i18n {
namespace {

TEST(Utf8, ValidTextIsEchoedUnchanged) {
  for (const char* text : {"", "Lacak laporan", "Café ☕ 𝄞", "32.12 \n\t"})
    EXPECT_EQ(replace_invalid_utf8(text), text);
}

TEST(Utf8, EachInvalidByteBecomesOneReplacementCharacter) {
  EXPECT_EQ(replace_invalid_utf8("a\xC3"), "a\xEF\xBF\xBD") << "truncated at the end";
  EXPECT_EQ(replace_invalid_utf8("\xFF\xFEx"), "\xEF\xBF\xBD\xEF\xBF\xBDx");
  EXPECT_EQ(replace_invalid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong";
  EXPECT_EQ(replace_invalid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")
      << "surrogate";
  EXPECT_EQ(replace_invalid_utf8("ok\x80"
                                 "é"),
            "ok\xEF\xBF\xBD"
            "é")
      << "resynchronises after a stray byte";
  for (const char* text : {"a\xC3", "\xFF\xFEx", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"})
    EXPECT_TRUE(is_valid_utf8(replace_invalid_utf8(text))) << text;
}

}  // namespace
}  // namespace aduan::i18n
