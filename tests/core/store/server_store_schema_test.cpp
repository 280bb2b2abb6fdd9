// Tests of the server store's file: durability settings, schema history, operations.
//
// Durability: the server acknowledges a report only once store_batch has committed it, so the
// file must be in WAL mode with synchronous=FULL (2), which survives a power cut, not only a
// crash of the process; these checks are the durability requirement of the server issue.
//
// Schema history: every released server schema version has a fixture database
// tests/core/store/fixtures/server_vN.sqlite, copied and upgraded in place by ServerStore::open
// and then expected to hold the sample data and the schema of a fresh store. A new server
// schema version fails EveryReleasedServerSchemaVersionHasAFixture until its fixture is made
// by running build/<dir>/tests/aduan_store_tests with ADUAN_STORE_WRITE_SERVER_FIXTURE=1 and
// --gtest_filter=ServerStoreFixtures.GeneratorWritesAFixtureOfTheLatestVersion.
// Released fixtures never change: they stand for databases on servers in the field.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/cases/case_index.h"
#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/server_sample_data.h"

namespace aduan::store {
namespace {

using testing::TempPath;
namespace fs = std::filesystem;

using namespace server_sample;  // the sample data set (server_sample_data.h)

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

// The server store insists on WAL, so these tests run natively only (tests/CMakeLists.txt).
#define ADUAN_OPEN_OR_FAIL(store, path) \
  auto store = ServerStore::open(path); \
  ASSERT_TRUE(store.ok()) << store.error().detail

TEST(ServerStoreSchema, DurableAgainstPowerLoss) {
  TempPath path;
  ADUAN_OPEN_OR_FAIL(store, path.str());
  Database& db = dynamic_cast<SqliteConnection&>(store.value().database()).database();
  auto mode = db.journal_mode();
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(mode.value(), JournalMode::wal);
  auto text_mode = db.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(text_mode.ok());
  ASSERT_TRUE(text_mode.value().step().ok());
  EXPECT_EQ(text_mode.value().column_text(0), "wal");
  auto synchronous = db.query_int("PRAGMA synchronous");
  ASSERT_TRUE(synchronous.ok());
  EXPECT_EQ(synchronous.value(), 2) << "synchronous must be FULL";
  auto foreign_keys = db.query_int("PRAGMA foreign_keys");
  ASSERT_TRUE(foreign_keys.ok());
  EXPECT_EQ(foreign_keys.value(), 1);
  auto busy = db.query_int("PRAGMA busy_timeout");
  ASSERT_TRUE(busy.ok());
  EXPECT_GT(busy.value(), 0);
  auto version = schema_version(db);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version.value(), ServerStore::schema_version());
  EXPECT_GE(ServerStore::schema_version(), 1);
}

TEST(ServerStoreSchema, HasTheTablesAndIndexesTheQueriesNeed) {
  TempPath path;
  ADUAN_OPEN_OR_FAIL(store, path.str());
  for (const char* name :
       {"devices", "reports", "report_attachments", "events", "attachments", "attachment_chunks",
        "events_by_device", "events_by_report", "reports_by_status", "reports_newest_first", "cases",
        "cases_queue", "cases_queue_by_holder", "cases_newest_by_holder", "cases_running",
        "cases_by_region", "cases_due", "case_totals", "case_counts", "cases_stale"}) {
    auto stmt =
        store.value().database().prepare("SELECT count(*) FROM sqlite_schema WHERE name = ?1");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(stmt.value().bind_text(1, name).step().ok());
    EXPECT_EQ(stmt.value().column_int(0), 1) << name;
  }
  // A device's pull must be an index range, not a scan of every event.
  auto plan = store.value().database().prepare(
      "EXPLAIN QUERY PLAN SELECT seq FROM events WHERE device_id = 'd' AND seq > 5 "
      "ORDER BY seq LIMIT 10");
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan.value().step().ok());
  EXPECT_NE(plan.value().column_text(3).find("events_by_device"), std::string::npos)
      << plan.value().column_text(3);
}

