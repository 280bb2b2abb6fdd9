// Tests of how SyncEngine (core/sync/sync_engine.h) is driven, with a fake Transport and a
// fake Clock over a real LocalStore file: what tick() returns (idle, at once, a pull later),
// pulling by cursor page after page, answers that arrive inside send() or later through the
// wake handler, retry_now and network changes, and a Transport that calls back twice. The
// outbox side (batches, verdicts, backoff, restarts) is sync_engine_test.cpp.
#include <gtest/gtest.h>

#include <functional>

#include "core/sync/sync_engine.h"
#include "core/sync/test_support.h"

namespace aduan::sync {
namespace {

using namespace aduan::sync::testing;  // NOLINT: the fakes read best unqualified
using store::OutboxState;

class EngineCalls : public ::testing::Test, protected DeviceHarness {
 protected:
  void SetUp() override { ASSERT_TRUE(open_store()); }
};

TEST_F(EngineCalls, PullsByCursorPageAfterPage) {
  ASSERT_TRUE(give_credentials());
  config_.pull_page_limit = 2;
  const domain::ReportId id = valid_report(rng_, 0).id;
  std::vector<wire::StatusEvent> all;
  for (int i = 1; i <= 5; ++i) {
    all.push_back({static_cast<std::uint64_t>(i * 10), id, i == 1 ? "received" : "in_process",
                   kStartTime + i, i == 5 ? "selesai" : "", "kab-32.12"});
  }
  std::vector<std::uint64_t> cursors;
  transport_.responder = [&](const Request& request) {
    auto pull = wire::decode<wire::PullEventsRequest>(request.body).value();
    cursors.push_back(pull.cursor);
    wire::PullEventsResponse page;
    for (const auto& e : all) {
      if (e.seq > pull.cursor && page.events.size() < pull.limit) page.events.push_back(e);
    }
    page.next_cursor = page.events.empty() ? pull.cursor : page.events.back().seq;
    page.more = page.next_cursor < all.back().seq;
    return ok_message(page);
  };
  transport_.synchronous = true;
  EXPECT_EQ(make_engine().tick(clock_.now()), kNever);
  EXPECT_EQ(cursors, (std::vector<std::uint64_t>{0, 20, 40}));
  EXPECT_EQ(store_->pull_cursor().value(), 50);
  auto timeline = store_->timeline(id);
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline.value().size(), 5u);
  EXPECT_EQ(timeline.value()[4].note, "selesai");
  EXPECT_EQ(timeline.value()[4].actor, "kab-32.12");

