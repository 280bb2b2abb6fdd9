// tests/core/store_postgres/postgres_fixtures_test.cpp: the PostgreSQL schema's history, as the
// SQLite one's is kept (tests/core/store/server_store_schema_test.cpp).
//
// Every released PostgreSQL schema version N has a fixture tests/core/store_postgres/fixtures/
// postgres_vN.sql: pg_dump's plain-SQL output (--no-owner --no-privileges) of a database at
// version N holding the server's sample data set (tests/core/store/server_sample_data.h) in
// schema public. Plain SQL rather than a binary dump so a review shows what changed, and loaded
// with psql, its one reader (pg_dump's output uses psql's COPY ... FROM stdin and \restrict).
// Each fixture is loaded into a database of its own, opened by the PostgreSQL store (which
// migrates it to the newest version) and expected to hold the sample data and the schema of a
// fresh database. A new PostgreSQL step fails EveryReleasedVersionHasAFixture until its fixture
// is made by running, under pg_virtualenv, build/<dir>/tests/aduan_store_postgres_tests with
// ADUAN_STORE_WRITE_POSTGRES_FIXTURE=1 and
// --gtest_filter=PostgresFixtures.GeneratorWritesAFixtureOfTheLatestVersion.
// Released fixtures never change: they stand for databases in the field.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/store_postgres/postgres_server_store.h"
#include "tests/core/store/server_sample_data.h"
#include "tests/core/store_postgres/schema_description.h"

namespace aduan::store::pg_testing {
namespace {

namespace fs = std::filesystem;

fs::path fixture_path(int version) {
  return fs::path(ADUAN_SOURCE_DIR) / "tests/core/store_postgres/fixtures" /
         ("postgres_v" + std::to_string(version) + ".sql");
}

// The SQLite schema version whose sample data a PostgreSQL version holds.
int sqlite_version_of(int postgres_version) {
  return postgres_version + kSqliteVersionAtPostgresV1 - 1;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A database of its own on the cluster, dropped (with any connection left to it) at the end.
class ScratchDatabase {
 public:
  ScratchDatabase() : name_("f_" + domain::random_hex(8)) {
    auto admin = PgConnection::connect("");
    EXPECT_TRUE(admin.ok()) << admin.error().detail;
    if (!admin.ok()) return;
    admin_ = std::move(admin).value();
    auto made = admin_->exec("CREATE DATABASE " + name_);
    EXPECT_TRUE(made.ok()) << made.error().detail;
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase() {
    if (admin_) (void)admin_->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  const std::string& name() const { return name_; }
  std::string url() const { return "postgresql:///" + name_; }

 private:
  std::string name_;
  std::unique_ptr<PgConnection> admin_;
};

// The client programs of the cluster's installation; pg_virtualenv exports the rest (PG*).
bool load(const ScratchDatabase& db, const fs::path& sql) {
  return std::system(("psql -X -q -v ON_ERROR_STOP=1 -d " + db.name() + " -f " +
                      quoted(sql.string()) + " >/dev/null")
                         .c_str()) == 0;
}

bool dump(const ScratchDatabase& db, const fs::path& sql) {
  return std::system(
             ("pg_dump --no-owner --no-privileges -d " + db.name() + " -f " + quoted(sql.string()))
                 .c_str()) == 0;
}

// Everything schema_description.h says of the connection's schema, for comparing two databases.
std::string description(SqlConnection& db) {
  std::string out = lines(pg_tables(db));
  for (const std::string& table : pg_tables(db)) {
    out += table + ":\n" + lines(pg_columns(db, table)) + lines(pg_keys(db, table)) +
           lines(pg_foreign_keys(db, table));
  }
  return out + lines(pg_indexes(db)) + lines(pg_triggers(db));
}

std::string fresh_description() {
  ScratchDatabase fresh;
  auto store = open_postgres_server_store(fresh.url());
  EXPECT_TRUE(store.ok()) << store.error().detail;
  return store.ok() ? description(store.value().database()) : std::string();
}

TEST(PostgresFixtures, EveryReleasedVersionHasAFixture) {
  const int latest = latest_version(postgres_server_migrations());
  for (int version = 1; version <= latest; ++version) {
    EXPECT_TRUE(fs::exists(fixture_path(version)))
        << "PostgreSQL schema version " << version << " has no fixture at " << fixture_path(version)
        << "; make it with the generator named at the top of "
        << "postgres_fixtures_test.cpp";
  }
  EXPECT_FALSE(fs::exists(fixture_path(latest + 1)))
      << "a fixture exists for a PostgreSQL schema version the code does not know";
}

TEST(PostgresFixtures, EachFixtureUpgradesKeepingItsData) {
  const std::string fresh = fresh_description();
  ASSERT_FALSE(fresh.empty());
  for (int version = 1; version <= latest_version(postgres_server_migrations()); ++version) {
    SCOPED_TRACE("fixture postgres_v" + std::to_string(version));
    if (!fs::exists(fixture_path(version))) continue;  // reported by the test above
    ScratchDatabase db;
    ASSERT_TRUE(load(db, fixture_path(version)));
    {
      auto connected = PgConnection::connect(db.url());
      ASSERT_TRUE(connected.ok()) << connected.error().detail;
      auto found = connected.value()->schema_version();
      ASSERT_TRUE(found.ok()) << found.error().detail;
      EXPECT_EQ(found.value(), version) << "the fixture is not of the version its name says";
    }
    auto store = open_postgres_server_store(db.url());
    ASSERT_TRUE(store.ok()) << store.error().detail;
    server_sample::expect_sample_data(store.value(), sqlite_version_of(version));
    EXPECT_EQ(description(store.value().database()), fresh);
  }
}

// Every run builds the newest version's fixture in a temporary file and checks it loads back;
// with ADUAN_STORE_WRITE_POSTGRES_FIXTURE=1 it is also copied to fixtures/postgres_vN.sql (never
// over an existing one: released fixtures are frozen).
TEST(PostgresFixtures, GeneratorWritesAFixtureOfTheLatestVersion) {
  const int latest = latest_version(postgres_server_migrations());
  const fs::path made = fs::temp_directory_path() / ("aduan-" + domain::random_hex(8) + ".sql");
  {
    ScratchDatabase source;
    {
      auto store = open_postgres_server_store(source.url());
      ASSERT_TRUE(store.ok()) << store.error().detail;
      server_sample::write_sample_data(store.value());
    }
    ASSERT_TRUE(dump(source, made));
  }
  {
    ScratchDatabase copy;
    ASSERT_TRUE(load(copy, made));
    auto store = open_postgres_server_store(copy.url());
    ASSERT_TRUE(store.ok()) << store.error().detail;
    server_sample::expect_sample_data(store.value(), sqlite_version_of(latest));
  }
  const char* wanted = std::getenv("ADUAN_STORE_WRITE_POSTGRES_FIXTURE");
  if (wanted != nullptr && std::string(wanted) == "1") {
    const fs::path target = fixture_path(latest);
    EXPECT_FALSE(fs::exists(target)) << target << " exists; released fixtures never change";
    if (!fs::exists(target)) {
      fs::create_directories(target.parent_path());
      fs::copy_file(made, target);
    }
  }
  fs::remove(made);
}

}  // namespace
}  // namespace aduan::store::pg_testing
