// Tests of lite mode (core/sync/link_policy.h) alone and inside SyncEngine, with the fake
// Transport and Clock over a real LocalStore file against UploadingServer (test_support.h).
// On a slow link the texts of every waiting report go before any photo byte, photos go in
// small chunks and still go when nothing else waits (never held forever); "wait for wifi"
// holds them until the link is fast, or until a measured (not hinted) slow reading is five
// minutes old or the device comes back online; a fast link behaves as before. The measured
// path is tested by advancing the fake clock while a chunk is open.
#include <gtest/gtest.h>

#include <functional>

#include "core/sync/link_policy.h"
#include "core/sync/sync_engine.h"
#include "core/sync/test_support.h"

namespace aduan::sync {
namespace {

using namespace aduan::sync::testing;  // NOLINT: the fakes read best unqualified

LinkReading hinted(std::string effective_type, bool save_data = false) {
  return LinkReading{LinkHints{true, std::move(effective_type), save_data}, std::nullopt, 0};
}

TEST(LinkPolicy, HintsMeasurementsAndFailuresEachMakeALinkSlow) {
  EXPECT_FALSE(link_is_slow(LinkReading{}));  // nothing known: as today
  EXPECT_FALSE(link_is_slow(hinted("4g")));
  EXPECT_TRUE(link_is_slow(hinted("2g")));
  EXPECT_TRUE(link_is_slow(hinted("slow-2g")));
  EXPECT_TRUE(link_is_slow(hinted("3g")));
  EXPECT_TRUE(link_is_slow(hinted("4g", true)));  // saveData
  LinkReading measured;
  measured.kbit_per_s = 300.0;
  EXPECT_TRUE(link_is_slow(measured));
  measured.kbit_per_s = 20'000.0;
  EXPECT_FALSE(link_is_slow(measured));
  LinkReading failing;
  failing.consecutive_failures = 2;
  EXPECT_TRUE(link_is_slow(failing));
}

TEST(LinkPolicy, TheSettingForcesTheModeAndWaitForWifiHoldsOnlyOnASlowLink) {
  const LinkPlan fast = plan_link(hinted("4g"), LiteSetting::automatic, false);
  EXPECT_FALSE(fast.lite);
  EXPECT_EQ(fast.chunk_bytes, 64u << 10);
  const LinkPlan slow = plan_link(hinted("2g"), LiteSetting::automatic, false);
  EXPECT_TRUE(slow.lite);
  EXPECT_FALSE(slow.hold_photos);  // never held on a slow link alone
  EXPECT_EQ(slow.chunk_bytes, 16u << 10);
  EXPECT_TRUE(plan_link(hinted("4g"), LiteSetting::on, false).lite);
  EXPECT_FALSE(plan_link(hinted("2g"), LiteSetting::off, false).lite);
  EXPECT_TRUE(plan_link(hinted("2g"), LiteSetting::off, true).hold_photos);
  EXPECT_FALSE(plan_link(hinted("4g"), LiteSetting::on, true).hold_photos);
  EXPECT_EQ(lite_setting_from(to_string(LiteSetting::on)), LiteSetting::on);
  EXPECT_EQ(lite_setting_from(to_string(LiteSetting::off)), LiteSetting::off);
  EXPECT_EQ(lite_setting_from("nonsense"), LiteSetting::automatic);
}

class LiteMode : public ::testing::Test, protected DeviceHarness {
 protected:
  void SetUp() override {
    ASSERT_TRUE(open_store());
    ASSERT_TRUE(give_credentials());
    transport_.responder = std::ref(server_);
  }
  // Three reports, two photos each, saved while offline; then the engine starts on `hints`.
  void three_reports_with_photos(LinkHints hints) {
    for (auto& photos : photos_) reports_.push_back(queue_with_photos({40'000, 30'000}, photos));
    for (const auto& report : reports_) ASSERT_FALSE(report.id.is_nil());
    make_engine().set_link_hints(std::move(hints));
  }
  // Answers everything before the first PUT, which stays open.
  void until_the_first_chunk_is_open() {
    for (int i = 0; i < 500; ++i) {
      engine_->tick(clock_.now());
      if (first_put() < transport_.sent.size() || !transport_.has_pending()) break;
      transport_.reply_with_responder();
    }
    ASSERT_LT(first_put(), transport_.sent.size());
    ASSERT_TRUE(transport_.has_pending());
  }
  // Index in transport_.sent of the first PUT, or sent.size().
  std::size_t first_put() const {
    std::size_t i = 0;
    while (i < transport_.sent.size() && transport_.sent[i].method != "PUT") ++i;
    return i;
  }
  bool all_held() const {
    for (std::size_t r = 0; r < reports_.size(); ++r) {
      for (std::size_t a = 0; a < 2; ++a) {
        const auto* upload = server_.find(reports_[r].id, reports_[r].attachments[a].id);
        if (upload == nullptr ||
            upload->held != std::string(photos_[r][a].begin(), photos_[r][a].end())) {
          return false;
        }
      }
    }
    return true;
  }

