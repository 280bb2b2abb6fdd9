// Tests of the server store's schema v3 rows (core/store/server_store_workflow.cpp): seeding
// agencies keeps what admins changed, the audit log pages newest first and narrows to one
// report, an applied action id is kept once, an event keeps its rating, role and target, and a
// rolled-back transaction leaves neither an event nor its audit row. Real SQLite.
#include <gtest/gtest.h>

#include <optional>

#include "core/domain/tracking_code.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/server_store_under_test.h"

namespace aduan::store {
namespace {

using testing::TempPath;

constexpr domain::Timestamp kNow = 1700000200000;

class ServerWorkflowRows : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = testing::open_server_store_under_test(path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_.emplace(std::move(opened).value());
    domain::Report report = testing::minimal_report(1);
    report.tracking_code = domain::tracking_code_from_bits(424242);
    ASSERT_TRUE(store().store_batch("device-w", std::vector<domain::Report>{report}, kNow).ok());
  }
  ServerStore& store() { return *store_; }
  AuditEntry audit(int n, std::optional<domain::ReportId> report) {
    return AuditEntry{0,  kNow + n, "officer-" + std::to_string(n), "national_admin", "verify", report, "",
                      "received", "verified", "", "", "32.12", "catatan " + std::to_string(n)};
  }

  TempPath path_;
  std::optional<ServerStore> store_;
};

TEST_F(ServerWorkflowRows, SeedingAddsNewAgenciesAndKeepsAdminsChanges) {
  const std::vector<AgencyRecord> seed = {{"prov-32", "Pemerintah Provinsi Jawa Barat", "", "32", "province", kNow},
                                          {"prov-32-dinkes", "Dinas Kesehatan", "prov-32", "32", "unit", kNow}};
  auto first = store().seed_agencies(seed);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value(), 2);
  AgencyRecord renamed = seed[1];
  renamed.name = "Dinas Kesehatan Provinsi Jawa Barat";
  ASSERT_TRUE(store().put_agency(renamed).ok());
  auto again = store().seed_agencies(seed);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value(), 0);
  auto all = store().list_agencies();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 2u);
  EXPECT_EQ(all.value()[1], renamed);
  EXPECT_FALSE(store().put_agency({"", "", "", "", "unit", kNow}).ok());
  EXPECT_FALSE(store().put_agency({"x", "X", "", "", "planet", kNow}).ok()) << "the kind is checked";
}

TEST_F(ServerWorkflowRows, TheAuditLogPagesNewestFirstAndNarrowsToOneReport) {
  for (int n = 1; n <= 5; ++n) {
    ASSERT_TRUE(store().append_audit(audit(n, n % 2 ? std::optional(testing::fixed_id(1)) : std::nullopt)).ok());
  }
  auto page = store().audit_entries(std::nullopt, 0, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page.value().size(), 2u);
  EXPECT_EQ(page.value()[0].note, "catatan 5");
  EXPECT_EQ(page.value()[1].note, "catatan 4");
  EXPECT_FALSE(page.value()[1].report_id.has_value());
  auto next = store().audit_entries(std::nullopt, page.value()[1].seq, 10);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next.value().size(), 3u);
  EXPECT_EQ(next.value()[2].note, "catatan 1");
  auto mine = store().audit_entries(testing::fixed_id(1), 0, 10);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine.value().size(), 3u);
  EXPECT_EQ(mine.value()[0], (AuditEntry{mine.value()[0].seq, kNow + 5, "officer-5", "national_admin", "verify",
                                         testing::fixed_id(1), "", "received", "verified", "", "", "32.12",
                                         "catatan 5"}));
}

TEST_F(ServerWorkflowRows, AnActionIdIsKeptOnce) {
  const AppliedAction applied{"officer-1:a-1", "officer-1", testing::fixed_id(1), 7, "verified", "", kNow};
  ASSERT_TRUE(store().record_applied_action(applied).ok());
  EXPECT_FALSE(store().record_applied_action(applied).ok());
  auto found = store().applied_action("officer-1:a-1");
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(*found.value(), applied);
  auto missing = store().applied_action("officer-1:a-2");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value());
}

TEST_F(ServerWorkflowRows, AnEventKeepsRatingRoleAndTargetAndARollbackKeepsNothing) {
  ServerEvent escalated{0, testing::fixed_id(1), "dispositioned", "escalate_overdue", kNow + 10, "", "kab-32.12-dinkes",
                        "system", 0, "system", "kab-32.12"};
  ASSERT_TRUE(store().append_event(escalated).ok());
  auto events = store().timeline(testing::fixed_id(1));
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events.value().size(), 2u);
  escalated.seq = events.value()[1].seq;
  EXPECT_EQ(events.value()[1], escalated);

  auto failed = store().in_transaction([&]() -> Status {
    ServerEvent rated{0, testing::fixed_id(1), "completed", "rate", kNow + 20, "", "", "reporter", 5, "reporter", ""};
    if (auto appended = store().append_event(rated); !appended) return appended.error();
    if (auto written = store().append_audit(audit(9, testing::fixed_id(1))); !written) return written.error();
    return Error{"test.abort", "the action is refused after all"};
  });
  EXPECT_FALSE(failed.ok());
  auto after = store().timeline(testing::fixed_id(1));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after.value().size(), 2u);
  auto audit_rows = store().audit_entries(std::nullopt, 0, 10);
  ASSERT_TRUE(audit_rows.ok());
  EXPECT_TRUE(audit_rows.value().empty());
  auto report = store().report(testing::fixed_id(1));
  ASSERT_TRUE(report.ok() && report.value());
  EXPECT_EQ(report.value()->status, "dispositioned");
}

}  // namespace
}  // namespace aduan::store
