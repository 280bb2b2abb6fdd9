// Fault tests of the device store: a write that fails midway leaves the previous state
// intact. Failures are injected with real SQLite, not mocks: a second connection installs a
// trigger that aborts one particular statement of a multi-statement write (the outbox row
// after the report row, the second attachment, the draft deletion, ...), then the test checks
// that nothing of the failed write is visible and that the same write succeeds once the fault
// is gone. A connection dropped in the middle of a transaction is covered too. The browser's
// SQLite has no triggers: there only that last one runs (the others skip themselves).
#include <gtest/gtest.h>

#include "core/store/local_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/local_store_fixture.h"

namespace aduan::store {
namespace {

using testing::fixed_id;
using testing::sample_report;

class InterruptedWrites : public FreshLocalStore {
 protected:

  // Runs SQL on a second connection to the same file, as a fault injector or an inspector.
  void exec_aside(const std::string& sql) {
    auto db = Database::open(path_.str());
    ASSERT_TRUE(db.ok());
    auto s = db.value().exec(sql);
    ASSERT_TRUE(s.ok()) << s.error().detail;
  }
  std::int64_t count_aside(const std::string& table) {
    auto db = Database::open(path_.str());
    EXPECT_TRUE(db.ok());
    auto n = db.value().query_int("SELECT count(*) FROM " + table);
    EXPECT_TRUE(n.ok());
    return n.ok() ? n.value() : -1;
  }
  // A trigger that makes the first matching statement fail, like a full disk would.
  void inject_failure(const std::string& when) {
    exec_aside("CREATE TRIGGER injected_fault " + when +
               " BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
  }
  void clear_failure() { exec_aside("DROP TRIGGER injected_fault"); }

  void expect_injected(const Status& s) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, kErrorConstraint);
    EXPECT_NE(s.error().detail.find("injected fault"), std::string::npos) << s.error().detail;
  }
};

TEST_F(InterruptedWrites, NoReportWithoutItsOutboxRow) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  inject_failure("BEFORE INSERT ON outbox");
  expect_injected(store().save_report(sample_report(1), 420, 5));
  EXPECT_EQ(count_aside("reports"), 0);  // the report row written first is gone too
  EXPECT_EQ(count_aside("attachments"), 0);
  EXPECT_EQ(count_aside("outbox"), 0);
  auto r = store().report(fixed_id(1));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());

  clear_failure();
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 6).ok());
  EXPECT_EQ(count_aside("reports"), 1);
  EXPECT_EQ(count_aside("outbox"), 1);
}

TEST_F(InterruptedWrites, NoHalfWrittenAttachmentList) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5).ok());
  inject_failure("BEFORE INSERT ON attachments WHEN NEW.position = 1");
  expect_injected(store().save_report(sample_report(2), 420, 6));
  EXPECT_EQ(count_aside("reports"), 1);
  EXPECT_EQ(count_aside("attachments"), 2);  // report 1's two, none of report 2's
  EXPECT_EQ(count_aside("outbox"), 1);
  auto first = store().report(fixed_id(1));
  ASSERT_TRUE(first.ok() && first.value());
  EXPECT_EQ(*first.value(), sample_report(1));
}

TEST_F(InterruptedWrites, DraftSurvivesAFailedSubmit) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(store().save_draft(testing::sample_draft()).ok());
  inject_failure("BEFORE DELETE ON drafts");
  expect_injected(store().save_report(sample_report(1), 420, 5, "draft-1"));
  auto draft = store().draft("draft-1");
  ASSERT_TRUE(draft.ok() && draft.value());  // what was typed is not lost
  EXPECT_EQ(*draft.value(), testing::sample_draft());
  EXPECT_EQ(count_aside("reports"), 0);
}

TEST_F(InterruptedWrites, FailedDraftSaveKeepsThePreviousText) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(store().save_draft({"d", {{"title", "versi satu"}}, 1}).ok());
  inject_failure("BEFORE UPDATE ON drafts");
  expect_injected(store().save_draft({"d", {{"title", "versi dua"}}, 2}));
  auto draft = store().draft("d");
  ASSERT_TRUE(draft.ok() && draft.value());
  EXPECT_EQ(draft.value()->fields.at("title"), "versi satu");
}

