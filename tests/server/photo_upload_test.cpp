// A report with photos, end to end: saved on a device (a real LocalStore file) with the bytes
// of its photos, delivered and uploaded by the core's SyncEngine over real HTTP (aduan-cli's
// HttpTransport) to a real aduan-server process, which must end up holding exactly those
// bytes, verified. The second test stops the server in the middle of the upload, starts it
// again over the same data folder, and lets a new engine (the app restarted) finish from
// where the server is.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "core/domain/sha256.h"
#include "core/store/local_store.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "core/sync/sync_engine.h"
#include "shell/cli/http_transport.h"
#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {

using sync::Timestamp;

std::vector<std::uint8_t> random_photo(std::size_t size, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::uint8_t> bytes(size);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
  return bytes;
}

class PhotoUpload : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::LocalStore::open(device_path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    device_.emplace(std::move(opened).value());
    config_.platform = "test";
    config_.pull_interval_ms = 0;
    config_.upload_chunk_bytes = 64 << 10;
    // The restart test counts 64 KiB chunks: a loaded machine must not look like a slow link
    // and switch to lite mode's smaller ones (tests/core/sync/lite_mode_test.cpp has those).
    config_.link.slow_below_kbit_per_s = 0;
    config_.max_requests_per_tick = 1;
  }

  // Saves a valid report with these photos (bytes kept by the store).
  domain::Report save_report(const std::vector<std::vector<std::uint8_t>>& photos) {
    domain::Report report = valid_report(77);
    std::vector<store::AttachmentContent> contents;
    for (const auto& photo : photos) {
      report.attachments.push_back(
          {domain::random_hex(16), "image/jpeg", photo.size(), domain::sha256_hex(photo)});
    }
    for (std::size_t i = 0; i < photos.size(); ++i) {
      contents.push_back({report.attachments[i].id, photos[i]});
    }
    auto saved = device_->save_report(report, contents, 1'000, clock_.now());
    EXPECT_TRUE(saved.ok()) << saved.error().detail;
    return report;
  }

  // Ticks the engine until `done` or 30 s; sleeps only when the engine has nothing due.
  bool run_until(sync::SyncEngine& engine, const std::function<bool()>& done) {
    const Timestamp deadline = clock_.now() + 30'000;
    while (clock_.now() < deadline) {
      const Timestamp now = clock_.now();
      const Timestamp next = engine.tick(now);
      if (done()) return true;
      const Timestamp wait = next == sync::kNever ? 20 : std::clamp<Timestamp>(next - now, 0, 200);
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    return false;
  }
  static bool idle(const sync::SyncEngine& engine) {
    const auto& status = engine.status();
    return status.queued == 0 && status.uploads_pending == 0 && !status.in_flight;
  }

  // What the server holds for the attachment, read from its database once it has stopped.
  static std::optional<std::string> server_bytes(const std::string& data_dir,
                                                 const domain::Report& report, std::size_t i) {
    auto db = open_server_database(data_dir);
    EXPECT_TRUE(db.ok());
    if (!db.ok()) return std::nullopt;
    auto held = db.value().attachment_bytes(report.id.to_string(), report.attachments[i].id);
    EXPECT_TRUE(held.ok());
    return held.ok() ? held.value() : std::nullopt;
  }

  void expect_uploaded_and_dropped(const domain::Report& report) {
    auto progress = device_->upload_progress(report.id);
    ASSERT_TRUE(progress.ok());
    for (const store::UploadProgress& p : progress.value()) {
      EXPECT_EQ(p.state, store::UploadState::done) << p.last_error;
      EXPECT_EQ(p.bytes_sent, p.size_bytes);
      EXPECT_FALSE(p.content_on_device);
    }
    auto kept = device_->report(report.id);
    ASSERT_TRUE(kept.ok() && kept.value());
    EXPECT_EQ(kept.value()->attachments, report.attachments);
  }

  store::testing::TempPath device_path_;
  std::optional<store::LocalStore> device_;
  cli::SystemClock clock_;
  sync::SyncConfig config_;
};

TEST_F(PhotoUpload, TheServerHoldsTheExactBytesOfEveryPhoto) {
  const std::string data_dir = make_temp_dir("aduan-photos-");
  const std::vector<std::vector<std::uint8_t>> photos = {random_photo(300'000, 1),
                                                         random_photo(7'000, 2)};
  const domain::Report report = save_report(photos);
  {
    ServerProcess server(server_args(), data_dir);
    ASSERT_TRUE(server.started());
    cli::HttpTransport transport("http://127.0.0.1:" + std::to_string(server.port()));
    sync::SyncEngine engine(*device_, transport, clock_, config_);
    ASSERT_TRUE(run_until(engine, [&] { return idle(engine); })) << engine.status().last_error;
    EXPECT_EQ(engine.status().upload_bytes_total, 0u);
    EXPECT_EQ(server.stop(), 0);
  }
  expect_uploaded_and_dropped(report);
  for (std::size_t i = 0; i < photos.size(); ++i) {
    auto held = server_bytes(data_dir, report, i);
    ASSERT_TRUE(held.has_value()) << "photo " << i << " is not verified on the server";
    EXPECT_EQ(*held, std::string(photos[i].begin(), photos[i].end())) << "photo " << i;
  }
  std::filesystem::remove_all(data_dir);
}

TEST_F(PhotoUpload, AServerRestartMidUploadResumesWhereTheServerStopped) {
  const std::string data_dir = make_temp_dir("aduan-photos-");
  const std::vector<std::vector<std::uint8_t>> photos = {random_photo(400'000, 3)};
  const domain::Report report = save_report(photos);
  auto sent = [&] {
    auto progress = device_->upload_progress(report.id);
    return progress.ok() ? progress.value()[0].bytes_sent : 0;
  };
  {
    ServerProcess server(server_args(), data_dir);
    ASSERT_TRUE(server.started());
    cli::HttpTransport transport("http://127.0.0.1:" + std::to_string(server.port()));
    sync::SyncEngine engine(*device_, transport, clock_, config_);
    ASSERT_TRUE(run_until(engine, [&] { return sent() >= 128u << 10; }));
    EXPECT_LT(sent(), photos[0].size());
    EXPECT_EQ(server.stop(), 0);
  }
  const std::uint64_t sent_before_restart = sent();
  {
    ServerProcess server(server_args(), data_dir);  // another port: a new transport
    ASSERT_TRUE(server.started());
    cli::HttpTransport transport("http://127.0.0.1:" + std::to_string(server.port()));
    sync::SyncEngine engine(*device_, transport, clock_, config_);
    ASSERT_TRUE(run_until(engine, [&] { return idle(engine); })) << engine.status().last_error;
    EXPECT_EQ(server.stop(), 0);
    // One log line per request: only the chunks after the restart point were sent again.
    const std::string log = server.output();
    int puts = 0;
    for (auto at = log.find("\"method\":\"PUT\""); at != std::string::npos;
         at = log.find("\"method\":\"PUT\"", at + 1)) {
      ++puts;
    }
    const std::uint64_t left = photos[0].size() - sent_before_restart;
    EXPECT_LE(
        puts,
        static_cast<int>((left + config_.upload_chunk_bytes - 1) / config_.upload_chunk_bytes) + 1)
        << log;
    EXPECT_GE(puts, 1);
  }
  EXPECT_GE(sent_before_restart, 128u << 10);
  expect_uploaded_and_dropped(report);
  auto held = server_bytes(data_dir, report, 0);
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(*held, std::string(photos[0].begin(), photos[0].end()));
  std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace aduan::testing
