// Tests of the outbox (LocalStore, local_store_outbox.cpp): batch selection by due time,
// order, count and bytes; every state transition and the ones refused; rejection kept
// visible; retry now; requeue after an interrupted run; attachment upload progress.
#include <gtest/gtest.h>

#include "core/store/local_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/local_store_fixture.h"

namespace aduan::store {
namespace {

using testing::fixed_id;
using testing::sample_report;

class Outbox : public FreshLocalStore {
 protected:
  // Saves report n, `bytes` big, queued at time n.
  void queue(int n, std::uint64_t bytes) {
    ASSERT_TRUE(store().save_report(sample_report(n), bytes, n).ok());
  }
  std::vector<domain::ReportId> batch(Timestamp now, std::size_t count, std::uint64_t bytes) {
    auto b = store().pending_batch(now, count, bytes);
    EXPECT_TRUE(b.ok());
    std::vector<domain::ReportId> ids;
    if (b.ok()) {
      for (const OutboxEntry& e : b.value()) ids.push_back(e.report_id);
    }
    return ids;
  }
  OutboxEntry entry(int n) {
    auto e = store().outbox_entry(fixed_id(n));
    EXPECT_TRUE(e.ok() && e.value());
    return e.ok() && e.value() ? *e.value() : OutboxEntry{};
  }
  void send(std::initializer_list<int> ns, Timestamp now) {
    std::vector<domain::ReportId> ids;
    for (int n : ns) ids.push_back(fixed_id(n));
    ASSERT_TRUE(store().mark_sending(ids, now).ok());
  }
};

using Ids = std::vector<domain::ReportId>;

TEST_F(Outbox, BatchIsOldestFirstAndCappedByCount) {
  for (int n = 1; n <= 5; ++n) queue(n, 100);
  EXPECT_EQ(batch(100, 3, 1'000'000), (Ids{fixed_id(1), fixed_id(2), fixed_id(3)}));
  EXPECT_EQ(batch(100, 10, 1'000'000).size(), 5u);
  EXPECT_TRUE(batch(100, 0, 1'000'000).empty());
}

TEST_F(Outbox, BatchIsCappedByTotalBytesWithoutReordering) {
  queue(1, 300);
  queue(2, 300);
  queue(3, 500);  // does not fit after 1 and 2
  queue(4, 10);   // would fit, but must not jump the queue
  EXPECT_EQ(batch(100, 10, 700), (Ids{fixed_id(1), fixed_id(2)}));
  EXPECT_EQ(batch(100, 10, 600), (Ids{fixed_id(1), fixed_id(2)}));
  EXPECT_EQ(batch(100, 10, 599), (Ids{fixed_id(1)}));
}

TEST_F(Outbox, OversizedFirstReportStillGoesAloneSoTheQueueMoves) {
  queue(1, 5000);
  queue(2, 10);
  EXPECT_EQ(batch(100, 10, 1000), (Ids{fixed_id(1)}));
}

TEST_F(Outbox, BatchSkipsRowsNotDueAndNotQueued) {
  for (int n = 1; n <= 4; ++n) queue(n, 10);
  send({1}, 10);
  ASSERT_TRUE(store().mark_failed(fixed_id(1), "timeout", 1000, 11).ok());  // due at 1000
  send({2}, 12);                                                            // in flight
  ASSERT_TRUE(store().mark_delivered(fixed_id(3), "LPR-1", 13, 13).ok());
  EXPECT_EQ(batch(999, 10, 1000), (Ids{fixed_id(4)}));
  EXPECT_EQ(batch(1000, 10, 1000), (Ids{fixed_id(1), fixed_id(4)}));
  EXPECT_TRUE(batch(3, 10, 1000).empty());  // report 4 was queued at time 4
}

TEST_F(Outbox, SendingCountsAttemptsAndFailureSchedulesTheNextOne) {
  queue(1, 10);
  send({1}, 20);
  EXPECT_EQ(entry(1).state, OutboxState::sending);
  EXPECT_EQ(entry(1).attempts, 1);
  EXPECT_EQ(entry(1).updated_at, 20);
  ASSERT_TRUE(store().mark_failed(fixed_id(1), "HTTP 503", 5000, 21).ok());
  OutboxEntry e = entry(1);
  EXPECT_EQ(e.state, OutboxState::queued);
  EXPECT_EQ(e.next_attempt_at, 5000);
  EXPECT_EQ(e.last_error, "HTTP 503");
  send({1}, 5000);
  EXPECT_EQ(entry(1).attempts, 2);
  EXPECT_EQ(entry(1).last_error, "HTTP 503");  // kept until the outcome is known
}

TEST_F(Outbox, MarkSendingIsAllOrNothing) {
  queue(1, 10);
  queue(2, 10);
  send({2}, 5);
  const domain::ReportId ids[] = {fixed_id(1), fixed_id(2)};  // 2 is already sending
  auto s = store().mark_sending(ids, 6);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorInvalidState);
  EXPECT_EQ(entry(1).state, OutboxState::queued);
  EXPECT_EQ(entry(1).attempts, 0);
  const domain::ReportId unknown[] = {fixed_id(1), fixed_id(9)};
  s = store().mark_sending(unknown, 6);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorNotFound);
  EXPECT_EQ(entry(1).state, OutboxState::queued);
}

