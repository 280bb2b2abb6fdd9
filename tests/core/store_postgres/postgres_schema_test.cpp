// tests/core/store_postgres/postgres_schema_test.cpp: the server schema on PostgreSQL
// (core/store_postgres/server_schema_postgres.cpp) against the SQLite one it translates: the
// same description (schema_description.h), the numbering, migrating.
//
// Each test works in a schema of its own on the throw-away cluster CTest starts (pg_virtualenv
// exports PG* for libpq), dropped at the end, so the tests share one cluster and never each
// other's tables. The SQLite side is a fresh ServerStore, i.e. every SQLite step as released.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "tests/core/store_postgres/schema_description.h"

namespace aduan::store::pg_testing {
namespace {

// Fails when a SQLite step changes the schema (a column, an index, a trigger, a table) without
// the PostgreSQL step that does the same: append one to server_schema_postgres.cpp.
TEST_F(PostgresSchema, MatchesTheSqliteSchemaTableByTable) {
  ADUAN_ASSERT_OK(migrate_pg());
  testing::TempPath path;
  auto lite = ServerStore::open(path.str());
  ASSERT_TRUE(lite.ok()) << lite.error().detail;
  SqlConnection& sqlite = lite.value().database();

  EXPECT_EQ(latest_version(postgres_server_migrations()),
            ServerStore::schema_version() - kSqliteVersionAtPostgresV1 + 1)
      << "every SQLite step after v" << kSqliteVersionAtPostgresV1 << " needs its PostgreSQL step";
  // Compared as lines of text, so a failure prints the lines that differ, not a cut-off list.
  const auto tables = sqlite_tables(sqlite);
  ASSERT_FALSE(tables.empty());
  EXPECT_EQ(lines(pg_tables(*pg_)), lines(tables));
  for (const std::string& table : tables) {
    EXPECT_EQ(lines(pg_columns(*pg_, table)), lines(sqlite_columns(sqlite, table)))
        << "table " << table;
    EXPECT_EQ(lines(pg_keys(*pg_, table)), lines(sqlite_keys(sqlite, table))) << "table " << table;
    EXPECT_EQ(lines(pg_foreign_keys(*pg_, table)), lines(sqlite_foreign_keys(sqlite, table)))
        << "table " << table;
  }
  const auto indexes = sqlite_indexes(sqlite);
  EXPECT_FALSE(indexes.empty());
  EXPECT_EQ(lines(pg_indexes(*pg_)), lines(indexes));
  const auto triggers = sqlite_triggers(sqlite);
  EXPECT_FALSE(triggers.empty());
  EXPECT_EQ(lines(pg_triggers(*pg_)), lines(triggers));
}

// ---- Migrating ------------------------------------------------------------------------------

// Relations (tables, indexes, sequences) of the test's schema, for "nothing was written".
std::vector<std::string> relations(SqlConnection& db) {
  return first_column(db,
                      "SELECT CAST(c.relname AS TEXT) FROM pg_class c JOIN pg_namespace n "
                      "ON n.oid = c.relnamespace WHERE n.nspname = current_schema()");
}

TEST_F(PostgresSchema, MigratingTwiceChangesNothing) {
  ADUAN_ASSERT_OK(migrate_pg());
  const int latest = latest_version(postgres_server_migrations());
  auto version = pg_->schema_version();
  ASSERT_TRUE(version.ok()) << version.error().detail;
  EXPECT_EQ(version.value(), latest);
  const auto before = relations(*pg_);
  const auto secret = first_column(*pg_, "SELECT value FROM server_secrets");
  ASSERT_EQ(secret.size(), 1u);
  EXPECT_EQ(secret[0].size(), 64u);
  EXPECT_EQ(secret[0].find_first_not_of("0123456789abcdef"), std::string::npos) << secret[0];
  EXPECT_EQ(first_column(*pg_,
                         "SELECT CAST(id AS TEXT) || ':' || fingerprint "
                         "FROM case_index_state"),
            std::vector<std::string>{"1:"});

  ADUAN_ASSERT_OK(migrate_pg());
  version = pg_->schema_version();
  ASSERT_TRUE(version.ok()) << version.error().detail;
  EXPECT_EQ(version.value(), latest);
  EXPECT_EQ(relations(*pg_), before);
  EXPECT_EQ(first_column(*pg_, "SELECT value FROM server_secrets"), secret);
}

TEST_F(PostgresSchema, NewerDatabaseIsRefusedBeforeAnythingIsWritten) {
  const int newer = latest_version(postgres_server_migrations()) + 1;
  {
    auto tx = SqlTransaction::begin(*pg_);
    ASSERT_TRUE(tx.ok()) << tx.error().detail;
    ADUAN_ASSERT_OK(pg_->set_schema_version(newer));
    ADUAN_ASSERT_OK(tx.value().commit());
  }
  const auto before = relations(*pg_);
  auto refused = migrate_pg();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kErrorNewerSchema) << refused.error().detail;
  EXPECT_EQ(relations(*pg_), before);
  auto version = pg_->schema_version();
  ASSERT_TRUE(version.ok()) << version.error().detail;
  EXPECT_EQ(version.value(), newer);
}

// Text keys compare and range-scan byte-wise in both (TEXT COLLATE "C"), e.g. a region and its
// sub-regions as `region_code >= 'x.' AND region_code < 'x/'`. On a cluster whose default
// collation is C or C.UTF-8 (pg_virtualenv's) this would pass without COLLATE "C" too: there
// MatchesTheSqliteSchemaTableByTable is what catches a text column without it.
TEST_F(PostgresSchema, TextComparesByteWiseAsInSqlite) {
  ADUAN_ASSERT_OK(migrate_pg());
  testing::TempPath path;
  auto lite = ServerStore::open(path.str());
  ASSERT_TRUE(lite.ok()) << lite.error().detail;
  SqlConnection& sqlite = lite.value().database();
  const char* ids[] = {"b", "B", "a", "_", "Z", "32", "32.1", "32.12", "32/", "320", "é", "a b"};
  for (SqlConnection* db : {&sqlite, static_cast<SqlConnection*>(pg_.get())}) {
    for (const char* id : ids) {
      auto insert = db->prepare(
          "INSERT INTO agencies (id, name, region_code, kind, updated_at) "
          "VALUES (?1, 'n', ?1, 'unit', 0)");
      ASSERT_TRUE(insert.ok()) << insert.error().detail;
      ADUAN_ASSERT_OK(insert.value().bind_text(1, id).run());
    }
  }
  const std::string ordered = "SELECT id FROM agencies ORDER BY id";
  const std::string ranged =
      "SELECT region_code FROM agencies WHERE region_code >= '32.' AND region_code < '32/' "
      "ORDER BY region_code DESC";
  for (const std::string& sql : {ordered, ranged}) {
    const Rows expected = rows_of(sqlite, sql, 1);
    EXPECT_EQ(rows_of(*pg_, sql, 1), expected) << sql;
  }
  EXPECT_EQ(rows_of(*pg_, ranged, 1).size(), 2u);
}

}  // namespace
}  // namespace aduan::store::pg_testing
