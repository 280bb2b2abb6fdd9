// Every problem the server-side apply adds to the form's rules has a message in both languages,
// so a rejected report is always explained to the citizen in words.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/i18n/messages.h"
#include "core/sync/server_apply.h"

namespace aduan::sync {
namespace {

TEST(ServerApplyProblems, HaveMessagesInBothLanguages) {
  i18n::Messages messages;
  for (const char* language : {"id", "en"}) {
    std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/assets/i18n/" + language + ".txt");
    ASSERT_TRUE(in) << language;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_TRUE(messages.load(language, text).ok());
    for (auto code : {kProblemIdMissing, kProblemTrackingCode})
      EXPECT_TRUE(messages.has(language, code)) << language << ": " << code;
  }
}

}  // namespace
}  // namespace aduan::sync
