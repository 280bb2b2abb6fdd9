// Tests of SyncEngine's outbox side (core/sync/sync_engine.h) with a fake Transport and a fake
// Clock over a real LocalStore file: registering first, batching caps by count and bytes,
// delivery only on an ack, verdicts into the outbox (rejections kept with their problems),
// backoff that grows, is capped and jittered, failures that are not verdicts, 401, resuming
// after a restart, and a report the wire cannot carry. How tick() is driven, pulls and
// callbacks are sync_engine_calls_test.cpp.
#include "core/sync/sync_engine.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/sync/test_support.h"

namespace aduan::sync {
namespace {

using namespace aduan::sync::testing;  // NOLINT: the fakes read best unqualified
using store::OutboxState;

class Engine : public ::testing::Test, protected DeviceHarness {
 protected:
  void SetUp() override { ASSERT_TRUE(open_store()); }
};

TEST_F(Engine, RegistersBeforeTheFirstPush) {
  auto reports = queue(2);
  make_engine().tick(clock_.now());
  ASSERT_EQ(transport_.sent.size(), 1u);
  EXPECT_EQ(transport_.sent[0].path, kPathRegister);
  EXPECT_TRUE(transport_.sent[0].header(kHeaderDeviceSecret).empty());
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::queued);

  transport_.reply(ok_message(wire::RegisterDeviceResponse{"d1", "5e"}));
  auto saved = store_->credentials();
  ASSERT_TRUE(saved.ok() && saved.value());
  EXPECT_EQ(*saved.value(), (store::DeviceCredentials{"d1", "5e"}));

  engine_->tick(clock_.now());
  ASSERT_EQ(transport_.sent.size(), 2u);
  EXPECT_EQ(transport_.sent[1].header("x-aduan-device"), "d1");
  EXPECT_EQ(transport_.sent[1].header(kHeaderDeviceSecret), "5e");
  EXPECT_EQ(pushed(transport_.sent[1]).device_id, "d1");
  EXPECT_EQ(pushed(transport_.sent[1]).reports.size(), 2u);
}

TEST_F(Engine, BatchesAreCappedByCount) {
  ASSERT_TRUE(give_credentials());
  config_.max_batch_count = 3;
  AckingServer server(clock_);
  transport_.responder = std::ref(server);
  transport_.synchronous = true;
  queue(7);
  make_engine().tick(clock_.now());
  EXPECT_EQ(server.batch_sizes, (std::vector<std::size_t>{3, 3, 1}));
  EXPECT_EQ(engine_->status().queued, 0);
}

TEST_F(Engine, BatchesAreCappedByBytesButOneLargeReportStillGoes) {
  ASSERT_TRUE(give_credentials());
  config_.max_batch_bytes = 64 << 10;
  AckingServer server(clock_);
  transport_.responder = std::ref(server);
  transport_.synchronous = true;
  queue(5, 30 << 10);
  queue(1, 100 << 10);
  queue(1, 1 << 10);
  make_engine().tick(clock_.now());
  EXPECT_EQ(server.batch_sizes, (std::vector<std::size_t>{2, 2, 1, 1, 1}));
}

TEST_F(Engine, DeliveredOnlyOnTheAck) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(1);
  EXPECT_EQ(make_engine().tick(clock_.now()), kNever);  // waiting for the answer
  EXPECT_TRUE(engine_->status().in_flight);
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::sending);
  EXPECT_EQ(entry(reports[0].id).attempts, 1);

  clock_.advance(700);
  wire::PushBatchResponse ack{
      {{reports[0].id, wire::VerdictKind::stored, "SERVER-CODE", clock_.now(), {}}}};
  transport_.reply(ok_message(ack));
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::delivered);
  auto saved = store_->report(reports[0].id);
  ASSERT_TRUE(saved.ok() && saved.value());
  EXPECT_EQ(saved.value()->tracking_code, "SERVER-CODE");
  EXPECT_EQ(saved.value()->received_at, clock_.now());
  EXPECT_EQ(engine_->status().last_success_at, clock_.now());
  EXPECT_EQ(engine_->status().queued, 0);
}

