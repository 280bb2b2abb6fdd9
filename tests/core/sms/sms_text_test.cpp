// Tests of SMS lengths and the one-message cut (core/sms/sms_text.h): which characters are
// GSM-7 and at what cost, the exact 160/70 boundaries (one character more must cut, and the
// cut must keep as much as fits, not merely something that fits), a tail that is never cut,
// and, over many random mixes of one-, two-, three- and four-byte characters, that a result is
// always valid UTF-8 that fits one SMS in its own encoding.
#include "core/sms/sms_text.h"

#include <gtest/gtest.h>

#include <string>

#include "core/i18n/utf8.h"

namespace aduan::sms {
namespace {

constexpr std::string_view kTail = " Kode: 28T5-CY4T-QKFF-4";  // 23 characters, all GSM-7
const std::string kEmoji = "\xF0\x9F\x98\xA0";                 // U+1F620, astral
const std::string kEuro = "\xE2\x82\xAC";                      // GSM-7 extension: 2 septets
const std::string kATilde = "\xC3\xA3";                        // ã: not GSM-7

std::string repeat(std::string_view piece, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += piece;
  return out;
}

TEST(SmsEncoding, Gsm7CoversTheDefaultAlphabetAndItsExtension) {
  for (const char* text :
       {"", "Laporan diterima. Kode: 28T5-CY4T-QKFF-4", "@$_!\"#%&'()*+,-./:;<=>?",
        "\xC3\xA9\xC3\xA8\xC3\xB9\xC3\xAC\xC3\xB2\xC3\x87\xC3\x89",  // éèùìòÇÉ
        "\xC2\xA3\xC2\xA5\xC2\xA4\xC2\xA1\xC2\xBF\xC2\xA7",          // £¥¤¡¿§
        "\xC3\x84\xC3\x96\xC3\x91\xC3\x9C\xC3\xA4\xC3\xB6\xC3\xB1\xC3\xBC\xC3"
        "\xA0",                                                      // ÄÖÑÜäöñüà
        "\xC3\x98\xC3\xB8\xC3\x85\xC3\xA5\xC3\x86\xC3\xA6\xC3\x9F",  // ØøÅåÆæß
        "\xCE\x94\xCE\xA6\xCE\x93\xCE\x9B\xCE\xA9\xCE\xA0\xCE\xA8\xCE\xA3\xCE"
        "\x98\xCE\x9E",  // ΔΦΓΛΩΠΨΣΘΞ
        "line\nbreak\r\n", "^{}\\[~]|", "\f", "\xE2\x82\xAC 5.000"})
    EXPECT_EQ(encoding_for(text), SmsEncoding::gsm7) << text;
}

TEST(SmsEncoding, AnythingElseNeedsUcs2) {
  for (const char* text : {
           "\xC3\xA3",          // ã
           "\xC3\xA7",          // ç: the table's cedilla is the capital one
           "`",                 // the one printable ASCII character with no GSM-7 form
           "a\tb",              // tab
           "\xCE\xB4",          // δ: only capital Greek letters are GSM-7
           "\xE2\x80\xA6",      // … (a phone's autocorrect puts it in)
           "\xE2\x80\x99",      // ’
           "\xC2\xA0",          // no-break space
           "\xF0\x9F\x98\xA0",  // emoji
           "ok\xFF",            // a bad byte reads as U+FFFD
       })
    EXPECT_EQ(encoding_for(text), SmsEncoding::ucs2) << text;
  EXPECT_EQ(encoding_for("Laporan diterima " + kATilde), SmsEncoding::ucs2);
}

TEST(SmsUnits, CountsSeptetsOrUtf16Units) {
  EXPECT_EQ(sms_units("", SmsEncoding::gsm7), 0u);
  EXPECT_EQ(sms_units("abc", SmsEncoding::gsm7), 3u);
  EXPECT_EQ(sms_units("\xC3\xA9", SmsEncoding::gsm7), 1u);  // é: one septet, two bytes
  EXPECT_EQ(sms_units(kEuro, SmsEncoding::gsm7), 2u);
  EXPECT_EQ(sms_units("^{}\\[~]|\f", SmsEncoding::gsm7), 18u);
  EXPECT_EQ(sms_units("a" + kEuro + "b", SmsEncoding::gsm7), 4u);
  EXPECT_EQ(sms_units(kATilde, SmsEncoding::gsm7), 1u);  // as the "?" a gateway would send
  EXPECT_EQ(sms_units("abc", SmsEncoding::ucs2), 3u);
  EXPECT_EQ(sms_units(kEuro, SmsEncoding::ucs2), 1u);
  EXPECT_EQ(sms_units(kATilde, SmsEncoding::ucs2), 1u);
  EXPECT_EQ(sms_units(kEmoji, SmsEncoding::ucs2), 2u);
  EXPECT_EQ(sms_units("a" + kEmoji + "b", SmsEncoding::ucs2), 4u);
  EXPECT_EQ(sms_units("\xE4\xBD\xA0", SmsEncoding::ucs2), 1u);  // a three-byte BMP character
  EXPECT_EQ(sms_units("\xFF\xFE", SmsEncoding::ucs2), 2u);      // two bad bytes, two U+FFFD
  EXPECT_EQ(single_sms_limit(SmsEncoding::gsm7), 160u);
  EXPECT_EQ(single_sms_limit(SmsEncoding::ucs2), 70u);
}

TEST(FitsOneSms, BoundariesOfBothEncodings) {
  EXPECT_TRUE(fits_one_sms(std::string(160, 'a')));
  EXPECT_FALSE(fits_one_sms(std::string(161, 'a')));
  EXPECT_TRUE(fits_one_sms(repeat(kEuro, 80)));
  EXPECT_FALSE(fits_one_sms(std::string(159, 'a') + kEuro));
  EXPECT_TRUE(fits_one_sms(repeat(kATilde, 70)));
  EXPECT_FALSE(fits_one_sms(repeat(kATilde, 71)));
  EXPECT_FALSE(fits_one_sms(std::string(69, 'a') + kATilde + "a"));
  EXPECT_TRUE(fits_one_sms(repeat(kEmoji, 35)));
  EXPECT_FALSE(fits_one_sms(std::string(69, 'a') + kEmoji));
}

TEST(FitOneSms, TextThatFitsIsUnchanged) {
  EXPECT_EQ(fit_one_sms(""), "");
  EXPECT_EQ(fit_one_sms("Laporan diterima.", kTail), "Laporan diterima. Kode: 28T5-CY4T-QKFF-4");
  EXPECT_EQ(fit_one_sms(std::string(160, 'a')), std::string(160, 'a'));
  EXPECT_EQ(fit_one_sms(std::string(137, 'a'), kTail), std::string(137, 'a') + std::string(kTail));
  EXPECT_EQ(fit_one_sms(repeat(kEuro, 80)), repeat(kEuro, 80));
  EXPECT_EQ(fit_one_sms(repeat(kATilde, 70)), repeat(kATilde, 70));
  EXPECT_EQ(fit_one_sms(repeat(kEmoji, 35)), repeat(kEmoji, 35));
  EXPECT_EQ(fit_one_sms(repeat(kATilde, 47), kTail), repeat(kATilde, 47) + std::string(kTail));
}

TEST(FitOneSms, Gsm7CutKeepsAllThatFits) {
  EXPECT_EQ(fit_one_sms(std::string(161, 'a')), std::string(157, 'a') + "...");
  EXPECT_EQ(fit_one_sms(std::string(138, 'a'), kTail),
            std::string(134, 'a') + "..." + std::string(kTail));
  EXPECT_EQ(fit_one_sms(std::string(500, 'a'), kTail),
            std::string(134, 'a') + "..." + std::string(kTail));
  // Extension characters count two: 78 of them and "..." are 159 septets, 79 would be 161.
  EXPECT_EQ(fit_one_sms(repeat(kEuro, 81)), repeat(kEuro, 78) + "...");
  // One septet left is not enough for a two-septet character.
  EXPECT_EQ(fit_one_sms(std::string(156, 'a') + kEuro + "bbbb"), std::string(156, 'a') + "...");
  EXPECT_EQ(fit_one_sms(std::string(155, 'a') + kEuro + "bbbb"),
            std::string(155, 'a') + kEuro + "...");
}

TEST(FitOneSms, Ucs2CutKeepsAllThatFitsAndNeverSplitsACharacter) {
  EXPECT_EQ(fit_one_sms(repeat(kATilde, 71)), repeat(kATilde, 67) + "...");
  EXPECT_EQ(fit_one_sms(repeat(kATilde, 71), kTail),
            repeat(kATilde, 44) + "..." + std::string(kTail));
  // Emoji are two units each: 33 and "..." are 69 units, 34 would be 71.
  EXPECT_EQ(fit_one_sms(repeat(kEmoji, 36)), repeat(kEmoji, 33) + "...");
  // One unit left is not enough for half a surrogate pair.
  EXPECT_EQ(fit_one_sms(kATilde + std::string(65, 'a') + kEmoji + "bbb"),
            kATilde + std::string(65, 'a') + "...");
  EXPECT_EQ(fit_one_sms(kATilde + std::string(64, 'a') + kEmoji + "bbbb"),
            kATilde + std::string(64, 'a') + kEmoji + "...");
  // A non-GSM tail makes the whole message UCS-2.
  const std::string tail = " Kode " + kATilde;
  EXPECT_EQ(fit_one_sms(std::string(100, 'a'), tail), std::string(60, 'a') + "..." + tail);
}

TEST(FitOneSms, CuttingOffTheOnlyNonGsmCharacterKeeps160) {
  // The "ã" makes the whole text UCS-2, but it is past what fits: the rest goes as GSM-7.
  const std::string head = std::string(150, 'a') + kATilde + std::string(20, 'a');
  const std::string fitted = fit_one_sms(head);
  EXPECT_EQ(fitted, std::string(150, 'a') + "...");
  EXPECT_EQ(encoding_for(fitted), SmsEncoding::gsm7);
  // Early in the text it cannot be cut off usefully: UCS-2 and 70 units.
  EXPECT_EQ(fit_one_sms(kATilde + std::string(200, 'a')), kATilde + std::string(66, 'a') + "...");
  // Late in a text too long for 160 anyway: the GSM-7 cut wins.
  EXPECT_EQ(fit_one_sms(std::string(200, 'a') + kATilde), std::string(157, 'a') + "...");
}

TEST(FitOneSms, TrailingBlanksBeforeTheEllipsisAreDropped) {
  // The cut falls inside the run of blanks.
  const std::string head = std::string(154, 'a') + "     " + std::string(20, 'b');
  EXPECT_EQ(fit_one_sms(head), std::string(154, 'a') + "...");
  EXPECT_EQ(fit_one_sms(std::string(132, 'a') + " \n " + std::string(40, 'b'), kTail),
            std::string(132, 'a') + "..." + std::string(kTail));
}

TEST(FitOneSms, TailIsKeptWholeOrCutAloneWhenItCannotFit) {
  // The tail fits, but leaves no room for one character of the head and the "...".
  const std::string long_tail = std::string(158, 't');
  EXPECT_EQ(fit_one_sms("head", long_tail), long_tail);
  // Room for exactly one character of the head.
  EXPECT_EQ(fit_one_sms("vwxyz", std::string(156, 't')), "v..." + std::string(156, 't'));
  // A head of blanks only: nothing of it is worth a "...".
  EXPECT_EQ(fit_one_sms(std::string(200, ' '), kTail), std::string(kTail));
  // The tail does not fit alone: it is cut the same way and the head is dropped.
  EXPECT_EQ(fit_one_sms("head", std::string(200, 't')), std::string(157, 't') + "...");
  EXPECT_EQ(fit_one_sms("head", repeat(kATilde, 80)), repeat(kATilde, 67) + "...");
}

TEST(FitOneSms, InvalidBytesComeOutAsReplacementCharacters) {
  const std::string fitted = fit_one_sms("ok\xFF", " \xC3");
  EXPECT_EQ(fitted, "ok\xEF\xBF\xBD \xEF\xBF\xBD");
  EXPECT_TRUE(i18n::is_valid_utf8(fit_one_sms(std::string(300, '\xFF'), "\xF0\x9F")));
}

// Random heads and tails of mixed characters: every result is valid UTF-8, fits one SMS in its
// own encoding, ends with the whole tail when the tail fits alone, and otherwise starts with
// a prefix of the head.
TEST(FitOneSms, AnyMixFitsOneSmsAsValidUtf8) {
  const std::string pieces[] = {"a", " ",  "\xC3\xA9", kEuro, kATilde, kEmoji, "\xE4\xBD\xA0",
                                "{", "\n", "\xFF",     "Kode"};
  std::uint32_t state = 2024;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  auto random_text = [&](std::uint32_t max_pieces) {
    std::string text;
    const std::uint32_t count = (next() >> 8) % max_pieces;
    for (std::uint32_t i = 0; i < count; ++i) text += pieces[(next() >> 16) % std::size(pieces)];
    return text;
  };
  for (int round = 0; round < 3000; ++round) {
    const std::string head = random_text(220);
    const std::string tail = round % 4 == 0 ? random_text(200) : random_text(30);
    const std::string fitted = fit_one_sms(head, tail);
    ASSERT_TRUE(i18n::is_valid_utf8(fitted)) << round;
    const SmsEncoding encoding = encoding_for(fitted);
    ASSERT_LE(sms_units(fitted, encoding), single_sms_limit(encoding)) << round;
    const std::string clean_head = i18n::replace_invalid_utf8(head);
    const std::string clean_tail = i18n::replace_invalid_utf8(tail);
    if (fits_one_sms(clean_head + clean_tail)) {
      EXPECT_EQ(fitted, clean_head + clean_tail);
    } else if (fits_one_sms(clean_tail)) {
      EXPECT_TRUE(fitted.ends_with(clean_tail)) << round;
      const std::string kept = fitted.substr(0, fitted.size() - clean_tail.size());
      if (!kept.empty()) {
        ASSERT_TRUE(kept.ends_with("...")) << round;
        EXPECT_TRUE(clean_head.starts_with(kept.substr(0, kept.size() - 3))) << round;
      }
    } else {
      EXPECT_TRUE(fitted.ends_with("...")) << round;
      EXPECT_TRUE(clean_tail.starts_with(fitted.substr(0, fitted.size() - 3))) << round;
    }
  }
}

}  // namespace
}  // namespace aduan::sms
