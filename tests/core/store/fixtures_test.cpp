// Tests of the client schema's history against databases "from the field": every released
// schema version has a fixture file in tests/core/store/fixtures (vN.sqlite), which is copied
// and upgraded in place by LocalStore::open, and must then hold the same data and the same
// schema as a store created fresh. A schema change without its fixture fails here.
//
// The fixture of the newest version is made by the generator at the end of this file, run
// once when a version is released (see fixtures/README.md); released fixtures never change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/store/local_store.h"
#include "core/store/test_support.h"

namespace aduan::store {
namespace {

using testing::TempPath;
namespace fs = std::filesystem;

fs::path fixture_path(int version) {
  return fs::path(ADUAN_SOURCE_DIR) / "tests/core/store/fixtures" /
         ("v" + std::to_string(version) + ".sqlite");
}

OpenOptions rollback_journal() {
  OpenOptions options;
  options.journal_mode = JournalMode::delete_file;  // one self-contained file, readable on web
  return options;
}

// The schema as SQLite records it, in a stable order: what a fresh store and an upgraded one
// must agree on (ALTER TABLE leaves its edits visible in this text, so a migration that ends
// up different from the fresh schema shows here).
std::vector<std::string> schema_of(const std::string& path) {
  std::vector<std::string> out;
  auto db = Database::open(path);
  EXPECT_TRUE(db.ok());
  if (!db.ok()) return out;
  auto stmt = db.value().prepare(
      "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema "
      "ORDER BY type, name");
  EXPECT_TRUE(stmt.ok());
  while (stmt.ok()) {
    auto row = stmt.value().step();
    if (!row.ok() || !row.value()) break;
    out.push_back(stmt.value().column_text(0));
  }
  return out;
}

// From v3 on: a report a village official entered for a citizen who consented in writing,
// waiting in the outbox; the reporter agreed to SMS news.
domain::Report assisted_report() {
  domain::Report r = testing::minimal_report(6);
  r.channel = domain::Channel::assisted;
  r.on_behalf = domain::OnBehalf{"Pak Darmin", "081298765432", {true, domain::ConsentMethod::written, "Bu Sri"}};
  r.sms_consent = true;
  return r;
}

// The data set every fixture holds: one report in each outbox state, with every field used.
// From v2 on, also a delivered report with two photos on the device: one half uploaded, the
// other verified by the server and its bytes dropped. From v3 on, the assisted report.
void write_sample_data(LocalStore& store) {
  const RejectionProblem problems[] = {{"body", "rules.too_short"},
                                       {"region_code", "rules.unknown"}};
  const domain::ReportId sending[] = {testing::fixed_id(4)};
  ASSERT_TRUE(store.save_report(testing::sample_report(1), 420, 1700000001000).ok());
  ASSERT_TRUE(store.save_report(testing::sample_report(2), 431, 1700000002000).ok());
  ASSERT_TRUE(store.save_report(testing::minimal_report(3), 150, 1700000003000).ok());
  ASSERT_TRUE(store.save_report(testing::sample_report(4), 433, 1700000004000).ok());
  ASSERT_TRUE(
      store.mark_delivered(testing::fixed_id(2), "LPR-7K3Q-X9P2", 1700000009000, 1700000009500)
          .ok());
  ASSERT_TRUE(store.mark_rejected(testing::fixed_id(3), "ditolak", problems, 1700000010000).ok());
  ASSERT_TRUE(store.mark_sending(sending, 1700000011000).ok());
  ASSERT_TRUE(store
                  .set_upload_progress(testing::fixed_id(4),
                                       testing::sample_report(4).attachments[0].id, 16384)
                  .ok());
  ASSERT_TRUE(store.save_draft(testing::sample_draft()).ok());
  ASSERT_TRUE(store.apply_pull(testing::sample_events(), 12).ok());
  ASSERT_TRUE(
      store.save_catalog({"\"catalog-v7\"", std::string("kat\0alog", 8), 1700000012000}).ok());
  ASSERT_TRUE(store.set_setting(kSettingLanguage, "id").ok());
  ASSERT_TRUE(store.set_setting(kSettingTextSize, "150").ok());
  ASSERT_TRUE(store.set_setting(kSettingServerUrl, "https://aduan.example.id").ok());
  ASSERT_TRUE(store.save_credentials({"device-6f1c", "s3cr3t-0123456789abcdef"}).ok());

  std::vector<std::uint8_t> photo, small;
  const domain::Report with_photos = testing::report_with_photos(5, photo, small);
  const AttachmentContent contents[] = {{with_photos.attachments[0].id, photo},
                                        {with_photos.attachments[1].id, small}};
  ASSERT_TRUE(store.save_report(with_photos, contents, 440, 1700000013000).ok());
  ASSERT_TRUE(
      store.mark_delivered(testing::fixed_id(5), "LPR-5PHT-0TO5", 1700000014000, 1700000014500)
          .ok());
  ASSERT_TRUE(
      store.set_upload_progress(testing::fixed_id(5), with_photos.attachments[0].id, 65536).ok());
  ASSERT_TRUE(
      store.mark_upload_done(testing::fixed_id(5), with_photos.attachments[1].id, false).ok());
  ASSERT_TRUE(store.save_report(assisted_report(), 180, 1700000015000).ok());
}

// The photos of write_sample_data, as a store at `version` or upgraded from it holds them.
void expect_sample_photos(LocalStore& store, int version) {
  auto progress = store.upload_progress(testing::fixed_id(4));
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress.value().size(), 2u);
  // Saved without bytes (and before v2 there were none): nothing the engine could send.
  EXPECT_EQ(progress.value()[0].state, UploadState::absent);
  EXPECT_FALSE(progress.value()[0].content_on_device);

