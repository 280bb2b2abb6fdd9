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

namespace aduan::store {
namespace {

using testing::TempPath;
namespace fs = std::filesystem;

fs::path fixture_path(int version) {
  return fs::path(ADUAN_SOURCE_DIR) / "tests/core/store/fixtures" /
         ("server_v" + std::to_string(version) + ".sqlite");
}

domain::Report pushed(int n, domain::Report report) {
  report.tracking_code = domain::tracking_code_from_bits(static_cast<std::uint64_t>(n) * 7919);
  return report;
}

const std::string kPhoto(3000, 'p');  // the one attachment the sample data uploads completely

domain::Report report_with_photo() {
  domain::Report r = pushed(3, testing::minimal_report(3));
  r.attachments = {{"2f2e2d2c2b2a29282726252423222120", "image/jpeg", kPhoto.size(),
                    domain::sha256_hex(kPhoto)}};
  return r;
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Schema v4: a kiosk binding, revoked (every column used), of a device of its own.
void write_v4_sample_data(ServerStore& store) {
  ASSERT_TRUE(store
                  .bind_kiosk({"device-k10sk", "kiosk-00112233aabbccdd", "dinas-pupr-indramayu", "MPP Indramayu",
                               "officer-17", 1700000070000, 1700000080000})
                  .ok());
}

void expect_v4_sample_data(ServerStore& store) {
  auto kiosk = store.kiosk_binding("device-k10sk");
  ASSERT_TRUE(kiosk.ok() && kiosk.value());
  EXPECT_EQ(kiosk.value()->office, "MPP Indramayu");
  EXPECT_EQ(kiosk.value()->revoked_at, 1700000080000);
  auto by_id = store.kiosk_by_id("kiosk-00112233aabbccdd");
  ASSERT_TRUE(by_id.ok() && by_id.value());
  EXPECT_EQ(by_id.value()->device_id, "device-k10sk");
}

// Schema v6: a village official's device (every column used) and a report it pushed for a
// citizen, who consented in writing before a witness; the reporter agreed to SMS news.
domain::Report assisted_report() {
  domain::Report r = pushed(4, testing::minimal_report(4));
  r.channel = domain::Channel::assisted;
  r.on_behalf = domain::OnBehalf{"Pak Darmin", "081298765432", {true, domain::ConsentMethod::written, "Bu Sri"}};
  r.sms_consent = true;
  return r;
}

void write_v6_sample_data(ServerStore& store) {
  ASSERT_TRUE(store
                  .put_official_device({"device-0ff1c", "official-00112233aabbccdd", "officer-51",
                                        1700000090000, 1702592090000, std::nullopt})
                  .ok());
  ASSERT_TRUE(store.revoke_official_device("device-0ff1c", 1700000095000).ok());
  const domain::Report batch[] = {assisted_report()};
  ASSERT_TRUE(store.store_batch("device-0ff1c", batch, 1700000091000, "officer-51").ok());
}

void expect_v6_sample_data(ServerStore& store) {
  auto binding = store.official_device("device-0ff1c");
  ASSERT_TRUE(binding.ok() && binding.value());
  EXPECT_EQ(*binding.value(), (OfficialDevice{"device-0ff1c", "official-00112233aabbccdd", "officer-51",
                                              1700000090000, 1702592090000, 1700000095000}));
  auto by_id = store.official_device_by_id("official-00112233aabbccdd");
  ASSERT_TRUE(by_id.ok() && by_id.value());
  auto assisted = store.report(testing::fixed_id(4));
  ASSERT_TRUE(assisted.ok() && assisted.value());
  EXPECT_TRUE(assisted.value()->report.same_content(assisted_report()));
  EXPECT_EQ(assisted.value()->entered_by, "officer-51");
}

// Schema v8: two Open311 keys, one revoked.
void write_v8_sample_data(ServerStore& store) {
  ASSERT_TRUE(store
                  .add_open311_key({"o311-00112233aabbccdd", "Aplikasi Kota", std::string(64, 'c'),
                                    1700000100000, std::nullopt})
                  .ok());
  ASSERT_TRUE(store
                  .add_open311_key({"o311-99887766554433ff", "Pusat Panggilan",
                                    std::string(64, 'd'), 1700000101000, std::nullopt})
                  .ok());
  ASSERT_TRUE(store.revoke_open311_key("o311-99887766554433ff", 1700000102000).ok());
}

void expect_v8_sample_data(ServerStore& store) {
  auto keys = store.list_open311_keys();
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys.value(),
            (std::vector<Open311Key>{{"o311-00112233aabbccdd", "Aplikasi Kota",
                                      std::string(64, 'c'), 1700000100000, std::nullopt},
                                     {"o311-99887766554433ff", "Pusat Panggilan",
                                      std::string(64, 'd'), 1700000101000, 1700000102000}}));
  auto found = store.open311_key_by_hash(std::string(64, 'c'));
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->key_id, "o311-00112233aabbccdd");
}

// The number of reports in a fixture of `version`: schema v6 added the assisted one.
int sample_reports(int version) { return version >= 6 ? 4 : 3; }

// The data set of every server fixture: a device, three reports (every field used, the
// smallest, one with a completed upload), officer events, and an upload left halfway.
void write_sample_data(ServerStore& store) {
  // Schema v5: the case rows of the sample reports, computed as the server would (weekends only).
  ASSERT_TRUE(store.set_case_indexer(std::make_shared<const cases::CaseIndexer>(workflow::Calendar())).ok());
  ASSERT_TRUE(
      store.register_device("device-6f1c", std::string(64, 'a'), "web", 1700000000000).ok());
  const domain::Report batch[] = {pushed(1, testing::sample_report(1)),
                                  pushed(2, testing::minimal_report(2)), report_with_photo()};
  ASSERT_TRUE(store.store_batch("device-6f1c", batch, 1700000050000).ok());
  ServerEvent verified{0,  testing::fixed_id(1),   "verified",  "verify", 1700000060000,
                       "", "dinas-pupr-indramayu", "officer-17", 0, "national_admin", ""};
  ASSERT_TRUE(store.append_event(verified).ok());
  // Schema v3: an agency, an audit row of the verification, and its applied action id.
  const AgencyRecord agency{"dinas-pupr-indramayu", "Dinas PUPR Kabupaten Indramayu", "", "32.12",
                            "regency", 1700000000000};
  ASSERT_TRUE(store.put_agency(agency).ok());
  ASSERT_TRUE(store
                  .append_audit({0, 1700000060000, "officer-17", "national_admin", "verify",
                                 testing::fixed_id(1), "", "received", "verified", "",
                                 "dinas-pupr-indramayu", "32.12", ""})
                  .ok());
  ASSERT_TRUE(store
                  .record_applied_action({"action-0001", "officer-17", testing::fixed_id(1), 4,
                                          "verified", "dinas-pupr-indramayu", 1700000060000})
                  .ok());
  const domain::Attachment& photo = batch[2].attachments[0];
  ASSERT_TRUE(store
                  .begin_upload({testing::fixed_id(3).to_string(), photo.id, photo.size_bytes,
                                 photo.sha256_hex, 0, false})
                  .ok());
  ASSERT_TRUE(
      store.append_chunk(testing::fixed_id(3).to_string(), photo.id, 0, bytes_of(kPhoto)).ok());
  const domain::Attachment& halfway = batch[0].attachments[1];
  ASSERT_TRUE(store
                  .begin_upload({testing::fixed_id(1).to_string(), halfway.id, halfway.size_bytes,
                                 halfway.sha256_hex, 0, false})
                  .ok());
  ASSERT_TRUE(store
                  .append_chunk(testing::fixed_id(1).to_string(), halfway.id, 0,
                                bytes_of(std::string(500, 'h')))
                  .ok());
  write_v4_sample_data(store);
  write_v6_sample_data(store);
  write_v8_sample_data(store);
}

// The rows of schema v3 and later; an older fixture has none of them after its upgrade.
void expect_v3_sample_data(ServerStore& store) {
  auto agencies = store.list_agencies();
  ASSERT_TRUE(agencies.ok());
  ASSERT_EQ(agencies.value().size(), 1u);
  EXPECT_EQ(agencies.value()[0].region_code, "32.12");
  auto audit = store.audit_entries(testing::fixed_id(1), 0, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit.value().size(), 1u);
  EXPECT_EQ(audit.value()[0].status_after, "verified");
  auto applied = store.applied_action("action-0001");
  ASSERT_TRUE(applied.ok() && applied.value());
  EXPECT_EQ(applied.value()->event_seq, 4);
  auto events = store.timeline(testing::fixed_id(1));
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events.value().back().actor_role, "national_admin");
}

