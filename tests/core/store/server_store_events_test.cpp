// Tests of devices and status events in the server store (core/store/server_store.h): one
// global sequence, a device sees only the events of reports it pushed, the cursor pages
// without gaps or repeats, and an event moves the report's current status and agency in the
// same transaction. Real SQLite in temporary files.
#include <gtest/gtest.h>

#include <optional>

#include "core/domain/tracking_code.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/server_store_under_test.h"

namespace aduan::store {
namespace {

using testing::TempPath;

constexpr domain::Timestamp kNow = 1700000100000;

domain::Report pushed(int n) {
  domain::Report r = testing::minimal_report(n);
  r.tracking_code = domain::tracking_code_from_bits(static_cast<std::uint64_t>(n) * 15485863);
  return r;
}

ServerEvent officer_event(int report, std::string status, domain::Timestamp at,
                          std::string agency = "dinas-kesehatan") {
  return ServerEvent{0,  testing::fixed_id(report), std::move(status), "act",
                     at, "catatan publik",          std::move(agency), "officer-9",
                     0,  "liaison_officer", ""};
}

class ServerEvents : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = testing::open_server_store_under_test(path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_.emplace(std::move(opened).value());
  }

  ServerStore& store() { return *store_; }

  void push(std::string_view device, std::vector<domain::Report> reports, domain::Timestamp at) {
    auto results = store().store_batch(device, reports, at);
    ASSERT_TRUE(results.ok()) << results.error().detail;
  }

  std::vector<ServerEvent> pull(std::string_view device, std::int64_t cursor, std::size_t limit) {
    auto events = store().events_for_device(device, cursor, limit);
    EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().detail);
    return events.ok() ? events.value() : std::vector<ServerEvent>();
  }

  TempPath path_;
  std::optional<ServerStore> store_;
};

TEST_F(ServerEvents, DeviceRegistrationIsIdempotentAndCannotBeTakenOver) {
  const std::string hash(64, 'b');
  ASSERT_TRUE(store().register_device("device-a", hash, "kiosk", kNow).ok());
  EXPECT_TRUE(store().register_device("device-a", hash, "kiosk", kNow + 5).ok()) << "a retry";
  auto takeover = store().register_device("device-a", std::string(64, 'c'), "kiosk", kNow);
  ASSERT_FALSE(takeover.ok());
  EXPECT_EQ(takeover.error().code, kErrorConflict);
  auto secret = store().device_secret_hash("device-a");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret.value(), hash);
  auto unknown = store().device_secret_hash("device-z");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown.value());
  auto nameless = store().register_device("", hash, "web", kNow);
  ASSERT_FALSE(nameless.ok());
  EXPECT_EQ(nameless.error().code, kErrorInvalidArgument);
}

TEST_F(ServerEvents, AppendMovesTheCurrentStatusAndAgency) {
  push("device-a", {pushed(1)}, kNow);
  auto seq = store().append_event(officer_event(1, "verified", kNow + 10, "dinas-kesehatan"));
  ASSERT_TRUE(seq.ok()) << seq.error().detail;
  auto later = store().append_event(officer_event(1, "in_progress", kNow + 20, "puskesmas-7"));
  ASSERT_TRUE(later.ok());
  EXPECT_GT(later.value(), seq.value());
  auto stored = store().report(testing::fixed_id(1));
  ASSERT_TRUE(stored.ok() && stored.value());
  EXPECT_EQ(stored.value()->status, "in_progress");
  EXPECT_EQ(stored.value()->agency_id, "puskesmas-7");
  EXPECT_EQ(stored.value()->report.agency_id, pushed(1).agency_id) << "the submitted one stays";

  auto timeline = store().timeline(testing::fixed_id(1));
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline.value().size(), 3u);
  ServerEvent expected = officer_event(1, "verified", kNow + 10, "dinas-kesehatan");
  expected.seq = seq.value();
  EXPECT_EQ(timeline.value()[1], expected);
  EXPECT_EQ(timeline.value()[2].seq, later.value());
}