  auto photos = store.report(testing::fixed_id(5));
  ASSERT_TRUE(photos.ok());
  if (version < 2) {
    EXPECT_FALSE(photos.value().has_value());
    return;
  }
  ASSERT_TRUE(photos.value().has_value());
  std::vector<std::uint8_t> photo, small;
  const domain::Report expected = testing::report_with_photos(5, photo, small);
  EXPECT_EQ(photos.value()->attachments, expected.attachments);
  progress = store.upload_progress(testing::fixed_id(5));
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress.value().size(), 2u);
  EXPECT_EQ(progress.value()[0], (UploadProgress{expected.attachments[0].id, 70'000, 65536,
                                                 UploadState::pending, "", true}));
  EXPECT_EQ(progress.value()[1], (UploadProgress{expected.attachments[1].id, 1'000, 1'000,
                                                 UploadState::done, "", false}));
  auto bytes =
      store.attachment_content(testing::fixed_id(5), expected.attachments[0].id, 0, photo.size());
  ASSERT_TRUE(bytes.ok()) << bytes.error().detail;
  EXPECT_EQ(bytes.value(), photo);
  auto uploads = store.report_uploads(testing::fixed_id(5));
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().total_bytes, 71'000u);
  EXPECT_EQ(uploads.value().sent_bytes, 65536u + 1'000u);
}

void expect_sample_data(LocalStore& store, int version = LocalStore::schema_version()) {
  auto first = store.report(testing::fixed_id(1));
  ASSERT_TRUE(first.ok() && first.value());
  EXPECT_EQ(*first.value(), testing::sample_report(1));

  auto delivered = store.report_by_tracking_code("LPR-7K3Q-X9P2");
  ASSERT_TRUE(delivered.ok() && delivered.value());
  EXPECT_TRUE(delivered.value()->same_content([] {
    auto r = testing::sample_report(2);
    r.tracking_code = "LPR-7K3Q-X9P2";
    return r;
  }()));
  EXPECT_EQ(delivered.value()->received_at, 1700000009000);

  auto minimal = store.report(testing::fixed_id(3));
  ASSERT_TRUE(minimal.ok() && minimal.value());
  EXPECT_EQ(*minimal.value(), testing::minimal_report(3));

  auto rejected = store.outbox_entry(testing::fixed_id(3));
  ASSERT_TRUE(rejected.ok() && rejected.value());
  EXPECT_EQ(rejected.value()->state, OutboxState::rejected);
  EXPECT_EQ(rejected.value()->last_error, "ditolak");
  EXPECT_EQ(rejected.value()->problems,
            (std::vector<RejectionProblem>{{"body", "rules.too_short"},
                                           {"region_code", "rules.unknown"}}));

  auto counts = store.outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts.value(), (OutboxCounts{version < 3 ? 1 : 2, 1, version < 2 ? 1 : 2, 1}));
  auto progress = store.upload_progress(testing::fixed_id(4));
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress.value().size(), 2u);
  EXPECT_EQ(progress.value()[0].bytes_sent, 16384u);

  auto summaries = store.my_reports(10);
  ASSERT_TRUE(summaries.ok());
  ASSERT_EQ(summaries.value().size(), version < 2 ? 4u : version < 3 ? 5u : 6u);
  EXPECT_EQ(summaries.value()[0].id, testing::fixed_id(version < 2 ? 4 : version < 3 ? 5 : 6));
  auto assisted = store.report(testing::fixed_id(6));
  ASSERT_TRUE(assisted.ok());
  if (version >= 3) {
    ASSERT_TRUE(assisted.value());
    EXPECT_EQ(*assisted.value(), assisted_report());
  } else {
    EXPECT_FALSE(assisted.value());
  }

  auto draft = store.draft("draft-1");
  ASSERT_TRUE(draft.ok() && draft.value());
  EXPECT_EQ(*draft.value(), testing::sample_draft());
  auto timeline = store.timeline(testing::fixed_id(2));
  ASSERT_TRUE(timeline.ok());
  EXPECT_EQ(timeline.value(), testing::sample_events());
  auto cursor = store.pull_cursor();
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor.value(), 12);
  auto catalog = store.catalog();
  ASSERT_TRUE(catalog.ok() && catalog.value());
  EXPECT_EQ(catalog.value()->content, std::string("kat\0alog", 8));
  auto language = store.setting(kSettingLanguage);
  ASSERT_TRUE(language.ok());
  EXPECT_EQ(language.value(), "id");
  auto credentials = store.credentials();
  ASSERT_TRUE(credentials.ok() && credentials.value());
  EXPECT_EQ(credentials.value()->device_id, "device-6f1c");
  expect_sample_photos(store, version);
}