TEST_F(Engine, RejectedAndConflictingReportsStayVisible) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(4);
  make_engine().tick(clock_.now());
  wire::PushBatchResponse answer;
  answer.verdicts = {
      {reports[0].id,
       wire::VerdictKind::rejected,
       "",
       0,
       {{"title", "rules.title.too_short"}, {"location.region_code", "rules.region.unknown"}}},
      {reports[1].id, wire::VerdictKind::conflict, "", 0, {}},
      {reports[2].id, wire::VerdictKind::duplicate, "FIRST-CODE", 5, {}},
      // reports[3]: no verdict at all
  };
  transport_.reply(ok_message(answer));

  const store::OutboxEntry rejected = entry(reports[0].id);
  EXPECT_EQ(rejected.state, OutboxState::rejected);
  EXPECT_EQ(rejected.last_error, kReasonRejected);
  EXPECT_EQ(rejected.problems, (std::vector<store::RejectionProblem>{
                                   {"title", "rules.title.too_short"},
                                   {"location.region_code", "rules.region.unknown"}}));
  EXPECT_EQ(entry(reports[1].id).state, OutboxState::rejected);
  EXPECT_EQ(entry(reports[1].id).last_error, kReasonConflict);
  EXPECT_EQ(entry(reports[2].id).state, OutboxState::delivered);
  auto duplicate = store_->report(reports[2].id);
  EXPECT_EQ(duplicate.value()->tracking_code, "FIRST-CODE");
  const store::OutboxEntry skipped = entry(reports[3].id);
  EXPECT_EQ(skipped.state, OutboxState::queued);
  EXPECT_GT(skipped.next_attempt_at, clock_.now());
  EXPECT_EQ(engine_->status().rejected, 2);
  EXPECT_EQ(engine_->status().queued, 1);
  EXPECT_NE(engine_->status().last_error.find("no verdict"), std::string::npos);
}

TEST_F(Engine, FailuresBackOffPerRowGrowingCappedAndJittered) {
  ASSERT_TRUE(give_credentials());
  config_.backoff = {2'000, 60'000, 0.25};
  auto reports = queue(1);
  Backoff reference(config_.backoff, 1);
  // Pushes get no answer; pulls (wanted while the outbox waits) succeed.
  int pushes = 0;
  Timestamp due = 0;
  transport_.responder = [&](const Request& request) {
    if (request.path == kPathPull) return ok_message(wire::PullEventsResponse{});
    EXPECT_GE(clock_.now(), due) << "sent before the row was due";
    ++pushes;
    return network_failure();
  };
  transport_.synchronous = true;
  make_engine();
  Timestamp previous_nominal = 0;
  while (pushes < 10) {
    const int before = pushes;
    const Timestamp next = engine_->tick(clock_.now());
    ASSERT_GT(next, clock_.now());
    ASSERT_NE(next, kNever);
    if (pushes > before) {
      ASSERT_EQ(pushes, before + 1);
      const store::OutboxEntry e = entry(reports[0].id);
      ASSERT_EQ(e.state, OutboxState::queued);
      ASSERT_EQ(e.attempts, pushes);
      const Timestamp nominal = reference.nominal_delay(pushes);
      const Timestamp waited = e.next_attempt_at - clock_.now();
      EXPECT_LE(waited, nominal) << pushes;
      EXPECT_GE(waited, nominal - nominal / 4) << pushes;
      EXPECT_GE(nominal, previous_nominal);
      previous_nominal = nominal;
      due = e.next_attempt_at;
      EXPECT_FALSE(engine_->status().online);
      EXPECT_NE(engine_->status().last_error.find("network"), std::string::npos);
      EXPECT_EQ(engine_->status().next_attempt_at, next);
    }
    clock_.set(next);
  }
  EXPECT_EQ(previous_nominal, 60'000);  // capped
}

TEST_F(Engine, ServerErrorsAndGarbageAreFailuresNotVerdicts) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(1);
  make_engine().tick(clock_.now());
  transport_.reply(http_error(503, "store.busy"));
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::queued);
  EXPECT_NE(engine_->status().last_error.find("503 store.busy"), std::string::npos);
  EXPECT_TRUE(engine_->status().online);  // the server answered

  engine_->retry_now();
  engine_->tick(clock_.now());
  transport_.reply(ok(wire::Bytes{1, 2, 3}));
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::queued);
  EXPECT_NE(engine_->status().last_error.find("undecodable"), std::string::npos);

  engine_->retry_now();
  engine_->tick(clock_.now());
  const std::string json = R"({"error":{"code":"request.too_large","message":"x"}})";
  transport_.reply({true, 413, wire::Bytes(json.begin(), json.end())});
  EXPECT_NE(engine_->status().last_error.find("413 request.too_large"), std::string::npos);
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::queued);
  EXPECT_EQ(entry(reports[0].id).attempts, 3);
}

