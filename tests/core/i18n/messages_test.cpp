// Tests of the message catalog (core/i18n/messages.h), the shipped catalogs in assets/i18n/,
// and the UTF-8 helpers (core/i18n/utf8.h).
#include "core/i18n/messages.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/i18n/utf8.h"

namespace aduan::i18n {
namespace {

std::string read_asset(const std::string& relative) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ParseMessages, ReadsKeysTextsAndComments) {
  auto parsed = parse_messages(
      "\xEF\xBB\xBF# comment\r\n"
      "\n"
      "app.title = Aduan\r\n"
      "  nav.new_report=Laporan baru  \n"
      "hash.inside = Nomor #1 = terbaik\n"
      "multi_line = Baris satu\\nBaris dua \\\\ selesai\n"
      "empty.text =\n"
      "last = no newline at the end");
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  const auto& messages = parsed.value();
  EXPECT_EQ(messages.size(), 6u);
  EXPECT_EQ(messages.at("app.title"), "Aduan");
  EXPECT_EQ(messages.at("nav.new_report"), "Laporan baru");
  EXPECT_EQ(messages.at("hash.inside"), "Nomor #1 = terbaik");
  EXPECT_EQ(messages.at("multi_line"), "Baris satu\nBaris dua \\ selesai");
  EXPECT_EQ(messages.at("empty.text"), "");
  EXPECT_EQ(messages.at("last"), "no newline at the end");
}

TEST(ParseMessages, RejectsBadLinesWithTheirNumber) {
  struct Case {
    const char* text;
    const char* code;
    const char* line;
  };
  const Case cases[] = {
      {"a = b\nno equals sign\n", "i18n.bad_line", "line 2"},
      {"= text\n", "i18n.bad_key", "line 1"},
      {"a = b\nBad.Key = x\n", "i18n.bad_key", "line 2"},
      {"a key = x\n", "i18n.bad_key", "line 1"},
      {"a = b\n# c\na = c\n", "i18n.duplicate_key", "line 3"},
      {"a = b\nc = \xC3\x28\n", "i18n.bad_utf8", "line 2"},
      {"a = tab\\t\n", "i18n.bad_escape", "line 1"},
      {"a = trailing\\\n", "i18n.bad_escape", "line 1"},
  };
  for (const auto& c : cases) {
    auto parsed = parse_messages(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().code, c.code) << c.text;
    EXPECT_NE(parsed.error().detail.find(c.line), std::string::npos) << parsed.error().detail;
  }
}

TEST(Messages, FallsBackToIndonesianThenToTheKey) {
  Messages messages;
  ASSERT_TRUE(messages.load("id", "a = Satu\nb = Dua\n").ok());
  ASSERT_TRUE(messages.load("en", "a = One\n").ok());
  EXPECT_EQ(messages.lookup("en", "a"), "One");
  EXPECT_EQ(messages.lookup("en", "b"), "Dua");   // missing in en: Bahasa Indonesia
  EXPECT_EQ(messages.lookup("fr", "a"), "Satu");  // unknown language: Bahasa Indonesia
  EXPECT_EQ(messages.lookup("en", "c"), "c");     // missing everywhere: the key
  EXPECT_EQ(messages.lookup(kDefaultLanguage, "a"), "Satu");
  EXPECT_TRUE(messages.has("en", "a"));
  EXPECT_FALSE(messages.has("en", "b"));
  EXPECT_EQ(messages.languages(), (std::vector<std::string>{"en", "id"}));
  EXPECT_EQ(messages.keys("id"), (std::vector<std::string>{"a", "b"}));
}

TEST(Messages, AFailedLoadKeepsThePreviousCatalog) {
  Messages messages;
  ASSERT_TRUE(messages.load("id", "a = Satu\n").ok());
  auto status = messages.load("id", "a = Satu\na = Lagi\n");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "i18n.duplicate_key");
  EXPECT_EQ(messages.lookup("id", "a"), "Satu");
  ASSERT_TRUE(messages.load("id", "a = Baru\n").ok());  // a good load replaces it
  EXPECT_EQ(messages.lookup("id", "a"), "Baru");
}

TEST(ShippedMessages, BothLanguagesLoadWithTheSameKeys) {
  Messages messages;
  auto id_status = messages.load("id", read_asset("assets/i18n/id.txt"));
  auto en_status = messages.load("en", read_asset("assets/i18n/en.txt"));
  ASSERT_TRUE(id_status.ok()) << id_status.error().detail;
  ASSERT_TRUE(en_status.ok()) << en_status.error().detail;
  EXPECT_GT(messages.keys("id").size(), 50u);
  EXPECT_EQ(messages.keys("id"), messages.keys("en"));
  for (const auto& key : messages.keys("en"))
    EXPECT_FALSE(messages.lookup("en", key).empty()) << key;
}

TEST(ShippedMessages, HaveTheStartingUiStrings) {
  Messages messages;
  ASSERT_TRUE(messages.load("id", read_asset("assets/i18n/id.txt")).ok());
  ASSERT_TRUE(messages.load("en", read_asset("assets/i18n/en.txt")).ok());
  EXPECT_EQ(messages.lookup("id", "app.title"), "Aduan");
  EXPECT_EQ(messages.lookup("id", "nav.new_report"), "Laporan baru");
  EXPECT_EQ(messages.lookup("en", "nav.new_report"), "New report");
  EXPECT_EQ(messages.lookup("id", "nav.my_reports"), "Laporan saya");
  EXPECT_EQ(messages.lookup("id", "nav.track_code"), "Lacak kode");
  EXPECT_EQ(messages.lookup("en", "nav.track_code"), "Track a code");
  EXPECT_EQ(messages.lookup("id", "outbox.saved_locally"),
            "Tersimpan di perangkat ini, akan dikirim saat online");
  EXPECT_EQ(messages.lookup("en", "outbox.saved_locally"),
            "Saved on this device, will be sent when online");
  EXPECT_EQ(messages.lookup("id", "outbox.sent"), "Terkirim");
  for (const char* status : {"received", "verified", "rejected", "on_hold", "dispositioned",
                             "in_progress", "responded", "completed", "archived"}) {
    EXPECT_TRUE(messages.has("id", std::string("status.") + status)) << status;
    EXPECT_TRUE(messages.has("en", std::string("status.") + status)) << status;
  }
}

TEST(Utf8, AcceptsValidTextAndCountsCodePoints) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("Jalan rusak"), 11u);
  EXPECT_EQ(count_code_points("caf\xC3\xA9"), 4u);       // é
  EXPECT_EQ(count_code_points("\xE2\x80\xA6"), 1u);      // …
  EXPECT_EQ(count_code_points("\xF0\x9F\x99\x8F"), 1u);  // 🙏
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));        // U+10FFFF
}

TEST(Utf8, RejectsMalformedSequences) {
  for (const char* bad : {"\x80", "\xC3", "\xC3\x28", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF", "ok\xE2\x80"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << bad;
    EXPECT_FALSE(count_code_points(bad).has_value());
  }
}

}  // namespace
}  // namespace aduan::i18n
