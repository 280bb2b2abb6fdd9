// Tests of submitted reports in the device store (LocalStore, local_store_reports.cpp): the
// full content round trips, the outbox row comes with the report, lookups, newest-first
// listing, idempotent double submit, conflicts, forgetting a delivered report (every row of
// it, without the schema's cascades), and a report claimed with its receipt joining the list
// as delivered, with its timeline.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/store/local_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/local_store_fixture.h"

namespace aduan::store {
namespace {

using testing::fixed_id;
using testing::minimal_report;
using testing::sample_report;

class Reports : public FreshLocalStore {
 protected:

  std::optional<domain::Report> load(const domain::ReportId& id) {
    auto r = store().report(id);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : std::nullopt;
  }
  // The rows of one report in each table that holds them, counted on a second connection.
  std::map<std::string, std::int64_t> rows_of(const domain::ReportId& id) {
    auto db = Database::open(path_.str());
    EXPECT_TRUE(db.ok());
    std::map<std::string, std::int64_t> rows;
    if (!db.ok()) return rows;
    for (const char* table : {"reports", "outbox", "rejection_problems", "attachments",
                              "attachment_content", "timeline_events"}) {
      const std::string key = std::string_view(table) == "reports" ? "id" : "report_id";
      auto n = db.value().query_int("SELECT count(*) FROM " + std::string(table) + " WHERE " + key +
                                    " = x'" + id.to_string() + "'");
      EXPECT_TRUE(n.ok()) << table;
      rows[table] = n.ok() ? n.value() : -1;
    }
    return rows;
  }
};

TEST_F(Reports, EveryFieldRoundTrips) {
  const domain::Report full = sample_report(1);
  const domain::Report bare = minimal_report(2);
  ASSERT_TRUE(store().save_report(full, 420, 5000).ok());
  ASSERT_TRUE(store().save_report(bare, 120, 5001).ok());
  EXPECT_EQ(load(full.id), full);
  EXPECT_EQ(load(bare.id), bare);
}

TEST_F(Reports, EdgeValuesRoundTrip) {
  domain::Report r = sample_report(3);
  r.title = "Judul dengan emoji \xF0\x9F\x9A\xA7 dan \"kutip\"";
  r.body = std::string("baris satu\nbaris dua\0nol", 24);
  r.location.coordinates = domain::Coordinates{-90.0, 179.99999999999997};
  r.contact = domain::ReporterContact{"", "", ""};  // present but empty is not absent
  r.received_at = 0;
  r.classification = domain::Classification::aspiration;
  r.channel = domain::Channel::open311;
  r.attachments.push_back({"2f", "video/mp4", std::uint64_t{1} << 40, std::string(64, 'a')});
  ASSERT_TRUE(store().save_report(r, 0, 1).ok());
  EXPECT_EQ(load(r.id), r);
}

TEST_F(Reports, SavingQueuesTheReportInTheOutbox) {
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5000).ok());
  auto entry = store().outbox_entry(fixed_id(1));
  ASSERT_TRUE(entry.ok() && entry.value());
  EXPECT_EQ(entry.value()->state, OutboxState::queued);
  EXPECT_EQ(entry.value()->attempts, 0);
  EXPECT_EQ(entry.value()->queued_at, 5000);
  EXPECT_EQ(entry.value()->next_attempt_at, 5000);
  EXPECT_EQ(entry.value()->payload_bytes, 420u);
  EXPECT_TRUE(entry.value()->last_error.empty());
}

TEST_F(Reports, SubmittingDeletesTheDraftItCameFrom) {
  ASSERT_TRUE(store().save_draft(testing::sample_draft()).ok());
  ASSERT_TRUE(store().save_draft({"other", {{"title", "x"}}, 1}).ok());
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5000, "draft-1").ok());
  auto gone = store().draft("draft-1");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone.value());
  auto kept = store().draft("other");
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept.value());
}

TEST_F(Reports, SecondSubmitOfTheSameReportIsANoOp) {
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5000).ok());
  ASSERT_TRUE(store().save_report(sample_report(1), 999, 6000).ok());
  auto entry = store().outbox_entry(fixed_id(1));
  ASSERT_TRUE(entry.ok() && entry.value());
  EXPECT_EQ(entry.value()->queued_at, 5000);  // the first one stands
  auto all = store().my_reports(10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value().size(), 1u);
}

TEST_F(Reports, SameIdWithOtherContentIsAConflict) {
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5000).ok());
  domain::Report changed = sample_report(1);
  changed.body = "isi lain";
  auto s = store().save_report(changed, 420, 5001);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorConflict);
  EXPECT_EQ(load(changed.id), sample_report(1));
}

