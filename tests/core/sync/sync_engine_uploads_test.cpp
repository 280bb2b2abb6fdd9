// Tests of SyncEngine's photo uploads (core/sync/sync_engine_uploads.cpp) with the fake
// Transport and Clock over a real LocalStore file, against UploadingServer (test_support.h),
// which answers like the server's attachment routes: uploads start only after the push acked
// the report, go chunk by chunk with progress in bytes, resume from the server's offset after
// a lost request or a lost answer, survive a duplicated request, a late answer and a restart
// mid-upload, back off per photo, send again after the server's hash check failed, and set
// aside what can never succeed. The bytes the server ends with are compared byte for byte.
#include <gtest/gtest.h>

#include <functional>

#include "core/sync/sync_engine.h"
#include "core/sync/test_support.h"

namespace aduan::sync {
namespace {

using namespace aduan::sync::testing;  // NOLINT: the fakes read best unqualified
using store::UploadState;

class Uploads : public ::testing::Test, protected DeviceHarness {
 protected:
  void SetUp() override {
    ASSERT_TRUE(open_store());
    ASSERT_TRUE(give_credentials());
    config_.upload_chunk_bytes = 16 << 10;
    transport_.responder = std::ref(server_);
  }
  std::string held(const domain::Report& report, std::size_t i) const {
    const auto* upload = server_.find(report.id, report.attachments[i].id);
    return upload ? upload->held : "<none>";
  }
  static std::string text(const std::vector<std::uint8_t>& bytes) {
    return {bytes.begin(), bytes.end()};
  }
  store::UploadProgress progress(const domain::Report& report, std::size_t i) {
    auto all = store_->upload_progress(report.id);
    return all.ok() && all.value().size() > i ? all.value()[i] : store::UploadProgress{};
  }
  // Answers the open request with what the server says, but the answer is lost on the way.
  void lose_answer() {
    (void)server_(transport_.pending_request());
    transport_.reply(network_failure());
  }