TEST_F(ServerEvents, AppendToAnUnknownReportIsNotFoundAndWritesNothing) {
  push("device-a", {pushed(1)}, kNow);
  auto missing = store().append_event(officer_event(77, "verified", kNow));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, kErrorNotFound);
  auto events = store().database().query_int("SELECT count(*) FROM events");
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events.value(), 1);
  auto nameless = store().append_event(officer_event(1, "", kNow));
  ASSERT_FALSE(nameless.ok());
  EXPECT_EQ(nameless.error().code, kErrorInvalidArgument);
  EXPECT_FALSE(store().database().in_transaction());
}

TEST_F(ServerEvents, DeviceSeesOnlyItsReportsInSequenceOrder) {
  push("device-a", {pushed(1), pushed(2)}, kNow);
  push("device-b", {pushed(3)}, kNow + 1);
  ASSERT_TRUE(store().append_event(officer_event(3, "verified", kNow + 2)).ok());
  ASSERT_TRUE(store().append_event(officer_event(1, "verified", kNow + 3)).ok());
  ASSERT_TRUE(store().append_event(officer_event(2, "rejected", kNow + 4)).ok());
  ASSERT_TRUE(store().append_event(officer_event(1, "responded", kNow + 5)).ok());
  // A retry of report 1 from another device does not move it to that device.
  push("device-b", {pushed(1)}, kNow + 6);

  auto a = pull("device-a", 0, 100);
  ASSERT_EQ(a.size(), 5u);
  for (std::size_t i = 1; i < a.size(); ++i) EXPECT_LT(a[i - 1].seq, a[i].seq);
  for (const auto& e : a) EXPECT_NE(e.report_id, testing::fixed_id(3));
  EXPECT_EQ(a[4].status, "responded");
  EXPECT_EQ(a[4].note, "catatan publik");
  auto b = pull("device-b", 0, 100);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].report_id, testing::fixed_id(3));
  EXPECT_EQ(b[1].status, "verified");
  EXPECT_TRUE(pull("device-c", 0, 100).empty());
}

TEST_F(ServerEvents, CursorPagesWithoutGapsOrRepeats) {
  push("device-a", {pushed(1), pushed(2), pushed(3)}, kNow);
  push("device-b", {pushed(4)}, kNow);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(store().append_event(officer_event(1 + i % 4, "step", kNow + i)).ok());
  }
  const auto all = pull("device-a", 0, 1000);
  ASSERT_EQ(all.size(), 3u + 8u);  // three "received" and the 8 events of reports 1..3
  std::vector<ServerEvent> paged;
  std::int64_t cursor = 0;
  for (;;) {
    auto page = pull("device-a", cursor, 4);
    ASSERT_LE(page.size(), 4u);
    if (page.empty()) break;
    paged.insert(paged.end(), page.begin(), page.end());
    cursor = page.back().seq;
  }
  EXPECT_EQ(paged, all);
  // New events after the device caught up arrive on the next pull, and nothing before.
  ASSERT_TRUE(store().append_event(officer_event(2, "completed", kNow + 99)).ok());
  auto next = pull("device-a", cursor, 4);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].status, "completed");
  EXPECT_TRUE(pull("device-a", next[0].seq, 4).empty());
  EXPECT_TRUE(pull("device-a", 0, 0).empty());
}

TEST_F(ServerEvents, SequenceIsNeverReusedAfterADelete) {
  push("device-a", {pushed(1)}, kNow);
  auto first = store().append_event(officer_event(1, "verified", kNow + 1));
  ASSERT_TRUE(first.ok());
  // An operator's manual repair must not hand out a seq that devices already hold.
  ASSERT_TRUE(store()
                  .database()
                  .exec("DELETE FROM events WHERE seq = " + std::to_string(first.value()))
                  .ok());
  auto second = store().append_event(officer_event(1, "verified", kNow + 2));
  ASSERT_TRUE(second.ok());
  EXPECT_GT(second.value(), first.value());
}

TEST_F(ServerEvents, TimelineOfAnUnknownReportIsEmpty) {
  auto timeline = store().timeline(testing::fixed_id(5));
  ASSERT_TRUE(timeline.ok());
  EXPECT_TRUE(timeline.value().empty());
}

}  // namespace
}  // namespace aduan::store