  UploadingServer server_{clock_};
  std::vector<std::vector<std::uint8_t>> photos_[3];
  std::vector<domain::Report> reports_;
};

TEST_F(LiteMode, SlowLinkSendsTheTextsOfThreeReportsBeforeAnyPhotoByteThenThePhotos) {
  config_.max_batch_count = 1;  // one report per push, so "all texts first" is visible
  three_reports_with_photos(LinkHints{true, "2g", false});
  ASSERT_TRUE(run_async());
  const std::size_t put = first_put();
  ASSERT_LT(put, transport_.sent.size());
  int pushes_before = 0;
  for (std::size_t i = 0; i < put; ++i) pushes_before += transport_.sent[i].path == kPathPush;
  EXPECT_EQ(pushes_before, 3);
  for (std::size_t i = put; i < transport_.sent.size(); ++i) {
    EXPECT_NE(transport_.sent[i].path, kPathPush);
    if (transport_.sent[i].method == "PUT") {
      EXPECT_LE(transport_.sent[i].body.size(), 16u << 10);
    }
  }
  // Never held: with nothing else waiting, every photo arrives whole.
  EXPECT_TRUE(all_held());
  EXPECT_TRUE(engine_->status().lite);
  EXPECT_EQ(engine_->status().uploads_pending, 0);
  EXPECT_GT(engine_->status().wire_bytes_sent, 6u * 30'000u);
}

TEST_F(LiteMode, AReportSavedDuringAnUploadGoesBeforeTheNextChunk) {
  three_reports_with_photos(LinkHints{true, "2g", false});
  until_the_first_chunk_is_open();
  const std::size_t before = transport_.sent.size();
  std::vector<domain::Report> late = queue(1);
  ASSERT_EQ(late.size(), 1u);
  engine_->tick(clock_.now());  // one request at a time: the chunk is still open
  EXPECT_EQ(transport_.sent.size(), before);
  transport_.reply_with_responder();
  engine_->tick(clock_.now());
  ASSERT_GT(transport_.sent.size(), before);
  EXPECT_EQ(transport_.sent[before].path, kPathPush);
}

TEST_F(LiteMode, WaitForWifiHoldsPhotosOnASlowLinkUntilAFastOne) {
  three_reports_with_photos(LinkHints{true, "2g", false});
  engine_->set_lite(LiteSetting::automatic, true);
  ASSERT_TRUE(run_async());
  EXPECT_EQ(first_put(), transport_.sent.size());  // texts went, no photo byte
  EXPECT_EQ(engine_->status().queued, 0);
  EXPECT_TRUE(engine_->status().photos_held);
  EXPECT_EQ(engine_->status().uploads_pending, 6);
  EXPECT_EQ(engine_->tick(clock_.now()), kNever);  // held, not polling
  clock_.advance(24 * 3'600'000);
  ASSERT_TRUE(run_async());
  EXPECT_EQ(first_put(), transport_.sent.size());  // still held a day later
  engine_->set_link_hints(LinkHints{true, "4g", false});
  ASSERT_TRUE(run_async());
  EXPECT_TRUE(all_held());
  EXPECT_FALSE(engine_->status().photos_held);
}

TEST_F(LiteMode, FastLinkUsesTheNormalChunksAsBefore) {
  three_reports_with_photos(LinkHints{true, "4g", false});
  ASSERT_TRUE(run_async());
  EXPECT_FALSE(engine_->status().lite);
  bool big_chunk = false;
  for (const Request& r : transport_.sent)
    big_chunk |= r.method == "PUT" && r.body.size() > 16u << 10;
  EXPECT_TRUE(big_chunk);
  EXPECT_TRUE(all_held());
}

TEST_F(LiteMode, AMeasuredSlowLinkTurnsLiteModeOnWithoutHints) {
  queue_with_photos({200'000}, photos_[0]);
  make_engine();
  until_the_first_chunk_is_open();
  EXPECT_EQ(transport_.sent.back().body.size(), 64u << 10);  // nothing known: as today
  clock_.advance(1'700);                                     // 64 KiB in 1.7 s: about 300 kbit/s
  transport_.reply_with_responder();
  EXPECT_TRUE(engine_->status().lite);
  ASSERT_TRUE(engine_->status().kbit_per_s.has_value());
  EXPECT_LT(*engine_->status().kbit_per_s, 600.0);
  engine_->tick(clock_.now());
  ASSERT_TRUE(transport_.has_pending());
  EXPECT_EQ(transport_.pending_request().body.size(), 16u << 10);
}

// Without navigator.connection only sync's own measurement can tell wifi from 2G, and with
// "wait for wifi" no photo is sent to measure again: the slow reading must not outlive a few
// minutes, nor a return online.
class HeldOnAMeasurement : public LiteMode {
 protected:
  // One report with a photo, "wait for wifi", no hints; its first chunk measured at 300 kbit/s.
  void measure_a_slow_link() {
    report_ = queue_with_photos({200'000}, photos_[0]);
    make_engine().set_lite(LiteSetting::automatic, true);
    until_the_first_chunk_is_open();
    clock_.advance(1'700);  // 64 KiB in 1.7 s
    transport_.reply_with_responder();
    ASSERT_TRUE(run_async());
    ASSERT_TRUE(engine_->status().photos_held);
    puts_before_ = puts();
  }
  int puts() const {
    int n = 0;
    for (const Request& r : transport_.sent) n += r.method == "PUT";
    return n;
  }
  bool photo_delivered() const {
    const auto* upload = server_.find(report_.id, report_.attachments[0].id);
    return upload != nullptr &&
           upload->held == std::string(photos_[0][0].begin(), photos_[0][0].end());
  }
  domain::Report report_;
  int puts_before_ = 0;
};

TEST_F(HeldOnAMeasurement, ASlowReadingExpiresAfterFiveMinutesAndThePhotosGo) {
  measure_a_slow_link();
  const Timestamp measured = clock_.now();
  // Held, but not forever: the engine asks to look again when the reading goes stale.
  EXPECT_EQ(engine_->tick(clock_.now()), measured + LinkPolicy{}.reading_lifetime_ms);
  clock_.advance(4 * 60'000);
  ASSERT_TRUE(run_async());
  EXPECT_EQ(puts(), puts_before_) << "a reading four minutes old still holds";
  EXPECT_TRUE(engine_->status().photos_held);
  clock_.advance(60'000);
  ASSERT_TRUE(run_async());
  EXPECT_GT(puts(), puts_before_);
  EXPECT_FALSE(engine_->status().photos_held);
  EXPECT_TRUE(photo_delivered());
  EXPECT_EQ(engine_->status().uploads_pending, 0);
}

TEST_F(HeldOnAMeasurement, ComingBackOnlineForgetsTheSlowReading) {
  measure_a_slow_link();
  engine_->network_changed(false);
  engine_->network_changed(true);
  ASSERT_TRUE(run_async());
  EXPECT_TRUE(photo_delivered());
  EXPECT_FALSE(engine_->status().photos_held);
}

TEST_F(LiteMode, AHintedSlowLinkStillHoldsPhotosPastTheReadingsLifetime) {
  three_reports_with_photos(LinkHints{true, "2g", false});
  engine_->set_lite(LiteSetting::automatic, true);
  ASSERT_TRUE(run_async());
  engine_->network_changed(true);
  clock_.advance(10 * 60'000);
  ASSERT_TRUE(run_async());
  EXPECT_EQ(first_put(), transport_.sent.size()) << "the browser still says 2g";
  EXPECT_TRUE(engine_->status().photos_held);
}

}  // namespace
}  // namespace aduan::sync