TEST_F(Outbox, DeliveredOnlyWhenToldAndFinal) {
  queue(1, 10);
  send({1}, 5);
  EXPECT_EQ(entry(1).state, OutboxState::sending);  // a finished request is not an ack
  ASSERT_TRUE(store().mark_delivered(fixed_id(1), "LPR-X", 900, 901).ok());
  EXPECT_EQ(entry(1).state, OutboxState::delivered);
  EXPECT_TRUE(store().mark_delivered(fixed_id(1), "LPR-X", 900, 950).ok());  // same ack again
  auto other = store().mark_delivered(fixed_id(1), "LPR-Y", 900, 960);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, kErrorInvalidState);
  for (const auto& s :
       {store().mark_failed(fixed_id(1), "x", 1, 1), store().retry_now(fixed_id(1), 1),
        store().mark_rejected(fixed_id(1), "x", {}, 1)}) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, kErrorInvalidState);
  }
  auto empty_code = store().mark_delivered(fixed_id(1), "", 1, 1);
  ASSERT_FALSE(empty_code.ok());
  EXPECT_EQ(empty_code.error().code, kErrorInvalidArgument);
  EXPECT_EQ(store().mark_delivered(fixed_id(7), "LPR-Z", 1, 1).error().code, kErrorNotFound);
}

TEST_F(Outbox, RejectedStaysVisibleWithItsReasons) {
  queue(1, 10);
  send({1}, 5);
  const RejectionProblem problems[] = {{"title", "rules.required"}, {"agency_id", "rules.unknown"}};
  ASSERT_TRUE(store().mark_rejected(fixed_id(1), "Laporan tidak lengkap", problems, 6).ok());
  OutboxEntry e = entry(1);
  EXPECT_EQ(e.state, OutboxState::rejected);
  EXPECT_EQ(e.last_error, "Laporan tidak lengkap");
  EXPECT_EQ(e.problems, (std::vector<RejectionProblem>(std::begin(problems), std::end(problems))));
  auto report = store().report(fixed_id(1));
  ASSERT_TRUE(report.ok() && report.value());  // the citizen's text is still there to fix
  auto list = store().my_reports(10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().size(), 1u);
  EXPECT_EQ(list.value()[0].state, OutboxState::rejected);
  EXPECT_TRUE(batch(1'000'000, 10, 1'000'000).empty());
  auto again = store().mark_delivered(fixed_id(1), "LPR-X", 1, 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, kErrorInvalidState);
}