TEST(ServerStoreSchema, NewerDatabaseIsRefusedAndUnchanged) {
  TempPath path;
  {
    ADUAN_OPEN_OR_FAIL(store, path.str());
    write_sample_data(store.value());
    ASSERT_TRUE(
        store.value()
            .database()
            .exec("PRAGMA user_version = " + std::to_string(ServerStore::schema_version() + 1))
            .ok());
  }
  auto read = [&] {
    std::ifstream in(path.str(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string before = read();
  auto refused = ServerStore::open(path.str());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kErrorNewerSchema);
  EXPECT_EQ(read(), before);
}

TEST(ServerStoreSchema, IntegrityCheckSaysOk) {
  TempPath path;
  ADUAN_OPEN_OR_FAIL(store, path.str());
  write_sample_data(store.value());
  auto check = store.value().integrity_check();
  ASSERT_TRUE(check.ok()) << check.error().detail;
  EXPECT_EQ(check.value(), "ok");
}

TEST(ServerStoreSchema, BackupHoldsEveryReportAndOpensAsAStore) {
  TempPath path;
  TempPath backup;
  ADUAN_OPEN_OR_FAIL(store, path.str());
  write_sample_data(store.value());
  auto copied = store.value().backup_to(backup.str());
  ASSERT_TRUE(copied.ok()) << copied.error().detail;
  // The live store keeps serving after the backup.
  const domain::Report later[] = {pushed(9, testing::minimal_report(9))};
  ASSERT_TRUE(store.value().store_batch("device-6f1c", later, 1700000070000).ok());

  auto restored = ServerStore::open(backup.str());
  ASSERT_TRUE(restored.ok()) << restored.error().detail;
  expect_sample_data(restored.value(), ServerStore::schema_version());
  auto check = restored.value().integrity_check();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check.value(), "ok");
}

TEST(ServerStoreSchema, BackupNeverOverwritesAFile) {
  TempPath path;
  TempPath existing;
  ADUAN_OPEN_OR_FAIL(store, path.str());
  { std::ofstream(existing.str()) << "yesterday's backup"; }
  auto copied = store.value().backup_to(existing.str());
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.error().code, kErrorInvalidArgument);
  std::ifstream in(existing.str());
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "yesterday's backup");
}

TEST(ServerStoreFixtures, EveryReleasedServerSchemaVersionHasAFixture) {
  for (int version = 1; version <= ServerStore::schema_version(); ++version) {
    EXPECT_TRUE(fs::exists(fixture_path(version)))
        << "server schema version " << version << " has no fixture at " << fixture_path(version)
        << "; make it with the generator named at the top of server_store_schema_test.cpp";
  }
  EXPECT_FALSE(fs::exists(fixture_path(ServerStore::schema_version() + 1)))
      << "a fixture exists for a server schema version the code does not know";
}

TEST(ServerStoreFixtures, EachFixtureUpgradesInPlaceKeepingItsData) {
  TempPath fresh;
  { ADUAN_OPEN_OR_FAIL(store, fresh.str()); }
  const auto fresh_schema = schema_of(fresh.str());
  for (int version = 1; version <= ServerStore::schema_version(); ++version) {
    SCOPED_TRACE("fixture server_v" + std::to_string(version));
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
    auto store = ServerStore::open(copy.str());
    ASSERT_TRUE(store.ok()) << store.error().detail;
    expect_sample_data(store.value(), version);
    auto check = store.value().integrity_check();
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(check.value(), "ok");
    EXPECT_EQ(schema_of(copy.str()), fresh_schema);
  }
}

// Protocol version 3 added fields to a report's content hash only when set, so a device still
// retrying a report the server stored before the upgrade is told "duplicate", never "conflict".
TEST(ServerStoreFixtures, ARetryOfAReportStoredBeforeVersionThreeIsStillADuplicate) {
  for (int version = 1; version < 6; ++version) {
    SCOPED_TRACE("fixture server_v" + std::to_string(version));
    TempPath copy;
    fs::copy_file(fixture_path(version), copy.str());
    ADUAN_OPEN_OR_FAIL(store, copy.str());
    const domain::Report retry[] = {pushed(1, testing::sample_report(1)), pushed(2, testing::minimal_report(2))};
    auto results = store.value().store_batch("device-6f1c", retry, 1700000099000);
    ASSERT_TRUE(results.ok()) << results.error().detail;
    for (const auto& result : results.value()) EXPECT_EQ(result.outcome, StoreOutcome::duplicate);
  }
}

// The server fixture generator. Every run builds the newest version's fixture in a temporary
// file and checks it reads back; with ADUAN_STORE_WRITE_SERVER_FIXTURE=1 it is also copied to
// fixtures/server_vN.sqlite (never over an existing one: released fixtures are frozen).
TEST(ServerStoreFixtures, GeneratorWritesAFixtureOfTheLatestVersion) {
  TempPath path;
  {
    ADUAN_OPEN_OR_FAIL(store, path.str());
    write_sample_data(store.value());
  }
  {
    // One self-contained file: out of WAL, compacted, no free pages in the repository.
    auto db = Database::open(path.str());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value().exec("PRAGMA journal_mode = DELETE").ok());
    ASSERT_TRUE(db.value().exec("VACUUM").ok());
  }
  {
    ADUAN_OPEN_OR_FAIL(reopened, path.str());
    expect_sample_data(reopened.value(), ServerStore::schema_version());
  }
  const char* wanted = std::getenv("ADUAN_STORE_WRITE_SERVER_FIXTURE");
  if (wanted == nullptr || std::string(wanted) != "1") return;
  const fs::path target = fixture_path(ServerStore::schema_version());
  ASSERT_FALSE(fs::exists(target)) << target << " exists; released fixtures never change";
  fs::create_directories(target.parent_path());
  fs::copy_file(path.str(), target);
}

}  // namespace
}  // namespace aduan::store
