// Tests of the device store's smaller repositories (LocalStore, local_store.cpp, codec.cpp):
// drafts upserted on every keystroke, timelines that pull idempotently with a forward-only
// cursor, the catalog cache, settings and device credentials; and the draft blob decoder
// refusing damaged input.
#include "core/store/local_store.h"

#include <gtest/gtest.h>

#include "core/store/codec.h"
#include "core/store/test_support.h"
#include "tests/core/store/local_store_fixture.h"

namespace aduan::store {
namespace {

using testing::fixed_id;

using LocalStoreTest = FreshLocalStore;

TEST_F(LocalStoreTest, DraftIsUpsertedOnEveryKeystroke) {
  Draft draft{"d1", {}, 0};
  const std::string text = "Air PDAM keruh";
  for (std::size_t i = 1; i <= text.size(); ++i) {
    draft.fields["title"] = text.substr(0, i);
    draft.updated_at = static_cast<Timestamp>(i);
    ASSERT_TRUE(store().save_draft(draft).ok());
  }
  auto all = store().drafts();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 1u);
  EXPECT_EQ(all.value()[0], draft);
}

TEST_F(LocalStoreTest, DraftsListMostRecentFirstAndDelete) {
  ASSERT_TRUE(store().save_draft({"old", {{"title", "a"}}, 10}).ok());
  ASSERT_TRUE(store().save_draft({"new", {{"body", std::string("b\0c", 3)}}, 20}).ok());
  ASSERT_TRUE(store().save_draft({"empty", {}, 15}).ok());
  auto all = store().drafts();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 3u);
  EXPECT_EQ(all.value()[0].id, "new");
  EXPECT_EQ(all.value()[0].fields.at("body"), std::string("b\0c", 3));
  EXPECT_EQ(all.value()[1].id, "empty");
  EXPECT_TRUE(all.value()[1].fields.empty());
  EXPECT_EQ(all.value()[2].id, "old");

  ASSERT_TRUE(store().delete_draft("old").ok());
  ASSERT_TRUE(store().delete_draft("never-existed").ok());  // deleting is idempotent
  auto old = store().draft("old");
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old.value());
  auto s = store().save_draft({"", {}, 1});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorInvalidArgument);
}

TEST_F(LocalStoreTest, TimelinePullIsIdempotent) {
  const auto events = testing::sample_events();
  auto first = store().apply_pull(events, 12);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value(), 3);
  auto again = store().apply_pull(events, 12);  // the same page after a lost response
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value(), 0);

  const TimelineEvent next[] = {events[2], {fixed_id(2), 13, "completed", 1700000400000, "", ""}};
  auto overlap = store().apply_pull(next, 13);
  ASSERT_TRUE(overlap.ok());
  EXPECT_EQ(overlap.value(), 1);
  auto timeline = store().timeline(fixed_id(2));
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline.value().size(), 4u);
  EXPECT_EQ(timeline.value()[0], events[0]);
  EXPECT_EQ(timeline.value()[3].status, "completed");
}

TEST_F(LocalStoreTest, TimelinesAreKeptPerReportInSeqOrder) {
  const TimelineEvent events[] = {{fixed_id(1), 7, "verified", 2, "", ""},
                                  {fixed_id(2), 7, "received", 1, "", ""},
                                  {fixed_id(1), 3, "received", 1, "", ""}};
  auto added = store().apply_pull(events, 7);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added.value(), 3);  // the same seq under two reports is two events
  auto one = store().timeline(fixed_id(1));
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one.value().size(), 2u);
  EXPECT_EQ(one.value()[0].seq, 3);
  EXPECT_EQ(one.value()[1].seq, 7);
  auto none = store().timeline(fixed_id(3));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value().empty());
}