TEST_F(Engine, Unauthorized401RegistersAgain) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(1);
  make_engine().tick(clock_.now());
  transport_.reply(http_error(401, "auth.unknown_device"));
  EXPECT_FALSE(engine_->status().registered);
  const Timestamp next = engine_->tick(clock_.now());
  EXPECT_GT(next, clock_.now());  // backs off even then
  clock_.set(next);
  engine_->tick(clock_.now());
  ASSERT_EQ(transport_.sent.back().path, kPathRegister);
  transport_.reply(ok_message(wire::RegisterDeviceResponse{"d2", "ab"}));
  engine_->tick(clock_.now());
  EXPECT_EQ(transport_.sent.back().header(kHeaderDeviceId), "d2");
  EXPECT_EQ(pushed(transport_.sent.back()).reports.size(), 1u);
}

TEST_F(Engine, ResumesAfterRestartAndIgnoresTheOldEnginesAnswer) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(3);
  make_engine().tick(clock_.now());
  ASSERT_TRUE(transport_.has_pending());
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::sending);

  // The app closes with the request open, and starts again over the same file.
  engine_.reset();
  ASSERT_TRUE(open_store());
  make_engine().tick(clock_.now());
  EXPECT_EQ(transport_.sent.size(), 2u);
  EXPECT_EQ(pushed(transport_.sent[1]).reports.size(), 3u);
  EXPECT_EQ(entry(reports[0].id).attempts, 2);

  // The first engine's answer arrives late: its callback must do nothing.
  transport_.reply(http_error(500));
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::sending);
  transport_.reply(ok_message(
      wire::PushBatchResponse{{{reports[0].id, wire::VerdictKind::stored, "A", 1, {}},
                               {reports[1].id, wire::VerdictKind::stored, "B", 1, {}},
                               {reports[2].id, wire::VerdictKind::stored, "C", 1, {}}}}));
  EXPECT_EQ(entry(reports[2].id).state, OutboxState::delivered);
}

TEST_F(Engine, AReportTheWireCannotCarryIsSetAsideNotRetriedForever) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(2);
  domain::Report broken = valid_report(rng_, 9);
  broken.incident_date = {2024, 300, 1};  // a month the date's four bytes cannot hold
  ASSERT_TRUE(store_->save_report(broken, 500, clock_.now()).ok());
  AckingServer server(clock_);
  transport_.responder = std::ref(server);
  transport_.synchronous = true;
  make_engine().tick(clock_.now());
  EXPECT_EQ(entry(broken.id).state, OutboxState::rejected);
  EXPECT_EQ(entry(broken.id).last_error, kReasonUnencodable);
  EXPECT_EQ(entry(reports[1].id).state, OutboxState::delivered);
}

}  // namespace
}  // namespace aduan::sync