TEST_F(Reports, InvalidInputIsRefusedBeforeWriting) {
  domain::Report nil = sample_report(1);
  nil.id = {};
  auto s = store().save_report(nil, 1, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorInvalidArgument);

  domain::Report huge = sample_report(2);
  huge.attachments[1].size_bytes = std::numeric_limits<std::uint64_t>::max();
  s = store().save_report(huge, 1, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorInvalidArgument);
  EXPECT_FALSE(load(huge.id));  // the report row before the attachment was rolled back

  domain::Report twice = sample_report(3);
  twice.attachments[1].id = twice.attachments[0].id;
  s = store().save_report(twice, 1, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorConstraint);
  EXPECT_FALSE(load(twice.id));
}

TEST_F(Reports, MissingReportIsAnEmptyAnswer) {
  EXPECT_FALSE(load(fixed_id(9)));
  auto by_code = store().report_by_tracking_code("LPR-NONE");
  ASSERT_TRUE(by_code.ok());
  EXPECT_FALSE(by_code.value());
}

TEST_F(Reports, FoundByTrackingCodeButNeverByAnEmptyOne) {
  domain::Report with_code = sample_report(1);
  with_code.tracking_code = "LPR-AAAA-0001";
  ASSERT_TRUE(store().save_report(with_code, 1, 1).ok());
  ASSERT_TRUE(store().save_report(sample_report(2), 1, 2).ok());  // no code yet
  auto found = store().report_by_tracking_code("LPR-AAAA-0001");
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(*found.value(), with_code);
  auto empty = store().report_by_tracking_code("");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.value());
}

TEST_F(Reports, MyReportsAreNewestFirstAndPaged) {
  // created_at grows with n; saving order is mixed so the order must come from the data.
  for (int n : {3, 1, 5, 2, 4}) ASSERT_TRUE(store().save_report(sample_report(n), 1, n).ok());
  domain::Report same_time = sample_report(6);
  same_time.created_at = sample_report(5).created_at;  // tie: saved later shows first
  ASSERT_TRUE(store().save_report(same_time, 1, 6).ok());

  auto page1 = store().my_reports(3);
  auto page2 = store().my_reports(3, 3);
  ASSERT_TRUE(page1.ok() && page2.ok());
  std::vector<domain::ReportId> order;
  for (const auto& page : {page1.value(), page2.value()}) {
    for (const ReportSummary& s : page) order.push_back(s.id);
  }
  EXPECT_EQ(order, (std::vector<domain::ReportId>{fixed_id(6), fixed_id(5), fixed_id(4),
                                                  fixed_id(3), fixed_id(2), fixed_id(1)}));
  const ReportSummary& top = page1.value()[0];
  EXPECT_EQ(top.title, same_time.title);
  EXPECT_EQ(top.state, OutboxState::queued);
  EXPECT_EQ(top.received_at, std::nullopt);
}

TEST_F(Reports, SummaryFollowsDelivery) {
  ASSERT_TRUE(store().save_report(sample_report(1), 1, 1).ok());
  ASSERT_TRUE(store().mark_delivered(fixed_id(1), "LPR-BBBB-0002", 777, 778).ok());
  auto list = store().my_reports(1);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().size(), 1u);
  EXPECT_EQ(list.value()[0].state, OutboxState::delivered);
  EXPECT_EQ(list.value()[0].tracking_code, "LPR-BBBB-0002");
  EXPECT_EQ(list.value()[0].received_at, 777);
  auto report = load(fixed_id(1));
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->same_content([] {
    auto r = sample_report(1);
    r.tracking_code = "LPR-BBBB-0002";
    return r;
  }()));
}

TEST_F(Reports, ForgettingNeedsTheReportToBeSent) {
  ASSERT_TRUE(store().save_report(sample_report(1), 1, 1).ok());
  auto s = store().forget_report(fixed_id(1));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorInvalidState);
  EXPECT_TRUE(load(fixed_id(1)));

  ASSERT_TRUE(store().mark_delivered(fixed_id(1), "LPR-CCCC-0003", 2, 2).ok());
  const TimelineEvent events[] = {{fixed_id(1), 1, "received", 3, "", ""}};
  ASSERT_TRUE(store().apply_pull(events, 1).ok());
  ASSERT_TRUE(store().forget_report(fixed_id(1)).ok());
  EXPECT_FALSE(load(fixed_id(1)));
  auto entry = store().outbox_entry(fixed_id(1));
  ASSERT_TRUE(entry.ok());
  EXPECT_FALSE(entry.value());
  auto timeline = store().timeline(fixed_id(1));
  ASSERT_TRUE(timeline.ok());
  EXPECT_TRUE(timeline.value().empty());
  auto progress = store().upload_progress(fixed_id(1));
  ASSERT_TRUE(progress.ok());
  EXPECT_TRUE(progress.value().empty());

  s = store().forget_report(fixed_id(1));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorNotFound);
}