  // Later pulls start where the last one ended.
  engine_->retry_now();
  engine_->tick(clock_.now());
  EXPECT_EQ(cursors.back(), 50u);
}

TEST_F(EngineCalls, PeriodicPullWhenConfigured) {
  ASSERT_TRUE(give_credentials());
  config_.pull_interval_ms = 600'000;
  transport_.responder = [](const Request&) { return ok_message(wire::PullEventsResponse{}); };
  transport_.synchronous = true;
  EXPECT_EQ(make_engine().tick(clock_.now()), clock_.now() + 600'000);
  clock_.advance(600'000);
  EXPECT_EQ(engine_->tick(clock_.now()), clock_.now() + 600'000);
  EXPECT_EQ(transport_.sent.size(), 2u);
}

TEST_F(EngineCalls, SynchronousCallbacksDrainInOneTickWithinTheRequestCap) {
  ASSERT_TRUE(give_credentials());
  config_.max_batch_count = 2;
  config_.max_requests_per_tick = 4;
  AckingServer server(clock_);
  transport_.responder = std::ref(server);
  transport_.synchronous = true;
  queue(11);
  EXPECT_EQ(make_engine().tick(clock_.now()), clock_.now());  // more to do at once
  EXPECT_EQ(server.batch_sizes.size(), 4u);
  EXPECT_EQ(engine_->tick(clock_.now()), kNever);  // two more pushes and the pull
  EXPECT_EQ(server.batch_sizes.size(), 6u);
  EXPECT_EQ(transport_.sent.back().path, kPathPull);
}

TEST_F(EngineCalls, AsynchronousAnswersAskForATickThroughTheWakeHandler) {
  ASSERT_TRUE(give_credentials());
  AckingServer server(clock_);
  transport_.responder = std::ref(server);
  queue(1);
  int wakes = 0;
  make_engine().set_wake_handler([&] {
    ++wakes;
    engine_->tick(clock_.now());  // a host that ticks straight from the handler
  });
  engine_->tick(clock_.now());
  transport_.reply_with_responder();  // the push; its wake starts the pull
  EXPECT_EQ(wakes, 1);
  ASSERT_TRUE(transport_.has_pending());
  EXPECT_EQ(transport_.pending_request().path, kPathPull);
  transport_.reply_with_responder();
  EXPECT_EQ(wakes, 2);
  EXPECT_FALSE(transport_.has_pending());
  EXPECT_EQ(engine_->status().queued, 0);
}

TEST_F(EngineCalls, RetryNowAndGoingOnlineSkipTheBackoff) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(1);
  int wakes = 0;
  make_engine().set_wake_handler([&] { ++wakes; });
  engine_->tick(clock_.now());
  transport_.reply(network_failure());
  EXPECT_EQ(wakes, 1);
  EXPECT_GT(engine_->tick(clock_.now()), clock_.now());
  EXPECT_EQ(transport_.sent.size(), 1u);

  engine_->network_changed(false);
  EXPECT_FALSE(engine_->status().online);
  EXPECT_EQ(wakes, 1);
  engine_->network_changed(true);
  EXPECT_EQ(wakes, 2);
  EXPECT_EQ(engine_->status().next_attempt_at, clock_.now());
  engine_->tick(clock_.now());
  EXPECT_EQ(transport_.sent.size(), 2u);
  transport_.reply(network_failure());
  engine_->retry_now();
  EXPECT_EQ(entry(reports[0].id).next_attempt_at, clock_.now());
  engine_->tick(clock_.now());
  EXPECT_EQ(transport_.sent.size(), 3u);
}

// Days offline cost no attempts: while the platform says there is no network nothing is sent,
// so a report's backoff is where it was when the device went offline, and the first request
// back online is not followed by the longest wait.
TEST_F(EngineCalls, NothingIsSentOrCountedWhileThePlatformSaysOffline) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(2);
  make_engine().network_changed(false);
  for (int hour = 0; hour < 72; ++hour) {
    EXPECT_EQ(engine_->tick(clock_.now()), kNever);
    clock_.advance(3'600'000);
  }
  EXPECT_TRUE(transport_.sent.empty());
  EXPECT_EQ(entry(reports[0].id).attempts, 0);
  EXPECT_EQ(engine_->status().queued, 2);

  engine_->network_changed(true);
  engine_->tick(clock_.now());
  ASSERT_EQ(transport_.sent.size(), 1u);
  EXPECT_EQ(transport_.sent[0].path, kPathPush);
  transport_.reply(network_failure());
  // The first failure in town waits the first step of the backoff, not the longest.
  EXPECT_EQ(entry(reports[0].id).attempts, 1);
  EXPECT_LE(entry(reports[0].id).next_attempt_at, clock_.now() + config_.backoff.base_ms);
}

TEST_F(EngineCalls, ASecondCallbackForTheSameRequestChangesNothing) {
  ASSERT_TRUE(give_credentials());
  auto reports = queue(1);
  std::function<void(Response)> saved;
  struct Capturing : Transport {
    std::function<void(Response)>* out;
    void send(Request, std::function<void(Response)> on_done) override { *out = on_done; }
  } capturing;
  capturing.out = &saved;
  SyncEngine engine(*store_, capturing, clock_, config_);
  engine.tick(clock_.now());
  saved(ok_message(
      wire::PushBatchResponse{{{reports[0].id, wire::VerdictKind::stored, "A", 1, {}}}}));
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::delivered);
  saved(network_failure());
  EXPECT_EQ(entry(reports[0].id).state, OutboxState::delivered);
  EXPECT_TRUE(engine.status().last_error.empty());
}

TEST_F(EngineCalls, IdleWithNothingToDoOnceRegisteredAndPulled) {
  AckingServer server(clock_);
  transport_.responder = std::ref(server);
  transport_.synchronous = true;
  EXPECT_EQ(make_engine().tick(clock_.now()), kNever);
  EXPECT_EQ(server.requests, 2);  // register, then the first pull
  EXPECT_EQ(engine_->tick(clock_.now()), kNever);
  EXPECT_EQ(server.requests, 2);
  EXPECT_TRUE(engine_->status().registered);
}

}  // namespace
}  // namespace aduan::sync