TEST_F(InterruptedWrites, DeliveryIsNotHalfRecorded) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5).ok());
  const domain::ReportId ids[] = {fixed_id(1)};
  ASSERT_TRUE(store().mark_sending(ids, 6).ok());
  inject_failure("BEFORE UPDATE OF tracking_code ON reports");
  expect_injected(store().mark_delivered(fixed_id(1), "LPR-1", 7, 7));
  auto entry = store().outbox_entry(fixed_id(1));
  ASSERT_TRUE(entry.ok() && entry.value());
  EXPECT_EQ(entry.value()->state, OutboxState::sending);  // the outbox update rolled back
  clear_failure();
  ASSERT_TRUE(store().mark_delivered(fixed_id(1), "LPR-1", 7, 7).ok());
}

TEST_F(InterruptedWrites, RejectionIsAllOrNothing) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(store().save_report(sample_report(1), 420, 5).ok());
  inject_failure("BEFORE INSERT ON rejection_problems WHEN NEW.position = 1");
  const RejectionProblem problems[] = {{"title", "a"}, {"body", "b"}};
  expect_injected(store().mark_rejected(fixed_id(1), "ditolak", problems, 6));
  auto entry = store().outbox_entry(fixed_id(1));
  ASSERT_TRUE(entry.ok() && entry.value());
  EXPECT_EQ(entry.value()->state, OutboxState::queued);
  EXPECT_TRUE(entry.value()->last_error.empty());
  EXPECT_EQ(count_aside("rejection_problems"), 0);
}

TEST_F(InterruptedWrites, BatchSendMarkIsAllOrNothing) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  for (int n = 1; n <= 3; ++n) ASSERT_TRUE(store().save_report(sample_report(n), 10, n).ok());
  inject_failure("BEFORE UPDATE ON outbox WHEN NEW.report_id = " + std::string("x'") +
                 fixed_id(3).to_string() + "'");
  const domain::ReportId ids[] = {fixed_id(1), fixed_id(2), fixed_id(3)};
  expect_injected(store().mark_sending(ids, 9));
  auto batch = store().pending_batch(100, 10, 10000);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch.value().size(), 3u);
  for (const OutboxEntry& e : batch.value()) EXPECT_EQ(e.attempts, 0);
}

TEST_F(InterruptedWrites, PullIsAllOrNothingAndTheCursorStays) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(store().apply_pull({}, 5).ok());
  inject_failure("BEFORE INSERT ON timeline_events WHEN NEW.seq = 12");
  auto added = store().apply_pull(testing::sample_events(), 12);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, kErrorConstraint);
  EXPECT_EQ(count_aside("timeline_events"), 0);
  auto cursor = store().pull_cursor();
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor.value(), 5);  // the next pull asks for the same page again
}

TEST_F(InterruptedWrites, ConnectionDroppedMidTransactionLeavesNothing) {
  ASSERT_TRUE(store().save_report(sample_report(1), 10, 1).ok());
  store_.reset();
  {
    // A writer that dies between the report row and its outbox row.
    auto db = Database::open(path_.str());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value().exec("BEGIN IMMEDIATE").ok());
    ASSERT_TRUE(
        db.value()
            .exec("INSERT INTO reports SELECT seq + 1, x'00000000000000000000000000ffffff', "
                  "tracking_code, receipt_secret, classification, title, body, "
                  "incident_year, incident_month, incident_day, region_code, place, "
                  "latitude, longitude, category_id, agency_id, anonymous, confidential, "
                  "contact_name, contact_phone, contact_email, channel, created_at, "
                  "received_at, behalf_name, behalf_phone, consent_given, consent_method, "
                  "consent_witness, sms_consent FROM reports")
            .ok());
  }  // closed without COMMIT
  auto reopened = LocalStore::open(path_.str());
  ASSERT_TRUE(reopened.ok());
  store_.emplace(std::move(reopened).value());
  EXPECT_EQ(count_aside("reports"), 1);
  auto list = store().my_reports(10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().size(), 1u);
  EXPECT_EQ(list.value()[0].id, fixed_id(1));
}

}  // namespace
}  // namespace aduan::store
