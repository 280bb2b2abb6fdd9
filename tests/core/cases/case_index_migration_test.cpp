// Schema v5 on a database of every schema before it: the migration lists every existing report as
// stale (SQL cannot count working days) and the first connection with an indexer fills their
// rows, which then equal the rows computed from each report's full event list; what the older
// schemas held (the v4 fixture's kiosk binding among it) is kept. An upgrade that fails half-way
// through the v5 step leaves the database at v4 with every table and row as it was.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/cases/case_index.h"
#include "core/cases/history.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"

namespace aduan::cases {
namespace {

namespace fs = std::filesystem;
using store::testing::TempPath;

fs::path fixture(int version) {
  return fs::path(ADUAN_SOURCE_DIR) / "tests/core/store/fixtures" / ("server_v" + std::to_string(version) + ".sqlite");
}

// Every row of the index equals case_row over the report's full timeline with `calendar`.
void expect_rows_from_full_events(store::ServerStore& store, const workflow::Calendar& calendar) {
  auto agencies = store.list_agencies();
  ASSERT_TRUE(agencies.ok());
  for (std::int64_t seq = 1; seq <= 3; ++seq) {
    auto report = store.report_at(seq);
    ASSERT_TRUE(report.ok() && report.value());
    auto events = store.timeline(report.value()->report.id);
    ASSERT_TRUE(events.ok());
    store::CaseSource source{seq,
                             report.value()->report.id,
                             report.value()->report.received_at.value_or(0),
                             report.value()->report.location.region_code,
                             report.value()->agency_id,
                             report.value()->status,
                             events.value(),
                             false,
                             "",
                             ""};
    for (const auto& agency : agencies.value()) {
      if (agency.id == source.holder) {
        source.holder_known = true;
        source.holder_region = agency.region_code;
        source.holder_parent = agency.parent_id;
      }
    }
    auto row = store.case_row(report.value()->report.id);
    ASSERT_TRUE(row.ok() && row.value());
    EXPECT_EQ(*row.value(), case_row(source, calendar)) << "report " << seq;
  }
}

TEST(CaseIndexMigration, EveryOlderDatabaseGetsEveryCaseRow) {
  const workflow::Calendar calendar({{2023, 11, 14}});
  constexpr int kCaseIndexVersion = 5;  // the versions before it had no case rows
  for (int version = 1; version < kCaseIndexVersion; ++version) {
    SCOPED_TRACE("fixture server_v" + std::to_string(version));
    TempPath copy;
    fs::copy_file(fixture(version), copy.str());
    auto opened = store::ServerStore::open(copy.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store::ServerStore& store = opened.value();
    auto count = store.count_reports();
    ASSERT_TRUE(count.ok());
    ASSERT_EQ(count.value(), 3);
    EXPECT_EQ(store.stale_cases().value(), 3) << "the migration marks every existing report";

    ASSERT_TRUE(store.set_case_indexer(std::make_shared<const CaseIndexer>(calendar)).ok());
    auto filled = store.reindex_stale_cases(100);
    ASSERT_TRUE(filled.ok()) << filled.error().detail;
    EXPECT_EQ(filled.value(), 3);
    EXPECT_EQ(store.stale_cases().value(), 0);
    expect_rows_from_full_events(store, calendar);

    // The fixture's verified report is held by Indramayu (WIB, known from v3 on, else from where
    // it happened) with a verify clock; the totals count all three reports, received in
    // November 2023.
    auto verified = store.case_row(store::testing::fixed_id(1));
    ASSERT_TRUE(verified.ok() && verified.value());
    EXPECT_EQ(verified.value()->status, "verified");
    EXPECT_EQ(verified.value()->queue_class, 0);
    EXPECT_EQ(verified.value()->zone, 7);
    store::CaseFilter all;
    all.everything = true;
    EXPECT_EQ(store.count_cases(all).value(), 3);
    auto sums = store.case_sums(all, zones_today(calendar, 1700000050000 + 86'400'000));
    ASSERT_TRUE(sums.ok());
    std::int64_t received = 0;
    for (const auto& month : sums.value()) {
      EXPECT_EQ(month.year, 2023);
      EXPECT_EQ(month.month, 11);
      received += month.received;
    }
    EXPECT_EQ(received, 3);
    if (version >= 4) {
      auto kiosk = store.kiosk_binding("device-k10sk");
      ASSERT_TRUE(kiosk.ok() && kiosk.value()) << "the v4 kiosk binding survives the upgrade";
      EXPECT_EQ(kiosk.value()->office, "MPP Indramayu");
    }
  }
}

// Every table's rows as text, in a fixed order: what "as it was" compares.
std::vector<std::string> contents(store::Database& db) {
  std::vector<std::string> out;
  auto tables = db.prepare(
      "SELECT name, (SELECT group_concat('quote(' || name || ')', '||'',''||') "
      "FROM pragma_table_info(s.name)) FROM sqlite_schema AS s "
      "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  EXPECT_TRUE(tables.ok());
  std::vector<std::pair<std::string, std::string>> queries;
  while (tables.ok()) {
    auto row = tables.value().step();
    if (!row.ok() || !row.value()) break;
    queries.emplace_back(tables.value().column_text(0), tables.value().column_text(1));
  }
  for (const auto& [table, columns] : queries) {
    out.push_back("table " + table);
    auto rows = db.prepare("SELECT " + columns + " AS r FROM \"" + table + "\" ORDER BY r");
    EXPECT_TRUE(rows.ok()) << table;
    while (rows.ok()) {
      auto row = rows.value().step();
      if (!row.ok() || !row.value()) break;
      out.push_back(rows.value().column_text(0));
    }
  }
  auto schema = db.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY 1");
  EXPECT_TRUE(schema.ok());
  while (schema.ok()) {
    auto row = schema.value().step();
    if (!row.ok() || !row.value()) break;
    out.push_back(schema.value().column_text(0));
  }
  return out;
}

TEST(CaseIndexMigration, AFailedUpgradeLeavesTheVersion4DatabaseAsItWas) {
  TempPath copy;
  fs::copy_file(fixture(4), copy.str());
  std::vector<std::string> before;
  {
    // A table of the name the v5 step creates last, made by hand: the step fails after it has
    // created the cases table, its indexes and triggers, and must take all of them back.
    auto db = store::Database::open(copy.str());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value().exec("CREATE TABLE case_index_state (note TEXT)").ok());
    before = contents(db.value());
  }
  auto refused = store::ServerStore::open(copy.str());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail.find("migration 5"), std::string::npos) << refused.error().detail;

  auto db = store::Database::open(copy.str());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(store::schema_version(db.value()).value(), 4);
  EXPECT_EQ(contents(db.value()), before);
  EXPECT_EQ(db.value().query_int("SELECT count(*) FROM kiosks").value(), 1);
  EXPECT_EQ(db.value().query_int("SELECT count(*) FROM reports").value(), 3);
}

}  // namespace
}  // namespace aduan::cases
