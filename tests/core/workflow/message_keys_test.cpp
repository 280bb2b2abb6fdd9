// Tests that every status, action and role of the workflow has words in both shipped message
// catalogs (assets/i18n/id.txt and en.txt): a new action added to status.h without its message
// would show the console a raw key.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/i18n/messages.h"
#include "core/workflow/status.h"

namespace aduan::workflow {
namespace {

std::string read_catalog(const std::string& language) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/assets/i18n/" + language + ".txt");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(MessageKeys, EveryStatusActionAndRoleHasWordsInBothLanguages) {
  for (const char* language : {"id", "en"}) {
    auto messages = i18n::parse_messages(read_catalog(language));
    ASSERT_TRUE(messages.ok()) << language << ": " << messages.error().detail;
    const auto& catalog = messages.value();
    for (Status status : kAllStatuses) {
      EXPECT_TRUE(catalog.count(message_key(status)) != 0)
          << language << " " << message_key(status);
    }
    for (Action action : kAllActions) {
      EXPECT_TRUE(catalog.count(message_key(action)) != 0)
          << language << " " << message_key(action);
    }
    for (Role role : kAllRoles) {
      EXPECT_TRUE(catalog.count(message_key(role)) != 0) << language << " " << message_key(role);
    }
  }
}

}  // namespace
}  // namespace aduan::workflow