  UploadingServer server_{clock_};
  std::vector<std::vector<std::uint8_t>> photos_;
};

TEST_F(Uploads, AfterTheAckChunkByChunkThenTheDeviceCopyIsDropped) {
  const domain::Report report = queue_with_photos({70'000, 1'000}, photos_);
  ASSERT_FALSE(report.id.is_nil());
  transport_.synchronous = true;
  make_engine().tick(clock_.now());

  ASSERT_GE(transport_.sent.size(), 3u);
  EXPECT_EQ(transport_.sent[0].path, kPathPush);  // the report first
  const Request& first_put = transport_.sent[2];  // after the pull a delivery asks for
  EXPECT_EQ(first_put.method, "PUT");
  EXPECT_EQ(first_put.path, "/api/v1/reports/" + report.id.to_string() + "/attachments/" +
                                report.attachments[0].id + "?offset=0");
  EXPECT_EQ(first_put.header(kHeaderContentType), "application/octet-stream");
  EXPECT_EQ(first_put.header(kHeaderDeviceSecret), "5e");
  EXPECT_EQ(first_put.body.size(), 16u << 10);

  EXPECT_EQ(held(report, 0), text(photos_[0]));
  EXPECT_EQ(held(report, 1), text(photos_[1]));
  EXPECT_EQ(server_.puts, 5 + 1);  // ceil(70,000 / 16 KiB) and one
  EXPECT_EQ(server_.gets, 0);      // nothing went wrong: no need to ask
  EXPECT_EQ(progress(report, 0), (store::UploadProgress{report.attachments[0].id, 70'000, 70'000,
                                                        UploadState::done, "", false}));
  EXPECT_EQ(progress(report, 1).state, UploadState::done);
  auto kept = store_->report(report.id);
  ASSERT_TRUE(kept.ok() && kept.value());
  EXPECT_EQ(kept.value()->attachments, report.attachments);  // the metadata stays
  EXPECT_EQ(engine_->status().uploads_pending, 0);
  EXPECT_EQ(engine_->tick(clock_.now()), kNever);
}

TEST_F(Uploads, ProgressInBytesForTheOutboxScreen) {
  const domain::Report report = queue_with_photos({40'000}, photos_);
  make_engine().tick(clock_.now());
  transport_.reply_with_responder();  // push
  engine_->tick(clock_.now());
  transport_.reply_with_responder();  // pull
  engine_->tick(clock_.now());
  ASSERT_EQ(transport_.pending_request().method, "PUT");
  EXPECT_EQ(engine_->status().uploading, report.id);
  EXPECT_EQ(engine_->status().upload_bytes_total, 40'000u);
  EXPECT_EQ(engine_->status().upload_bytes_sent, 0u);
  transport_.reply_with_responder();
  EXPECT_FALSE(engine_->status().uploading.has_value());
  EXPECT_EQ(engine_->status().upload_bytes_sent, 16'384u);
  auto uploads = store_->report_uploads(report.id);
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().sent_bytes, 16'384u);
  EXPECT_EQ(uploads.value().total_bytes, 40'000u);
  auto unfinished = store_->unfinished_uploads();
  ASSERT_TRUE(unfinished.ok());
  ASSERT_EQ(unfinished.value().size(), 1u);
  EXPECT_EQ(unfinished.value()[0].report_id, report.id);
}

TEST_F(Uploads, ALostAnswerIsResumedFromTheServersOffsetNotSentTwice) {
  const domain::Report report = queue_with_photos({70'000}, photos_);
  make_engine();
  for (int i = 0; i < 3; ++i) {  // push, pull, first chunk
    engine_->tick(clock_.now());
    transport_.reply_with_responder();
  }
  engine_->tick(clock_.now());
  ASSERT_EQ(transport_.pending_request().path.substr(transport_.pending_request().path.find('?')),
            "?offset=16384");
  lose_answer();  // the server holds 32 KiB; the device still thinks 16
  EXPECT_EQ(progress(report, 0).bytes_sent, 16'384u);
  EXPECT_NE(progress(report, 0).last_error.find("network"), std::string::npos);
  EXPECT_NE(engine_->status().last_error.find("network"), std::string::npos);

  const Timestamp next = engine_->tick(clock_.now());
  EXPECT_GT(next, clock_.now());  // backs off
  EXPECT_FALSE(transport_.has_pending());
  clock_.set(next);
  engine_->tick(clock_.now());
  ASSERT_TRUE(transport_.has_pending());
  EXPECT_EQ(transport_.pending_request().method, "GET");  // asks first
  transport_.reply_with_responder();
  EXPECT_EQ(progress(report, 0).bytes_sent, 32'768u);
  ASSERT_TRUE(run_async());
  EXPECT_EQ(held(report, 0), text(photos_[0]));
  EXPECT_EQ(server_.chunk_offsets, (std::vector<std::uint64_t>{0, 16'384, 32'768, 49'152, 65'536}));
}

TEST_F(Uploads, ALostRequestIsSentAgainFromTheSameOffset) {
  const domain::Report report = queue_with_photos({20'000}, photos_);
  make_engine();
  for (int i = 0; i < 2; ++i) {
    engine_->tick(clock_.now());
    transport_.reply_with_responder();
  }
  engine_->tick(clock_.now());
  transport_.reply(network_failure());  // never reached the server
  clock_.advance(60'000);
  ASSERT_TRUE(run_async());
  EXPECT_EQ(held(report, 0), text(photos_[0]));
  EXPECT_EQ(server_.chunk_offsets, (std::vector<std::uint64_t>{0, 16'384}));
  EXPECT_EQ(server_.gets, 1);
}

TEST_F(Uploads, ADuplicatedRequestAndALateAnswerChangeNothing) {
  const domain::Report report = queue_with_photos({40'000}, photos_);
  std::function<void(Response)> saved;
  struct Capturing : Transport {
    std::function<void(Response)>* out;
    std::vector<Request> sent;
    void send(Request request, std::function<void(Response)> on_done) override {
      sent.push_back(std::move(request));
      *out = std::move(on_done);
    }
  } capturing;
  capturing.out = &saved;
  SyncEngine engine(*store_, capturing, clock_, config_);
  for (int i = 0; i < 3; ++i) {  // push, pull, first chunk
    engine.tick(clock_.now());
    saved(server_(capturing.sent.back()));
  }
  engine.tick(clock_.now());
  ASSERT_EQ(capturing.sent.back().method, "PUT");
  // A proxy sends the chunk twice: the server applies the first, refuses the second (409),
  // and the device reads the second answer.
  const Response first = server_(capturing.sent.back());
  const Response second = server_(capturing.sent.back());
  EXPECT_EQ(second.http_status, 409);
  saved(second);
  saved(first);  // and then the first answer, late: the request is already answered
  EXPECT_EQ(progress(report, 0).bytes_sent, 16'384u);
  engine.tick(clock_.now());
  EXPECT_EQ(capturing.sent.back().method, "GET");  // no backoff, just ask
  saved(server_(capturing.sent.back()));
  EXPECT_EQ(progress(report, 0).bytes_sent, 32'768u);
  engine.tick(clock_.now());
  saved(server_(capturing.sent.back()));
  EXPECT_EQ(held(report, 0), text(photos_[0]));
  EXPECT_EQ(progress(report, 0).state, UploadState::done);
}

TEST_F(Uploads, ARestartMidUploadGoesOnWhereTheServerIs) {
  const domain::Report report = queue_with_photos({70'000, 5'000}, photos_);
  make_engine();
  for (int i = 0; i < 4; ++i) {  // push, pull, two chunks
    engine_->tick(clock_.now());
    transport_.reply_with_responder();
  }
  engine_->tick(clock_.now());
  (void)server_(transport_.pending_request());  // the third chunk arrives; the app closes
  engine_.reset();
  ASSERT_TRUE(open_store());
  make_engine().tick(clock_.now());
  EXPECT_EQ(progress(report, 0).bytes_sent, 32'768u);
  transport_.reply(network_failure());  // the old engine's answer, late: ignored
  EXPECT_EQ(progress(report, 0).last_error, "");
  // The new engine trusts the store's offset; the server says 409, then tells where it is.
  ASSERT_TRUE(run_async());
  EXPECT_EQ(held(report, 0), text(photos_[0]));
  EXPECT_EQ(held(report, 1), text(photos_[1]));
  EXPECT_EQ(progress(report, 0).state, UploadState::done);
  EXPECT_EQ(progress(report, 1).state, UploadState::done);
  EXPECT_EQ(server_.chunk_offsets,
            (std::vector<std::uint64_t>{0, 16'384, 32'768, 49'152, 65'536, 0}));
}

TEST_F(Uploads, FailuresBackOffPerPhotoAndRetryNowSkipsTheWait) {
  const domain::Report report = queue_with_photos({1'000}, photos_);
  make_engine();
  for (int i = 0; i < 2; ++i) {
    engine_->tick(clock_.now());
    transport_.reply_with_responder();
  }
  Timestamp previous_delay = 0;
  for (int failure = 1; failure <= 4; ++failure) {
    engine_->tick(clock_.now());
    ASSERT_TRUE(transport_.has_pending());
    transport_.reply(http_error(503));
    const Timestamp next = engine_->tick(clock_.now());
    EXPECT_FALSE(transport_.has_pending());
    const Timestamp delay = next - clock_.now();
    EXPECT_GT(delay, previous_delay / 2) << failure;  // grows, jitter aside
    EXPECT_LE(delay, config_.backoff.base_ms << (failure - 1));
    previous_delay = delay;
    EXPECT_NE(progress(report, 0).last_error.find("503"), std::string::npos);
    clock_.set(next);
  }
  clock_.advance(-1);  // not before it is due
  engine_->tick(clock_.now());
  EXPECT_FALSE(transport_.has_pending());
  engine_->retry_now();
  ASSERT_TRUE(run_async());
  EXPECT_EQ(held(report, 0), text(photos_[0]));
  EXPECT_EQ(progress(report, 0).last_error, "");
}

TEST_F(Uploads, AServerHashMismatchSendsAgainFromZero) {
  const domain::Report report = queue_with_photos({20'000}, photos_);
  server_.corrupt_next_chunk = true;
  transport_.synchronous = true;
  make_engine().tick(clock_.now());
  EXPECT_EQ(progress(report, 0).bytes_sent, 0u);
  EXPECT_NE(progress(report, 0).last_error.find("did not match"), std::string::npos);
  clock_.advance(60'000);
  engine_->tick(clock_.now());
  EXPECT_EQ(held(report, 0), text(photos_[0]));
  EXPECT_EQ(progress(report, 0).state, UploadState::done);
}

TEST_F(Uploads, ADamagedCopyOrAPhotoTheServerRefusesIsSetAside) {
  const domain::Report report = queue_with_photos({20'000, 3'000}, photos_);
  {
    auto db = store::Database::open(path_.str());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value()
                    .exec("UPDATE attachment_content SET bytes = zeroblob(length(bytes)) "
                          "WHERE attachment_id = '" +
                          report.attachments[0].id + "' AND start = 0")
                    .ok());
  }
  auto responder = [&](const Request& request) {
    Response response = server_(request);
    // The server refuses the second photo as too large for it.
    if (request.path.find(report.attachments[1].id) != std::string::npos) {
      const std::string body = R"({"error":{"code":"attachment.too_large","message":"x"}})";
      return Response{true, 413, wire::Bytes(body.begin(), body.end())};
    }
    return response;
  };
  transport_.responder = responder;
  transport_.synchronous = true;
  make_engine().tick(clock_.now());
  EXPECT_EQ(progress(report, 0).state, UploadState::refused);
  EXPECT_NE(progress(report, 0).last_error.find("damaged"), std::string::npos);
  EXPECT_EQ(progress(report, 1).state, UploadState::refused);
  EXPECT_NE(progress(report, 1).last_error.find("refuses"), std::string::npos);
  auto uploads = store_->report_uploads(report.id);
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().refused, 2);
  EXPECT_TRUE(uploads.value().finished());
  const int requests = static_cast<int>(transport_.sent.size());
  clock_.advance(3'600'000);
  EXPECT_EQ(engine_->tick(clock_.now()), kNever);  // never retried
  EXPECT_EQ(static_cast<int>(transport_.sent.size()), requests);
}

TEST_F(Uploads, AServerThatKeepsRefusingTheOffsetIsNotHammered) {
  const domain::Report report = queue_with_photos({20'000}, photos_);
  int uploads = 0;
  transport_.responder = [&](const Request& request) {
    if (request.method == "POST") return server_(request);
    ++uploads;
    const std::string body = request.method == "GET"
                                 ? R"({"bytes_held":0,"size":20000,"complete":false})"
                                 : R"({"error":{"code":"attachment.bad_offset","message":"x"}})";
    return Response{true, request.method == "GET" ? 200 : 409,
                    wire::Bytes(body.begin(), body.end())};
  };
  transport_.synchronous = true;
  config_.max_requests_per_tick = 100;
  const Timestamp next = make_engine().tick(clock_.now());
  EXPECT_LE(uploads, 8);
  EXPECT_GT(next, clock_.now());  // then it backs off
  EXPECT_NE(progress(report, 0).last_error.find("keeps refusing"), std::string::npos);
}

TEST_F(Uploads, NothingIsSentForPhotosWhoseBytesTheDeviceNeverHad) {
  auto reports = queue(1);
  std::vector<std::uint8_t> bytes(500, 7);
  domain::Report report = reports[0];
  transport_.synchronous = true;
  make_engine().tick(clock_.now());
  EXPECT_EQ(server_.puts + server_.gets, 0);
  // A report saved the old way, with metadata only, is delivered and left at that.
  report = valid_report(rng_, 9);
  report.attachments.push_back(
      {hex_from(rng_, 16), "image/jpeg", bytes.size(), domain::sha256_hex(bytes)});
  ASSERT_TRUE(store_->save_report(report, 500, clock_.now()).ok());
  engine_->tick(clock_.now());
  EXPECT_EQ(entry(report.id).state, store::OutboxState::delivered);
  EXPECT_EQ(server_.puts + server_.gets, 0);
  EXPECT_EQ(engine_->status().uploads_pending, 0);
  EXPECT_EQ(engine_->tick(clock_.now()), kNever);
}

}  // namespace
}  // namespace aduan::sync