TEST(StoreFixtures, EveryReleasedSchemaVersionHasAFixture) {
  for (int version = 1; version <= LocalStore::schema_version(); ++version) {
    EXPECT_TRUE(fs::exists(fixture_path(version)))
        << "schema version " << version << " has no fixture at " << fixture_path(version)
        << "; make it with the generator described in tests/core/store/fixtures/README.md";
  }
  EXPECT_FALSE(fs::exists(fixture_path(LocalStore::schema_version() + 1)))
      << "a fixture exists for a schema version the code does not know";
}

TEST(StoreFixtures, FreshStoreIsAtTheLatestVersionWithSampleDataReadable) {
  TempPath path;
  auto store = LocalStore::open(path.str());
  ASSERT_TRUE(store.ok()) << store.error().detail;
  write_sample_data(store.value());
  expect_sample_data(store.value());
  auto db = Database::open(path.str());
  ASSERT_TRUE(db.ok());
  auto version = schema_version(db.value());
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version.value(), LocalStore::schema_version());
}

TEST(StoreFixtures, EachFixtureUpgradesInPlaceKeepingItsData) {
  TempPath fresh;
  ASSERT_TRUE(LocalStore::open(fresh.str(), rollback_journal()).ok());
  const auto fresh_schema = schema_of(fresh.str());
  for (int version = 1; version <= LocalStore::schema_version(); ++version) {
    SCOPED_TRACE("fixture v" + std::to_string(version));
    if (!fs::exists(fixture_path(version))) continue;  // reported by the test above
    TempPath copy;
    fs::copy_file(fixture_path(version), copy.str());
    {
      auto db = Database::open(copy.str());
      ASSERT_TRUE(db.ok());
      auto found = schema_version(db.value());
      ASSERT_TRUE(found.ok());
      EXPECT_EQ(found.value(), version) << "the fixture is not of the version its name says";
    }
    auto store = LocalStore::open(copy.str());
    ASSERT_TRUE(store.ok()) << store.error().detail;
    expect_sample_data(store.value(), version);
    EXPECT_EQ(schema_of(copy.str()), fresh_schema);
  }
}

TEST(StoreFixtures, NewerDatabaseIsRefusedAndUnchanged) {
  TempPath path;
  {
    auto store = LocalStore::open(path.str(), rollback_journal());
    ASSERT_TRUE(store.ok());
    write_sample_data(store.value());
  }
  {
    auto db = Database::open(path.str());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        db.value()
            .exec("PRAGMA user_version = " + std::to_string(LocalStore::schema_version() + 1))
            .ok());
  }
  auto read = [&] {
    std::ifstream in(path.str(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string before = read();
  auto refused = LocalStore::open(path.str());  // native default asks for WAL
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kErrorNewerSchema);
  EXPECT_EQ(read(), before);
  EXPECT_FALSE(fs::exists(path.str() + "-journal"));
}

TEST(StoreFixtures, FileThatIsNotADatabaseIsReportedCorrupt) {
  TempPath path;
  {
    std::ofstream out(path.str(), std::ios::binary);
    // Close to SQLite's "SQLite format 3\0" magic, embedded NUL and all, but not it.
    constexpr char kHeader[] = "SQLite format 2\0 but not really";
    out.write(kHeader, sizeof(kHeader) - 1);
    out << std::string(2000, '\x7f');
  }
  auto store = LocalStore::open(path.str());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, kErrorCorrupt);
}

// The fixture generator. Every run builds the newest version's fixture in a temporary file and
// checks that it reads back as the sample data; with ADUAN_STORE_WRITE_FIXTURE=1 it is also
// copied into fixtures/ (never over an existing one: released fixtures are frozen).
TEST(StoreFixtures, GeneratorWritesAFixtureOfTheLatestVersion) {
  TempPath path;
  {
    auto store = LocalStore::open(path.str(), rollback_journal());
    ASSERT_TRUE(store.ok());
    write_sample_data(store.value());
  }
  {
    auto db = Database::open(path.str());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value().exec("VACUUM").ok());  // compact, no free pages in the repository
  }
  {
    auto reopened = LocalStore::open(path.str(), rollback_journal());
    ASSERT_TRUE(reopened.ok());
    expect_sample_data(reopened.value());
  }
  const char* wanted = std::getenv("ADUAN_STORE_WRITE_FIXTURE");
  if (wanted == nullptr || std::string(wanted) != "1") return;
  const fs::path target = fixture_path(LocalStore::schema_version());
  ASSERT_FALSE(fs::exists(target)) << target << " exists; released fixtures never change";
  fs::create_directories(target.parent_path());
  fs::copy_file(path.str(), target);
}

}  // namespace
}  // namespace aduan::store
