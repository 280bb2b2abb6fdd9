// Tests that every message the citizen's screens ask for (shell/portal/portal*.cpp and
// screen_*.cpp, the modes' kiosk_*.cpp and official_*.cpp, and the helpers they share with the
// console, shell/ui/app_*.cpp) is in both
// shipped catalogs, so no screen ever shows a raw key. The keys are
// read from the screens' own source: every literal passed to t("...") or format("..."), every
// literal a helper returns as a key, and the families the screens build from a stable name
// (classification, workflow status, outbox state, clock kind, reporter action).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/domain/report.h"
#include "core/i18n/messages.h"
#include "core/store/records.h"
#include "core/workflow/case_clock.h"
#include "core/workflow/status.h"
#include "tests/core/i18n/source_files.h"

namespace aduan::i18n {
namespace {

using testing::read_file;
using testing::shipped_catalog_text;

std::set<std::string> keys_in_screens() {
  const std::filesystem::path shell = std::filesystem::path(ADUAN_SOURCE_DIR) / "shell";
  // t("key"), format("key", ...), and `return "key";` in the helpers that pick a key.
  const std::regex call(R"re((?:\bt|\bformat)\(\s*"([a-z0-9_.\-]+)")re");
  const std::regex returned(R"re(return "([a-z_]+\.[a-z0-9_.]+)";)re");
  const std::regex array_entry(R"re("(form\.step\.[a-z_]+)")re");
  std::set<std::string> keys;
  std::vector<std::filesystem::path> sources;
  for (const char* room : {"portal", "ui"}) {
    for (const auto& entry : std::filesystem::directory_iterator(shell / room)) {
      const std::string name = entry.path().filename().string();
      if ((name.starts_with("portal") || name.starts_with("screen_") || name.starts_with("app_") ||
           name.starts_with("kiosk_") || name.starts_with("official_")) &&
          name.ends_with(".cpp"))
        sources.push_back(entry.path());
    }
  }
  for (const auto& path : sources) {
    const std::string text = read_file(path);
    for (const std::regex* pattern : {&call, &returned, &array_entry}) {
      for (std::sregex_iterator it(text.begin(), text.end(), *pattern), end; it != end; ++it) {
        // t("clock." + kind): a family, checked with its names in the test below.
        if (!(*it)[1].str().ends_with(".")) keys.insert((*it)[1].str());
      }
    }
  }
  return keys;
}

TEST(ScreenKeys, TheScreensAskForKeysThatExist) {
  const auto keys = keys_in_screens();
  // The scan itself must work: the screens use well over a hundred messages.
  ASSERT_GT(keys.size(), 100u);
  EXPECT_TRUE(keys.count("form.step.review"));
  EXPECT_TRUE(keys.count("error.network"));
  for (const char* language : {"id", "en"}) {
    auto catalog = parse_messages(shipped_catalog_text(language));
    ASSERT_TRUE(catalog.ok()) << language << ": " << catalog.error().detail;
    for (const auto& key : keys) EXPECT_TRUE(catalog.value().count(key)) << language << ": " << key;
  }
}

TEST(ScreenKeys, KeysBuiltFromStableNamesExist) {
  std::set<std::string> keys;
  for (auto c : {domain::Classification::complaint, domain::Classification::aspiration,
                 domain::Classification::information_request}) {
    keys.insert("classification." + std::string(domain::to_string(c)));
    keys.insert("form.classification_hint." + std::string(domain::to_string(c)));
  }
  for (auto status : workflow::kAllStatuses)
    keys.insert("status." + std::string(workflow::to_string(status)));
  for (auto state : {store::OutboxState::queued, store::OutboxState::sending,
                     store::OutboxState::delivered, store::OutboxState::rejected})
    keys.insert("outbox." + std::string(store::to_string(state)));
  for (auto kind : {workflow::ClockKind::verify, workflow::ClockKind::follow_up,
                    workflow::ClockKind::awaiting_reporter}) {
    keys.insert("clock." + std::string(workflow::to_string(kind)));
    keys.insert("clock.explained." + std::string(workflow::to_string(kind)));
  }
  for (const char* action : {"reporter_reply", "complete", "rate"})
    keys.insert(std::string("reporter.sent.") + action);
  for (const char* language : {"id", "en"}) {
    auto catalog = parse_messages(shipped_catalog_text(language));
    ASSERT_TRUE(catalog.ok()) << language;
    for (const auto& key : keys) EXPECT_TRUE(catalog.value().count(key)) << language << ": " << key;
  }
}

}  // namespace
}  // namespace aduan::i18n
