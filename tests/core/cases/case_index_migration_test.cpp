// Schema v5 on a database of the schema before it: the migration lists every existing report as
// stale (SQL cannot count working days) and the first connection with an indexer fills their
// rows, which then equal the rows computed from each report's full event list.
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

TEST(CaseIndexMigration, AVersion3DatabaseGetsEveryCaseRow) {
  TempPath copy;
  fs::copy_file(fixture(3), copy.str());
  auto opened = store::ServerStore::open(copy.str());
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  store::ServerStore& store = opened.value();
  auto count = store.count_reports();
  ASSERT_TRUE(count.ok());
  ASSERT_EQ(count.value(), 3);
  EXPECT_EQ(store.stale_cases().value(), 3) << "the migration marks every existing report";

  const workflow::Calendar calendar({{2023, 11, 14}});
  ASSERT_TRUE(store.set_case_indexer(std::make_shared<const CaseIndexer>(calendar)).ok());
  auto filled = store.reindex_stale_cases(100);
  ASSERT_TRUE(filled.ok()) << filled.error().detail;
  EXPECT_EQ(filled.value(), 3);
  EXPECT_EQ(store.stale_cases().value(), 0);

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
  // The fixture's verified report is held by its known agency (Indramayu, WIB) with a verify
  // clock; the totals count all three reports, received in November 2023.
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
}

}  // namespace
}  // namespace aduan::cases
