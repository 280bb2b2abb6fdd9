// Tests that every error code aduan-server can answer with has a message in both shipped
// catalogs, so the portal and the console show the citizen or the officer a sentence, never a
// raw code. The codes are read from the server's own source: every literal passed as the code
// of send_error(response, status, "code", ...). Codes the server passes through from the core
// (rules, workflow, store) are covered by the core's own catalog tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "core/i18n/messages.h"
#include "tests/core/i18n/source_files.h"

namespace aduan::i18n {
namespace {

using testing::read_file;

std::set<std::string> codes_the_server_sends() {
  const std::filesystem::path server = testing::source_path("shell/server");
  const std::regex sent(R"re(send_error\(\s*\w+,\s*\d{3},\s*"([a-z_]+\.[a-z0-9_.]+)")re");
  std::set<std::string> codes;
  for (const auto& entry : std::filesystem::directory_iterator(server)) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string source = read_file(entry.path());
    for (auto it = std::sregex_iterator(source.begin(), source.end(), sent);
         it != std::sregex_iterator(); ++it) {
      codes.insert((*it)[1].str());
    }
  }
  return codes;
}

Messages shipped_catalogs() {
  Messages messages;
  for (const char* language : {"id", "en"}) {
    const Status loaded = messages.load(language, testing::shipped_catalog_text(language));
    EXPECT_TRUE(loaded.ok()) << language;
  }
  return messages;
}

TEST(ServerErrorKeys, TheServerSourceIsFoundAndSendsCodes) {
  // Guards the test itself: a moved folder or a renamed helper would otherwise pass vacuously.
  const std::set<std::string> codes = codes_the_server_sends();
  EXPECT_GT(codes.size(), 20U);
  EXPECT_TRUE(codes.contains("rate.limited"));
}

TEST(ServerErrorKeys, EveryCodeTheServerSendsHasAMessageInBothLanguages) {
  const Messages messages = shipped_catalogs();
  for (const std::string& code : codes_the_server_sends()) {
    EXPECT_TRUE(messages.has("id", code)) << code << " has no message in id.txt";
    EXPECT_TRUE(messages.has("en", code)) << code << " has no message in en.txt";
  }
}

}  // namespace
}  // namespace aduan::i18n
