// `aduan-server migrate --from sqlite://... --to postgresql://...`, end to end with real servers.
//
// Runs under with_postgres.sh (tests/server/CMakeLists.txt): libpq finds the throw-away cluster
// by its PG* variables, so each URL here is postgresql:///<database>, a new database per copy.
// The SQLite deployment is built once for the suite by a real SQLite server: two devices, five
// reports (one with two photos), officers' actions, a reporter's completion, their audit rows
// and a scheduler pass's escalation. What that server answered (public statistics as JSON and
// CSV, an officer's queue and statistics, a device's events and cursor) is recorded before it
// stops, and the server started on PostgreSQL after the migration must answer the same.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "core/domain/secrets.h"
#include "core/domain/sha256.h"
#include "core/store/database.h"
#include "core/store_postgres/pg_connection.h"
#include "core/workflow/time_zone.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

namespace fs = std::filesystem;
using Counts = std::map<std::string, std::int64_t>;

struct Ran {
  int status = -1;
  std::string output;
};

Ran run(const std::string& arguments) {
  const std::string command = server_binary() + " " + arguments + " 2>&1";
  Ran ran;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return ran;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) ran.output += buffer;
  ran.status = pclose(pipe);
  return ran;
}

Ran migrate(const std::string& sqlite_path, const std::string& database) {
  return run("migrate --from sqlite://" + sqlite_path + " --to postgresql:///" + database);
}

// A new, empty database in the test's cluster.
void create_database(const std::string& name) {
  auto admin = store::PgConnection::connect("");
  ASSERT_TRUE(admin) << admin.error().detail;
  ASSERT_TRUE(admin.value()->exec("CREATE DATABASE " + name));
}

// The rows of every table, counted independently of the command under test.
Counts postgres_counts(const std::string& database) {
  Counts counts;
  auto db = store::PgConnection::connect("postgresql:///" + database);
  EXPECT_TRUE(db) << db.error().detail;
  if (!db) return counts;
  auto tables = db.value()->prepare(
      "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' "
      "AND table_type = 'BASE TABLE' AND table_name <> 'aduan_schema_version'");
  EXPECT_TRUE(tables);
  while (tables && tables.value().step().value()) {
    const std::string name = tables.value().column_text(0);
    counts[name] = db.value()->query_int("SELECT count(*) FROM " + name).value();
  }
  return counts;
}

bool has_sidecars(const std::string& path) {
  return fs::exists(path + "-wal") || fs::exists(path + "-shm");
}

// As the command, the count leaves the folder as it found it (a read-only connection to a WAL
// database creates the -wal and -shm files).
Counts sqlite_counts(const std::string& path) {
  const bool had_sidecars = has_sidecars(path);
  Counts counts = [&] {
    Counts counted;
    store::OpenOptions read_only;
    read_only.read_only = true;
    auto db = store::Database::open(path, read_only);
    EXPECT_TRUE(db);
    if (!db) return counted;
    auto tables = db.value().prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (tables && tables.value().step().value()) {
      const std::string name = tables.value().column_text(0);
      counted[name] = db.value().query_int("SELECT count(*) FROM " + name).value();
    }
    return counted;
  }();
  if (!had_sidecars)
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(path + suffix);
  return counts;
}

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return domain::sha256_hex(std::string(std::istreambuf_iterator<char>(in), {}));
}

std::string today_plus_days(int days) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return domain::to_string(
      workflow::local_date(now + std::int64_t{days} * 86'400'000, workflow::TimeZone::wib));
}

// A page without the instant it was made ("now" of the officer's queue).
std::string timeless(std::string body) {
  const std::string key = "\"now\":";
  if (auto at = body.find(key); at != std::string::npos) {
    auto end = body.find_first_not_of("0123456789", at + key.size());
    body.erase(at, end - at);
  }
  return body;
}

// What the SQLite deployment holds and what its server answered.
struct Deployment {
  std::string dir, db_path, year;
  std::string sha256;            // of the SQLite file before the migration
  std::string national, dinkes;  // officers' session tokens, still valid after the move
  std::string device_id, device_secret;
  std::uint64_t cursor = 0;  // device A's, after pulling everything
  std::vector<domain::Report> reports;
  std::string photo;                           // report 0's first photo
  std::map<std::string, std::string> answers;  // path -> body, as the SQLite server gave it
  Counts counts;
};

