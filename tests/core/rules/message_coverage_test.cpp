// Every code the core can show a person has a message in both shipped catalogs
// (assets/i18n/id.txt and en.txt), and messages quote the bounds the rules really use.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/i18n/messages.h"
#include "core/rules/report_rules.h"

namespace aduan::rules {
namespace {

std::string read_asset(const std::string& relative) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const i18n::Messages& shipped() {
  static const i18n::Messages messages = [] {
    i18n::Messages loaded;
    EXPECT_TRUE(loaded.load("id", read_asset("assets/i18n/id.txt")).ok());
    EXPECT_TRUE(loaded.load("en", read_asset("assets/i18n/en.txt")).ok());
    return loaded;
  }();
  return messages;
}

TEST(MessageCoverage, EveryProblemCodeHasAMessageInEveryLanguage) {
  ASSERT_GE(problem_codes().size(), 25u);
  for (auto code : problem_codes()) {
    EXPECT_TRUE(shipped().has("id", code)) << "id.txt lacks " << code;
    EXPECT_TRUE(shipped().has("en", code)) << "en.txt lacks " << code;
  }
}

TEST(MessageCoverage, EveryTrackingCodeErrorHasAMessageInEveryLanguage) {
  for (const char* code :
       {"tracking_code.bad_length", "tracking_code.bad_symbol", "tracking_code.bad_check"}) {
    EXPECT_TRUE(shipped().has("id", code)) << code;
    EXPECT_TRUE(shipped().has("en", code)) << code;
  }
}

TEST(MessageCoverage, MessagesQuoteTheBoundsTheRulesUse) {
  struct Bound {
    const char* code;
    std::size_t value;
  };
  const Bound bounds[] = {
      {"rules.title.too_short", kTitleMinChars},
      {"rules.title.too_long", kTitleMaxChars},
      {"rules.body.too_short", kBodyMinChars},
      {"rules.body.too_long", kBodyMaxChars},
      {"rules.place.too_long", kPlaceMaxChars},
      {"rules.contact_name.too_long", kContactNameMaxChars},
      {"rules.incident_date.too_old", static_cast<std::size_t>(kMaxIncidentAgeYears)},
      {"rules.attachments.too_many", kMaxAttachments},
      {"rules.attachment.too_large", kMaxAttachmentBytes / (1024 * 1024)},
  };
  for (const auto& bound : bounds) {
    for (const char* language : {"id", "en"}) {
      auto text = shipped().lookup(language, bound.code);
      EXPECT_NE(text.find(std::to_string(bound.value)), std::string_view::npos)
          << language << " " << bound.code << ": " << text;
    }
  }
}

}  // namespace
}  // namespace aduan::rules