TEST_F(LocalStoreTest, PullCursorStartsAtZeroAndOnlyMovesForward) {
  auto cursor = store().pull_cursor();
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor.value(), 0);
  ASSERT_TRUE(store().apply_pull({}, 40).ok());
  ASSERT_TRUE(store().apply_pull({}, 25).ok());  // a stale response must not rewind
  cursor = store().pull_cursor();
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor.value(), 40);
}

TEST_F(LocalStoreTest, CatalogCacheKeepsBytesAndEtag) {
  auto none = store().catalog();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  ASSERT_TRUE(store().save_catalog({"W/\"1\"", bytes, 100}).ok());
  ASSERT_TRUE(store().save_catalog({"W/\"2\"", bytes + bytes, 200}).ok());
  auto cached = store().catalog();
  ASSERT_TRUE(cached.ok() && cached.value());
  EXPECT_EQ(*cached.value(), (CachedCatalog{"W/\"2\"", bytes + bytes, 200}));
}

TEST_F(LocalStoreTest, SettingsAreKeyValue) {
  auto none = store().setting(kSettingLanguage);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
  ASSERT_TRUE(store().set_setting(kSettingLanguage, "id").ok());
  ASSERT_TRUE(store().set_setting(kSettingLanguage, "en").ok());
  ASSERT_TRUE(store().set_setting(kSettingTextSize, "150").ok());
  ASSERT_TRUE(store().set_setting(kSettingServerUrl, "").ok());  // empty is a value
  EXPECT_EQ(store().setting(kSettingLanguage).value(), "en");
  EXPECT_EQ(store().setting(kSettingTextSize).value(), "150");
  EXPECT_EQ(store().setting(kSettingServerUrl).value(), "");
  ASSERT_TRUE(store().erase_setting(kSettingTextSize).ok());
  EXPECT_EQ(store().setting(kSettingTextSize).value(), std::nullopt);
}

TEST_F(LocalStoreTest, DeviceCredentialsAreKeptAndReplaced) {
  auto none = store().credentials();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
  ASSERT_TRUE(store().save_credentials({"dev-1", "secret-1"}).ok());
  ASSERT_TRUE(store().save_credentials({"dev-2", "secret-2"}).ok());
  auto creds = store().credentials();
  ASSERT_TRUE(creds.ok() && creds.value());
  EXPECT_EQ(*creds.value(), (DeviceCredentials{"dev-2", "secret-2"}));
  auto s = store().save_credentials({"dev-3", ""});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorInvalidArgument);
  EXPECT_EQ(store().credentials().value(), (DeviceCredentials{"dev-2", "secret-2"}));
}

TEST(DraftCodec, RoundTripsAndRefusesDamagedBlobs) {
  const std::map<std::string, std::string> fields = {
      {"title", "Judul"}, {"body", std::string(300, 'x')}, {"", ""}};
  auto blob = encode_draft_fields(fields);
  auto back = decode_draft_fields(blob);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), fields);

  auto expect_corrupt = [](std::vector<std::uint8_t> bytes) {
    auto r = decode_draft_fields(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, kErrorCorrupt);
  };
  expect_corrupt({});
  expect_corrupt({2});          // unknown format
  expect_corrupt({1, 5, 'a'});  // key longer than what remains
  expect_corrupt({1, 1, 'a'});  // key without a value
  expect_corrupt({1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f});  // huge
  expect_corrupt({1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
  for (std::size_t cut = 1; cut < blob.size(); ++cut) {
    auto r = decode_draft_fields(std::span(blob).first(cut));
    if (r.ok()) {
      EXPECT_NE(r.value(), fields);  // a prefix may parse, never as the whole
    }
  }
}

TEST(DraftCodec, ReportIdBlobMustBeSixteenBytes) {
  const std::uint8_t short_blob[] = {1, 2, 3};
  auto r = report_id_from_blob(short_blob);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kErrorCorrupt);
  auto ok = report_id_from_blob(id_blob(fixed_id(42)));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), fixed_id(42));
}

}  // namespace
}  // namespace aduan::store