// The pages compared before and after: public statistics, an officer's queue and statistics.
std::vector<std::pair<std::string, bool>> compared_pages(const std::string& year) {
  return {{"/api/v1/stats?year=" + year, false},
          {"/api/v1/stats.csv?year=" + year, false},
          {"/api/v1/officer/queue?limit=100", true},
          {"/api/v1/officer/stats?year=" + year, true}};
}

void build_deployment(Deployment& d) {
  d.dir = make_temp_dir("aduan-migrate-");
  d.db_path = d.dir + "/aduan.db";
  ServerProcess server(server_args({"--scheduler-interval", "0"}), d.dir);
  ASSERT_TRUE(server.started()) << server.output();
  TestDevice a(server), b(server);
  ASSERT_TRUE(a.register_device() && b.register_device());
  d.national = officer_session(server, "nasional", "national_admin", "", "");
  d.dinkes = officer_session(server, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
  const char* agencies[] = {"kab-32.12-dinkes", "kab-32.12-dinkes", "kab-32.12-dinkes",
                            "kab-32.12-pupr", "kab-32.12-dlh"};
  for (int i = 0; i < 5; ++i)
    d.reports.push_back(report_at(701 + i, "32.12", agencies[i], false, i == 2));
  d.photo = std::string(60 * 1024, 'p');
  std::string second_photo(20 * 1024, 'q');
  for (const std::string* bytes : {&d.photo, &second_photo})
    d.reports[0].attachments.push_back(
        {domain::random_hex(16), "image/jpeg", bytes->size(), domain::sha256_hex(*bytes)});
  ASSERT_TRUE(a.push({d.reports[0], d.reports[1], d.reports[2]}));
  ASSERT_TRUE(b.push({d.reports[3], d.reports[4]}));
  for (std::size_t i = 0; i < 2; ++i) {
    auto put =
        a.client().Put("/api/v1/reports/" + d.reports[0].id.to_string() + "/attachments/" +
                           d.reports[0].attachments[i].id + "?offset=0",
                       a.headers(), i == 0 ? d.photo : second_photo, "application/octet-stream");
    ASSERT_TRUE(put && put->status == 200) << (put ? put->body : "no answer");
  }
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(act(server, d.national, d.reports[i].id, {"verify"})->status, 200);
    ASSERT_EQ(
        act(server, d.national, d.reports[i].id, {"disposition", "", "kab-32.12-satpolpp"})->status,
        200);
    ASSERT_EQ(act(server, d.national, d.reports[i].id, {"redisposition", "", agencies[i]})->status,
              200);
  }
  ASSERT_EQ(act(server, d.national, d.reports[4].id, {"reject", "bukan pelayanan publik"})->status,
            200);
  for (int i : {0, 1})
    ASSERT_EQ(act(server, d.dinkes, d.reports[i].id, {"follow_up", "Kami tinjau."})->status, 200);
  ASSERT_EQ(act(server, d.dinkes, d.reports[0].id, {"respond", "Sudah."})->status, 200);
  ASSERT_EQ(reporter_act(server, d.reports[0], {"complete"})->status, 200);
  // A month on, report 2 (never followed up) is escalated by the scheduler: a system event.
  EXPECT_NE(
      run_scheduler_at(server, today_plus_days(30) + "T12:00:00+07:00").find("\"escalated\":"),
      std::string::npos);
  for (bool more = true; more;) {
    auto pulled = a.pull(d.cursor);
    ASSERT_TRUE(pulled);
    ASSERT_FALSE(pulled->events.empty() && d.cursor == 0);
    d.cursor = pulled->next_cursor;
    more = pulled->more;
  }
  d.device_id = a.device_id;
  d.device_secret = a.secret;
  d.year = today_plus_days(0).substr(0, 4);
  for (const auto& [path, officer] : compared_pages(d.year)) {
    auto answer = get_as(server, officer ? d.dinkes : "", path);
    ASSERT_TRUE(answer && answer->status == 200) << path;
    d.answers[path] = timeless(answer->body);
  }
  ASSERT_EQ(server.stop(), 0);
  // A stopped server may leave its -wal beside the file (a worker's connection not closed at
  // exit); one connection opened and closed here folds it in and removes both sidecars, so the
  // test starts from a folder with none, as an operator's usually is.
  {
    auto folded = store::Database::open(d.db_path);
    ASSERT_TRUE(folded.ok());
    ASSERT_TRUE(folded.value().query_int("SELECT count(*) FROM sqlite_master").ok());
  }
  ASSERT_FALSE(has_sidecars(d.db_path));
  d.counts = sqlite_counts(d.db_path);
}

class MigrateCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    deployment_ = new Deployment;
    build_deployment(*deployment_);
    create_database("aduan_main");
    deployment_->sha256 = file_sha256(deployment_->db_path);
    migrated_ = migrate(deployment_->db_path, "aduan_main");
  }
  static void TearDownTestSuite() {
    fs::remove_all(deployment_->dir);
    delete deployment_;
  }
  void SetUp() override {
    ASSERT_FALSE(d().counts.empty()) << "the SQLite deployment was not built";
    ASSERT_EQ(migrated_.status, 0) << migrated_.output;
  }
  static const Deployment& d() { return *deployment_; }

  static Deployment* deployment_;
  static Ran migrated_;
};
Deployment* MigrateCommand::deployment_ = nullptr;
Ran MigrateCommand::migrated_;

TEST_F(MigrateCommand, CopiesEveryTableAndSaysSoPerTable) {
  EXPECT_GE(d().counts.size(), 25u);
  EXPECT_EQ(postgres_counts("aduan_main"), d().counts);
  for (const auto& [table, rows] : d().counts)
    EXPECT_NE(migrated_.output.find("  " + table + " "), std::string::npos) << table;
  // The tables whose copy the deployment exercises (others may be empty in it).
  for (const char* table :
       {"devices", "reports", "events", "attachment_chunks", "officers", "officer_sessions",
        "audit_log", "cases", "case_totals", "case_counts", "case_channel_totals", "agencies"})
    EXPECT_GT(d().counts.at(table), 0) << table;
  EXPECT_NE(migrated_.output.find("events.seq continues after"), std::string::npos)
      << migrated_.output;
  // The source is only read: the same bytes, and no -wal or -shm left beside it.
  EXPECT_EQ(file_sha256(d().db_path), d().sha256);
  EXPECT_FALSE(has_sidecars(d().db_path));
}

TEST_F(MigrateCommand, ThePostgresServerAnswersAsTheSqliteServerDid) {
  ServerProcess server(
      server_args({"--scheduler-interval", "0", "--database-url", "postgresql:///aduan_main"}));
  ASSERT_TRUE(server.started()) << server.output();
  for (const auto& [path, officer] : compared_pages(d().year)) {
    auto answer = get_as(server, officer ? d().dinkes : "", path);
    ASSERT_TRUE(answer) << path;
    EXPECT_EQ(timeless(answer->body), d().answers.at(path)) << path;
  }
  // The photo, whole, for its device.
  TestDevice device(server);
  device.device_id = d().device_id;
  device.secret = d().device_secret;
  auto photo = device.client().Get("/api/v1/reports/" + d().reports[0].id.to_string() +
                                       "/attachments/" + d().reports[0].attachments[0].id,
                                   device.headers());
  ASSERT_TRUE(photo);
  EXPECT_NE(photo->body.find("\"bytes_held\":" + std::to_string(d().photo.size())),
            std::string::npos)
      << photo->body;

  // The device goes on from its old cursor: nothing it has seen comes again, and the first new
  // event gets a number after every copied one (the sequence was moved past them).
  auto nothing_new = device.pull(d().cursor);
  ASSERT_TRUE(nothing_new);
  EXPECT_TRUE(nothing_new->events.empty());
  EXPECT_EQ(nothing_new->next_cursor, d().cursor);
  ASSERT_EQ(act(server, d().dinkes, d().reports[1].id, {"respond", "Sudah diperbaiki."})->status,
            200);
  auto one_new = device.pull(d().cursor);
  ASSERT_TRUE(one_new);
  ASSERT_EQ(one_new->events.size(), 1u);
  EXPECT_GT(one_new->events[0].seq, d().cursor);
  EXPECT_EQ(one_new->events[0].report_id, d().reports[1].id);
  EXPECT_TRUE(device.pull(one_new->next_cursor)->events.empty());
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(MigrateCommand, ASecondMigrateIntoTheFilledDatabaseIsRefusedAndChangesNothing) {
  const Counts before = postgres_counts("aduan_main");
  const Ran again = migrate(d().db_path, "aduan_main");
  EXPECT_NE(again.status, 0);
  EXPECT_NE(again.output.find("already holds data (rows in agencies, "), std::string::npos)
      << again.output;
  EXPECT_NE(again.output.find("new, empty database"), std::string::npos) << again.output;
  EXPECT_EQ(postgres_counts("aduan_main"), before);
}

TEST_F(MigrateCommand, AFailureHalfwayLeavesNoRowInPostgres) {
  // A copy whose attachment list names a report that does not exist: PostgreSQL's foreign key
  // refuses it after reports, events and more have gone in, and all of it is rolled back.
  const std::string broken = d().dir + "/broken.db";
  fs::copy_file(d().db_path, broken);
  {
    auto db = store::Database::open(broken);
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        db.value().exec("PRAGMA foreign_keys = OFF; INSERT INTO report_attachments VALUES "
                        "(randomblob(16), 0, 'a1', 'image/jpeg', 1, 'ff')"));
  }
  create_database("aduan_broken");
  const Ran failed = migrate(broken, "aduan_broken");
  EXPECT_NE(failed.status, 0);
  EXPECT_NE(failed.output.find("copying report_attachments: "), std::string::npos) << failed.output;
  EXPECT_NE(failed.output.find("no rows were written"), std::string::npos) << failed.output;
  for (const auto& [table, rows] : postgres_counts("aduan_broken"))
    EXPECT_EQ(rows, table == "case_index_state" || table == "server_secrets" ? 1 : 0) << table;
}