// The case index of schema v5: a row per report, kept totals. A fixture of an older version has
// its reports listed as stale by the upgrade instead; they are computed here as the server does
// at start-up (server_context.cpp), with the generator's calendar.
void expect_v5_sample_data(ServerStore& store, int version) {
  if (version < 5) {
    EXPECT_EQ(store.stale_cases().value(), 3) << "the migration lists every existing report";
    ASSERT_TRUE(
        store.set_case_indexer(std::make_shared<const cases::CaseIndexer>(workflow::Calendar()))
            .ok());
    auto filled = store.reindex_stale_cases(100);
    ASSERT_TRUE(filled.ok()) << filled.error().detail;
    EXPECT_EQ(filled.value(), 3);
  }
  auto verified = store.case_row(testing::fixed_id(1));
  ASSERT_TRUE(verified.ok() && verified.value());
  EXPECT_EQ(verified.value()->status, "verified");
  EXPECT_EQ(verified.value()->holder, "dinas-pupr-indramayu");
  EXPECT_EQ(verified.value()->zone, 7);
  EXPECT_EQ(verified.value()->queue_class, 0) << "the verify clock runs";
  CaseFilter all;
  all.everything = true;
  EXPECT_EQ(store.count_cases(all).value(), sample_reports(version));
  all.status = "received";
  EXPECT_EQ(store.count_cases(all).value(), sample_reports(version) - 1);
  EXPECT_EQ(store.stale_cases().value(), 0);
}