TEST_F(Outbox, RetryNowMakesAQueuedReportDue) {
  queue(1, 10);
  queue(2, 10);
  for (int n : {1, 2}) {
    send({n}, 5);
    ASSERT_TRUE(store().mark_failed(fixed_id(n), "offline", 100000, 6).ok());
  }
  EXPECT_TRUE(batch(50, 10, 1000).empty());
  ASSERT_TRUE(store().retry_now(fixed_id(2), 50).ok());
  EXPECT_EQ(batch(50, 10, 1000), (Ids{fixed_id(2)}));
  EXPECT_EQ(entry(2).last_error, "offline");
  auto all = store().retry_all_now(60);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value(), 1);  // report 2 was already due
  EXPECT_EQ(batch(60, 10, 1000), (Ids{fixed_id(1), fixed_id(2)}));
  send({1}, 61);
  auto in_flight = store().retry_now(fixed_id(1), 62);
  ASSERT_FALSE(in_flight.ok());
  EXPECT_EQ(in_flight.error().code, kErrorInvalidState);
}

TEST_F(Outbox, InterruptedSendsAreQueuedAgainAtStartUp) {
  queue(1, 10);
  queue(2, 10);
  send({1, 2}, 5);
  ASSERT_TRUE(store().mark_delivered(fixed_id(2), "LPR-2", 6, 6).ok());
  store_.reset();  // the app closes with report 1 in flight
  auto reopened = LocalStore::open(path_.str());
  ASSERT_TRUE(reopened.ok());
  store_.emplace(std::move(reopened).value());
  auto requeued = store().requeue_interrupted(100);
  ASSERT_TRUE(requeued.ok());
  EXPECT_EQ(requeued.value(), 1);
  EXPECT_EQ(entry(1).state, OutboxState::queued);
  EXPECT_EQ(entry(1).attempts, 1);
  EXPECT_EQ(batch(100, 10, 1000), (Ids{fixed_id(1)}));
  EXPECT_EQ(entry(2).state, OutboxState::delivered);
}

TEST_F(Outbox, CountsByState) {
  for (int n = 1; n <= 4; ++n) queue(n, 10);
  send({1, 2, 3}, 5);
  ASSERT_TRUE(store().mark_delivered(fixed_id(1), "LPR-1", 6, 6).ok());
  ASSERT_TRUE(store().mark_rejected(fixed_id(2), "no", {}, 6).ok());
  auto counts = store().outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts.value(), (OutboxCounts{1, 1, 1, 1}));
  EXPECT_EQ(to_string(OutboxState::rejected), "rejected");
  EXPECT_EQ(parse_outbox_state("sending"), OutboxState::sending);
  EXPECT_EQ(parse_outbox_state("lost"), std::nullopt);
}

TEST_F(Outbox, UploadProgressPerAttachment) {
  queue(1, 10);
  const auto& attachments = sample_report(1).attachments;
  auto progress = store().upload_progress(fixed_id(1));
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress.value().size(), 2u);
  EXPECT_EQ(progress.value()[0],
            (UploadProgress{attachments[0].id, 48213, 0, UploadState::absent, "", false}));
  EXPECT_FALSE(progress.value()[0].complete());

  ASSERT_TRUE(store().set_upload_progress(fixed_id(1), attachments[0].id, 32768).ok());
  ASSERT_TRUE(store().set_upload_progress(fixed_id(1), attachments[1].id, 1200).ok());
  progress = store().upload_progress(fixed_id(1));
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress.value()[0].bytes_sent, 32768u);
  EXPECT_TRUE(progress.value()[1].complete());

  auto beyond = store().set_upload_progress(fixed_id(1), attachments[1].id, 1201);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().code, kErrorInvalidArgument);
  auto unknown = store().set_upload_progress(fixed_id(1), "ffff", 1);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, kErrorNotFound);
  progress = store().upload_progress(fixed_id(1));
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress.value()[1].bytes_sent, 1200u);
}

}  // namespace
}  // namespace aduan::store
