// Tests of the migration runner (core/store/migrations.h) with small synthetic schemas: fresh
// create, upgrade in place, a failing step, a newer file refused untouched, bad numbering.
// The client schema's own history is tested against fixture files in fixtures_test.cpp.
#include "core/store/migrations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/store/local_store.h"
#include "core/store/test_support.h"

namespace aduan::store {
namespace {

using testing::TempPath;

constexpr Migration kThreeSteps[] = {
    {1, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
    {2, "ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;"},
    {3,
     "CREATE TABLE tags (note_id INTEGER REFERENCES notes (id), tag TEXT);"
     "CREATE INDEX tags_by_note ON tags (note_id);"},
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int version_of(Database& db) {
  auto v = schema_version(db);
  EXPECT_TRUE(v.ok());
  return v.ok() ? v.value() : -1;
}

TEST(Migrations, FreshFileGetsEveryStep) {
  TempPath path;
  auto db = open_migrated(path.str(), {}, kThreeSteps);
  ASSERT_TRUE(db.ok()) << db.error().detail;
  EXPECT_EQ(version_of(db.value()), 3);
  EXPECT_TRUE(db.value().exec("INSERT INTO notes (text, pinned) VALUES ('a', 1)").ok());
  EXPECT_TRUE(db.value().exec("INSERT INTO tags VALUES (1, 'x')").ok());
  EXPECT_EQ(latest_version(kThreeSteps), 3);
  EXPECT_EQ(latest_version({}), 0);
}

TEST(Migrations, RunningAgainChangesNothing) {
  TempPath path;
  ASSERT_TRUE(open_migrated(path.str(), {}, kThreeSteps).ok());
  auto db = open_migrated(path.str(), {}, kThreeSteps);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(version_of(db.value()), 3);
}

TEST(Migrations, OlderFileIsUpgradedInPlaceWithDataKept) {
  TempPath path;
  {
    auto v1 = open_migrated(path.str(), {}, std::span(kThreeSteps).first(1));
    ASSERT_TRUE(v1.ok());
    ASSERT_TRUE(v1.value().exec("INSERT INTO notes (text) VALUES ('dari versi satu')").ok());
  }
  auto db = open_migrated(path.str(), {}, kThreeSteps);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(version_of(db.value()), 3);
  auto stmt = db.value().prepare("SELECT text, pinned FROM notes");
  ASSERT_TRUE(stmt.ok());
  auto row = stmt.value().step();
  ASSERT_TRUE(row.ok() && row.value());
  EXPECT_EQ(stmt.value().column_text(0), "dari versi satu");
  EXPECT_EQ(stmt.value().column_int(1), 0);
}

TEST(Migrations, FailingStepIsRolledBackAndEarlierStepsKept) {
  TempPath path;
  constexpr Migration kBroken[] = {
      kThreeSteps[0],
      {2, "CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);"},
  };
  auto db = Database::open(path.str());
  ASSERT_TRUE(db.ok());
  auto s = migrate(db.value(), kBroken);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorSql);
  EXPECT_NE(s.error().detail.find("migration 2"), std::string::npos) << s.error().detail;
  EXPECT_EQ(version_of(db.value()), 1);
  EXPECT_FALSE(db.value().prepare("SELECT * FROM half").ok());  // no half-applied step
  EXPECT_TRUE(db.value().prepare("SELECT * FROM notes").ok());
  EXPECT_FALSE(db.value().in_transaction());
}

TEST(Migrations, NewerFileIsRefusedAndLeftByteForByte) {
  TempPath path;
  {
    auto db = open_migrated(
        path.str(),
        [] {
          OpenOptions o;
          o.journal_mode = JournalMode::delete_file;
          return o;
        }(),
        kThreeSteps);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value().exec("INSERT INTO notes (text) VALUES ('dari versi baru')").ok());
    ASSERT_TRUE(db.value().exec("PRAGMA user_version = 4").ok());
  }
  const std::string before = read_file(path.str());
  ASSERT_FALSE(before.empty());

  // WAL would rewrite the header if it were applied before the version check.
  auto refused = open_migrated(path.str(), {}, kThreeSteps);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kErrorNewerSchema);
  EXPECT_EQ(read_file(path.str()), before);

  auto db = Database::open(path.str());
  ASSERT_TRUE(db.ok());
  auto s = migrate(db.value(), kThreeSteps);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorNewerSchema);
  EXPECT_EQ(version_of(db.value()), 4);
}

TEST(Migrations, ListMustBeNumberedFromOneWithoutGaps) {
  TempPath path;
  constexpr Migration kGap[] = {kThreeSteps[0], kThreeSteps[2]};
  auto db = Database::open(path.str());
  ASSERT_TRUE(db.ok());
  auto s = migrate(db.value(), kGap);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorSql);
  EXPECT_EQ(version_of(db.value()), 0);  // nothing ran
}

TEST(Migrations, ReadOnlyOpenNeedsTheCurrentVersion) {
  TempPath path;
  ASSERT_TRUE(open_migrated(path.str(), {}, std::span(kThreeSteps).first(2)).ok());
  OpenOptions read_only;
  read_only.read_only = true;
  auto old = open_migrated(path.str(), read_only, kThreeSteps);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, kErrorInvalidState);
  auto same = open_migrated(path.str(), read_only, std::span(kThreeSteps).first(2));
  EXPECT_TRUE(same.ok());
}

TEST(Migrations, ClientSchemaListIsWellFormed) {
  auto steps = LocalStore::migrations();
  ASSERT_FALSE(steps.empty());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].version, static_cast<int>(i) + 1);
    // The runner owns the transaction; a step that opened its own would break atomicity.
    EXPECT_EQ(steps[i].sql.find("BEGIN"), std::string_view::npos);
    EXPECT_EQ(steps[i].sql.find("COMMIT"), std::string_view::npos);
  }
  EXPECT_EQ(LocalStore::schema_version(), steps.back().version);
}

}  // namespace
}  // namespace aduan::store
