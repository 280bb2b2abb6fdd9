// Tests of senders' numbers and SMS titles (core/sms/sender_number.h): every way a gateway or a
// person writes an Indonesian number comes out as one form; only mobiles may be texted, with
// the length boundaries on both sides; titles are cut on words, never inside a character, and
// never longer than asked.
#include "core/sms/sender_number.h"

#include <gtest/gtest.h>

#include <string>

#include "core/i18n/utf8.h"
#include "core/rules/contact_rules.h"

namespace aduan::sms {
namespace {

TEST(NormalizeSender, ReadsEveryIndonesianForm) {
  struct Row {
    const char* typed;
    const char* expected;
  };
  const Row rows[] = {
      {"081234567890", "+6281234567890"},
      {"6281234567890", "+6281234567890"},
      {"+6281234567890", "+6281234567890"},
      {"+62 812-3456-7890", "+6281234567890"},
      {"0812 3456 7890", "+6281234567890"},
      {"(0812) 3456.7890", "+6281234567890"},
      {" +6281234567890\r\n", "+6281234567890"},  // as some gateways hand it over
      {"\t6285212345678", "+6285212345678"},
      {"0215551234", "+62215551234"},  // a landline is a number, though never texted
  };
  for (const auto& row : rows) {
    EXPECT_EQ(normalize_sender(row.typed), std::optional<std::string>(row.expected)) << row.typed;
    // The same form as a contact number typed in the portal, so keyed hashes agree.
    EXPECT_EQ(normalize_sender(row.typed), rules::normalize_phone(row.expected)) << row.typed;
  }
}

TEST(NormalizeSender, RefusesWhatIsNoIndonesianNumber) {
  for (const char* typed : {"", "   ", "+1 415 555 0100", "+6591234567", "TELKOMSEL", "LAPOR",
                            "0812345678x", "00812345678", "812345678", "+62 0812 3456 789",
                            "08123456", "08123456789012", "+62812\n34567890"})
    EXPECT_EQ(normalize_sender(typed), std::nullopt) << typed;
}

TEST(CanReceiveSms, OnlyIndonesianMobilesInInternationalForm) {
  for (const char* yes : {"+6281234567890", "+6285212345678", "+6289912345678", "+62812345678",
                          "+62812345678901", "+628111234567"})
    EXPECT_TRUE(can_receive_sms(yes)) << yes;
  for (const char* no : {
           "",
           "+6281234567",       // 08 and 7 digits: too short for a mobile
           "+628123456789012",  // 08 and 12 digits: too long
           "+62215551234",      // Jakarta landline
           "+62561123456",      // Pontianak landline
           "+6221812345678",    // a landline that happens to contain 8s
           "+14155550100",      // foreign
           "+6591234567",       // Singapore mobile
           "081234567890",      // national form: not what normalize_sender returns
           "6281234567890",     // no plus
           "+62 81234567890",   // spaces
           "+628123456789a",    // not a digit
           "+628",              // prefix only
       })
    EXPECT_FALSE(can_receive_sms(no)) << no;
}

TEST(CanReceiveSms, AgreesWithNormalizeSenderAtTheLengthBoundaries) {
  // National 08xx numbers of 9..14 digits: normalize_phone takes 9..13, mobiles are 10..13.
  for (std::size_t digits = 9; digits <= 14; ++digits) {
    const std::string national = "08" + std::string(digits - 2, '5');
    const auto sender = normalize_sender(national);
    const bool mobile_length = digits >= 10 && digits <= 13;
    EXPECT_EQ(sender.has_value(), digits <= 13) << national;
    EXPECT_EQ(sender && can_receive_sms(*sender), mobile_length) << national;
  }
}

TEST(TitleFromText, ShortTextIsTheTitle) {
  EXPECT_EQ(title_from_text("Jalan rusak"), "Jalan rusak");
  EXPECT_EQ(title_from_text("  Jalan\n\nrusak \t parah "), "Jalan rusak parah");
  EXPECT_EQ(title_from_text(std::string(60, 'a')), std::string(60, 'a'));
  EXPECT_EQ(title_from_text(""), "");
  EXPECT_EQ(title_from_text(" \n "), "");
  EXPECT_EQ(title_from_text("ok\xFF"), "ok\xEF\xBF\xBD");
}

TEST(TitleFromText, LongTextIsCutOnAWord) {
  const std::string text =
      "Jalan berlubang besar di depan sekolah dasar negeri 3 Sukamaju, membahayakan anak-anak";
  // 57 characters of room before the "...": "...negeri 3 Sukamaju," would be 61.
  EXPECT_EQ(title_from_text(text), "Jalan berlubang besar di depan sekolah dasar negeri 3...");
  EXPECT_EQ(title_from_text(text, 20), "Jalan berlubang...");
  EXPECT_EQ(title_from_text(text, 30), "Jalan berlubang besar di...");
  // The cut right at a word's end keeps that word; a separator before the "..." goes.
  EXPECT_EQ(title_from_text("Jalan rusak, parah sekali", 14), "Jalan rusak...");
  EXPECT_EQ(title_from_text("Jalan rusak parah", 14), "Jalan rusak...");
  EXPECT_EQ(title_from_text("Jalan rusak!? parah", 14), "Jalan rusak...");
  EXPECT_EQ(title_from_text("Jalan rusaknya parah", 14), "Jalan...");
  EXPECT_EQ(title_from_text("Jalan rusak,parah sekali", 14), "Jalan...");
  EXPECT_EQ(title_from_text(std::string(61, 'a')), std::string(57, 'a') + "...");
}

TEST(TitleFromText, OneLongWordIsCutInside) {
  EXPECT_EQ(title_from_text(std::string(100, 'x')), std::string(57, 'x') + "...");
  EXPECT_EQ(title_from_text("https://contoh.id/" + std::string(80, 'p') + " rusak", 30),
            "https://contoh.id/" + std::string(9, 'p') + "...");
}

TEST(TitleFromText, NeverSplitsACharacterNorExceedsTheLimit) {
  std::string e_acute;
  for (int i = 0; i < 100; ++i) e_acute += "\xC3\xA9";
  std::string expected;
  for (int i = 0; i < 57; ++i) expected += "\xC3\xA9";
  EXPECT_EQ(title_from_text(e_acute), expected + "...");
  const std::string mixed = "Pelayanan \xF0\x9F\x98\xA0 lambat sekali di kantor kelurahan kami";
  for (std::size_t limit = 4; limit <= 60; ++limit) {
    const std::string title = title_from_text(mixed, limit);
    ASSERT_TRUE(i18n::is_valid_utf8(title)) << limit;
    EXPECT_LE(i18n::count_code_points(title).value(), limit) << limit;
    EXPECT_GE(i18n::count_code_points(title).value(), 1u) << limit;
  }
}

TEST(TitleFromText, TinyLimitsStillGiveOneCharacter) {
  EXPECT_EQ(title_from_text("Jalan rusak", 4), "J...");
  EXPECT_EQ(title_from_text("Jalan rusak", 3), "J...");
  EXPECT_EQ(title_from_text("Jalan rusak", 0), "J...");
  EXPECT_EQ(title_from_text("J", 0), "J");
  EXPECT_EQ(title_from_text("Jalan rusak", 5), "Ja...");
  // Separators alone before the cut are still text: the title is not the bare "...".
  EXPECT_EQ(title_from_text("-- -- -- -- --", 8), "-- --...");
}

}  // namespace
}  // namespace aduan::sms