TEST_F(MigrateCommand, BadSourcesAreClearErrorsAndAreLeftAsFound) {
  const std::string dir = make_temp_dir("aduan-migrate-bad-");
  const Ran missing = migrate(dir + "/missing.db", "aduan_main");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.output.find("no database at " + dir + "/missing.db"), std::string::npos)
      << missing.output;

  std::ofstream(dir + "/notes.txt") << "not a database at all, but long enough to be read as one\n";
  const Ran text = migrate(dir + "/notes.txt", "aduan_main");
  EXPECT_NE(text.status, 0);
  EXPECT_NE(text.output.find("is not an Aduan server database"), std::string::npos) << text.output;

  ASSERT_TRUE(store::Database::open(dir + "/other.db").value().exec("CREATE TABLE t (x)"));
  const Ran other = migrate(dir + "/other.db", "aduan_main");
  EXPECT_NE(other.status, 0);
  EXPECT_NE(other.output.find("other.db is not an Aduan server database"), std::string::npos)
      << other.output;

  // An older server database is refused with what to do, and left byte for byte, sidecars too.
  const std::string old = dir + "/old.db";
  fs::copy_file(std::string(ADUAN_SOURCE_DIR) + "/tests/core/store/fixtures/server_v8.sqlite", old);
  const std::string hash = file_sha256(old);
  const Ran older = migrate(old, "aduan_main");
  EXPECT_NE(older.status, 0);
  EXPECT_NE(older.output.find("start this aduan-server on it once"), std::string::npos)
      << older.output;
  EXPECT_EQ(file_sha256(old), hash);
  EXPECT_FALSE(has_sidecars(old));

  const Ran not_postgres =
      run("migrate --from sqlite://" + d().db_path + " --to sqlite:///tmp/x.db");
  EXPECT_NE(not_postgres.output.find("--to names the PostgreSQL database"), std::string::npos)
      << not_postgres.output;
  // A source a server has open is refused: the server could write behind the copy.
  ServerProcess running(server_args({"--scheduler-interval", "0"}));
  ASSERT_TRUE(running.started()) << running.output();
  const std::string live = running.data_dir() + "/aduan.db";
  const Ran busy = migrate(live, "aduan_main");
  EXPECT_NE(busy.output.find("has " + live + " open; stop it, then migrate"), std::string::npos)
      << busy.output;
  EXPECT_EQ(running.stop(), 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace aduan::testing