// The browser's SQLite has no foreign keys (no triggers: cmake/ThirdParty.cmake), so the
// schema's ON DELETE CASCADE does nothing there: forgetting names every table itself. A report
// with a row in each (photos kept with their bytes, the server's problems, a timeline) is
// forgotten the way the kiosk forgets a citizen's, next to one that keeps all of its rows.
TEST_F(Reports, ForgettingAReportLeavesNoRowOfItAnywhereAndTouchesNoOther) {
  std::vector<std::uint8_t> photo, small;
  auto save_refused = [&](int n) {
    const domain::Report report = testing::report_with_photos(n, photo, small);
    const AttachmentContent bytes[] = {{report.attachments[0].id, photo},
                                       {report.attachments[1].id, small}};
    const RejectionProblem problems[] = {{"title", "a"}, {"body", "b"}};
    EXPECT_TRUE(store().save_report(report, bytes, 500, 10).ok());
    EXPECT_TRUE(store().mark_rejected(report.id, "ditolak", problems, 20).ok());
    const TimelineEvent event[] = {{report.id, n, "received", 30, "", ""}};
    EXPECT_TRUE(store().apply_pull(event, n).ok());
    return report;
  };
  const domain::Report gone = save_refused(1);
  const domain::Report kept = save_refused(3);
  using Rows = std::map<std::string, std::int64_t>;
  const Rows full = {{"reports", 1},
                     {"outbox", 1},
                     {"rejection_problems", 2},
                     {"attachments", 2},
                     {"attachment_content", 3},
                     {"timeline_events", 1}};
  ASSERT_EQ(rows_of(gone.id), full);

  ASSERT_TRUE(store().forget_report(gone.id).ok());
  for (const auto& [table, n] : rows_of(gone.id)) EXPECT_EQ(n, 0) << table;
  EXPECT_EQ(rows_of(kept.id), full);
  EXPECT_EQ(load(kept.id), kept);
}

TEST_F(Reports, SurviveReopening) {
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5000).ok());
  store_.reset();
  auto reopened = LocalStore::open(path_.str());
  ASSERT_TRUE(reopened.ok());
  auto r = reopened.value().report(fixed_id(1));
  ASSERT_TRUE(r.ok() && r.value());
  EXPECT_EQ(*r.value(), sample_report(1));
}

TEST_F(Reports, AClaimedReportIsListedAsDeliveredWithItsTimelineAndNothingToSend) {
  domain::Report claimed = sample_report(7);
  claimed.tracking_code = "LPR-CLAIM-0007";
  claimed.received_at = 40;
  const TimelineEvent first[] = {{fixed_id(7), 11, "received", 40, "agency-a", ""},
                                 {fixed_id(7), 15, "verified", 50, "agency-a", ""}};
  ASSERT_TRUE(store().save_claimed_report(claimed, first, 60).ok());

  auto list = store().my_reports(10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().size(), 1u);
  EXPECT_EQ(list.value()[0].tracking_code, "LPR-CLAIM-0007");
  EXPECT_EQ(list.value()[0].state, OutboxState::delivered);
  auto loaded = load(fixed_id(7));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->receipt_secret, claimed.receipt_secret);
  EXPECT_TRUE(loaded->attachments.empty());
  auto batch = store().pending_batch(1000, 10, 1 << 20);
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch.value().empty());
  auto next = store().next_upload(1000);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next.value());

  // Claimed again (a refresh): only the new event is added, the cursor stays where it was.
  const TimelineEvent second[] = {{fixed_id(7), 15, "verified", 50, "agency-a", ""},
                                  {fixed_id(7), 21, "responded", 70, "agency-a", "Sudah diperbaiki"}};
  ASSERT_TRUE(store().save_claimed_report(claimed, second, 80).ok());
  auto timeline = store().timeline(fixed_id(7));
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline.value().size(), 3u);
  EXPECT_EQ(timeline.value().back().note, "Sudah diperbaiki");
  auto cursor = store().pull_cursor();
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor.value(), 0);
}

TEST_F(Reports, ClaimingAReportThisDeviceSentKeepsItsOwnRowAndQueue) {
  ASSERT_TRUE(store().save_report(sample_report(8), 1, 1).ok());
  domain::Report as_served = sample_report(8);
  as_served.tracking_code = "LPR-SERVER-0008";
  as_served.title = "what the server holds";
  const TimelineEvent events[] = {{fixed_id(8), 3, "received", 5, "", ""}};
  ASSERT_TRUE(store().save_claimed_report(as_served, events, 9).ok());
  EXPECT_EQ(load(fixed_id(8)), sample_report(8));
  auto entry = store().outbox_entry(fixed_id(8));
  ASSERT_TRUE(entry.ok() && entry.value());
  EXPECT_EQ(entry.value()->state, OutboxState::queued);
  auto timeline = store().timeline(fixed_id(8));
  ASSERT_TRUE(timeline.ok());
  EXPECT_EQ(timeline.value().size(), 1u);
}

TEST_F(Reports, AClaimWithAnotherReportsEventIsRefusedWhole) {
  domain::Report claimed = sample_report(9);
  claimed.tracking_code = "LPR-CLAIM-0009";
  const TimelineEvent events[] = {{fixed_id(2), 3, "received", 5, "", ""}};
  auto s = store().save_claimed_report(claimed, events, 9);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorInvalidArgument);
  EXPECT_FALSE(load(fixed_id(9)));
}

}  // namespace
}  // namespace aduan::store