// Schema v7: the reports counted by channel, from the kept totals (every case) and from the
// rows (a status), both agreeing with the sample data of `version`.
void expect_v7_sample_data(ServerStore& store, int version) {
  CaseFilter all;
  all.everything = true;
  for (const std::string& status : {std::string(), std::string("received")}) {
    SCOPED_TRACE("status '" + status + "'");
    all.status = status;
    auto counts = store.channel_counts(all);
    ASSERT_TRUE(counts.ok()) << counts.error().detail;
    std::int64_t total = 0, assisted = 0;
    for (const auto& count : counts.value()) {
      total += count.received;
      if (count.channel == "assisted") assisted += count.received;
    }
    EXPECT_EQ(total, sample_reports(version) - (status.empty() ? 0 : 1));
    EXPECT_EQ(assisted, version >= 6 ? 1 : 0);
  }
}

void expect_sample_data(ServerStore& store, int version) {
  if (version >= 3) expect_v3_sample_data(store);
  if (version >= 4) expect_v4_sample_data(store);
  expect_v5_sample_data(store, version);
  if (version >= 6) expect_v6_sample_data(store);
  if (version >= 8) expect_v8_sample_data(store);
  expect_v7_sample_data(store, version);
  auto count = store.count_reports();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count.value(), sample_reports(version));
  auto first = store.report(testing::fixed_id(1));
  ASSERT_TRUE(first.ok() && first.value());
  domain::Report expected = pushed(1, testing::sample_report(1));
  expected.received_at = 1700000050000;
  EXPECT_EQ(first.value()->report, expected);
  EXPECT_EQ(first.value()->status, "verified");
  EXPECT_EQ(first.value()->device_id, "device-6f1c");
  EXPECT_EQ(first.value()->entered_by, "");
  auto minimal = store.report_by_tracking_code(pushed(2, testing::minimal_report(2)).tracking_code);
  ASSERT_TRUE(minimal.ok() && minimal.value());
  EXPECT_TRUE(minimal.value()->report.same_content(pushed(2, testing::minimal_report(2))));
  auto events = store.events_for_device("device-6f1c", 0, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events.value().size(), 4u);
  EXPECT_EQ(events.value()[3].actor, "officer-17");
  auto photo = store.attachment_bytes(testing::fixed_id(3).to_string(),
                                      report_with_photo().attachments[0].id);
  ASSERT_TRUE(photo.ok() && photo.value());
  EXPECT_EQ(*photo.value(), kPhoto);
  const domain::Attachment halfway = testing::sample_report(1).attachments[1];
  auto resumed = store.begin_upload({testing::fixed_id(1).to_string(), halfway.id,
                                     halfway.size_bytes, halfway.sha256_hex, 0, false});
  ASSERT_TRUE(resumed.ok()) << resumed.error().detail;
  EXPECT_EQ(resumed.value().bytes_held, 500u);
  auto secret = store.device_secret_hash("device-6f1c");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret.value(), std::string(64, 'a'));
}

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
  Database& db = store.value().database();
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
