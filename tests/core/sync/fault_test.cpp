// The randomized fault test of sync: the real SyncEngine over a real LocalStore file, talking
// through a faulty loopback Transport to apply_push/apply_pull_request over a real ServerStore
// file, all in one process with a fake clock and no threads.
//
// Each sequence (one seed) makes a few reports, some invalid, some with photos whose bytes
// the device keeps, saves them on the "device" at random moments and ticks the engine until the
// outbox drains, while the transport, per request, loses the request, loses the response, delivers
// the request twice, answers late (after later ticks), or answers 503 as a failing store would, and
// the driver restarts the app (engine and LocalStore reopened from the file) between ticks, seeds
// conflicting reports on the server and has officers add events. Then, whatever happened:
//   - every valid report is on the server exactly once (by id, with one "received" event) with
//     the content the citizen sent, and its outbox row is delivered with the server's code;
//   - every invalid report is rejected on the device with its problems and absent from the
//     server; a report whose id the server already holds with other content is rejected as a
//     conflict and the server's report is untouched;
//   - the timelines pulled to the device equal the server's events;
//   - every photo of a delivered report is on the server byte for byte, verified, and the
//     device's copy is dropped; photos of refused reports are set aside, not retried.
// Photo uploads go through the server store's own resumable uploads (begin_upload,
// append_chunk), behind the same status codes as shell/server/api_attachments.cpp.
// A failure names its seed; ADUAN_SYNC_FAULT_SEED=<seed> ADUAN_SYNC_FAULT_SEQUENCES=1 replays it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/store/local_store.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "core/sync/server_apply.h"
#include "core/sync/sync_engine.h"
#include "core/sync/test_support.h"

namespace aduan::sync {
namespace {

using namespace aduan::sync::testing;  // NOLINT: the fakes read best unqualified

// Natively about 5 ms of CPU a sequence; soak with ADUAN_SYNC_FAULT_SEQUENCES=20000. Under node,
// ten times slower, a quarter of the same seeds: the native run covers the breadth.
#ifdef __EMSCRIPTEN__
constexpr int kSequences = 250;
#else
constexpr int kSequences = 1000;
#endif
constexpr int kMaxIterations = 3000;  // ticks per sequence before "did not drain" fails it

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : fallback;
}

template <class T>
Response answer(int status, const T& message) {
  auto body = wire::encode(message);
  return {true, status, body ? body.value() : wire::Bytes{}};
}
Response error_answer(int status, const Error& error) {
  return answer(status, wire::ErrorResponse{error.code, error.detail});
}

// What an HTTP route would do, without HTTP: authenticate, decode, apply, encode.
class LoopbackServer {
 public:
  LoopbackServer(store::ServerStore& store, const Clock& clock)
      : store_(store), clock_(clock), context_{sample_catalog(), clock} {}

  Response handle(const Request& request) {
    if (request.path == kPathRegister) {
      auto decoded = wire::decode<wire::RegisterDeviceRequest>(request.body);
      if (!decoded) return error_answer(400, decoded.error());
      auto registered = apply_register(store_, clock_, decoded.value());
      if (!registered) return error_answer(503, registered.error());
      return answer(200, registered.value());
    }
    const std::string device(request.header(kHeaderDeviceId));
    auto known = authenticate_device(store_, device, request.header(kHeaderDeviceSecret));
    if (!known) return error_answer(503, known.error());
    if (!known.value()) return error_answer(401, {"auth.unknown_device", device});
    if (request.path.rfind("/api/v1/reports/", 0) == 0) return upload(request, device);
    if (request.path == kPathPush) {
      auto decoded = wire::decode<wire::PushBatchRequest>(request.body);
      if (!decoded) return error_answer(400, decoded.error());
      auto applied = apply_push(store_, context_, device, decoded.value());
      if (!applied) return error_answer(503, applied.error());
      return answer(200, applied.value());
    }
    auto decoded = wire::decode<wire::PullEventsRequest>(request.body);
    if (!decoded) return error_answer(400, decoded.error());
    auto page = apply_pull_request(store_, device, decoded.value());
    if (!page) return error_answer(503, page.error());
    return answer(200, page.value());
  }

 private:
  // The attachment routes: GET .../attachments/<id>, PUT ...?offset=N.
  Response upload(const Request& request, const std::string& device) {
    const std::string path = request.path.substr(0, request.path.find('?'));
    const auto slash = path.find("/attachments/");
    auto report_id = domain::ReportId::parse(path.substr(16, slash == std::string::npos ? 0 : 32));
    if (!report_id) return json(400, "attachment.bad_report_id");
    const std::string attachment_id = path.substr(slash + 13);
    auto report = store_.report(*report_id);
    if (!report) return json(503, report.error().code);
    if (!report.value() || report.value()->device_id != device) {
      return json(404, "attachment.unknown_report");
    }
    const domain::Attachment* declared = nullptr;
    for (const auto& a : report.value()->report.attachments) {
      if (a.id == attachment_id) declared = &a;
    }
    if (declared == nullptr) return json(404, "attachment.unknown");
    auto begun = store_.begin_upload({report_id->to_string(), attachment_id, declared->size_bytes,
                                      declared->sha256_hex, 0, false});
    if (!begun || request.method == "GET") return progress(begun);
    const auto at = request.path.find("?offset=");
    if (request.method != "PUT" || at == std::string::npos)
      return json(400, "attachment.bad_offset");
    const std::uint64_t offset = std::strtoull(request.path.c_str() + at + 8, nullptr, 10);
    return progress(
        store_.append_chunk(report_id->to_string(), attachment_id, offset, request.body));
  }
  static Response json(int status, const std::string& code) {
    const std::string body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"test\"}}";
    return {true, status, wire::Bytes(body.begin(), body.end())};
  }
  static Response progress(const Result<store::AttachmentUpload>& upload) {
    if (!upload) {
      const std::string& code = upload.error().code;
      if (code == store::kErrorBadOffset) return json(409, "attachment.bad_offset");
      if (code == store::kErrorHashMismatch) return json(422, "attachment.hash_mismatch");
      if (code == store::kErrorTooLarge) return json(413, "attachment.too_large");
      if (code == store::kErrorConflict) return json(409, "attachment.conflict");
      return json(503, code);
    }
    const std::string body = "{\"bytes_held\":" + std::to_string(upload.value().bytes_held) +
                             ",\"size\":" + std::to_string(upload.value().expected_size) +
                             ",\"complete\":" + (upload.value().complete ? "true" : "false") + "}";
    return {true, 200, wire::Bytes(body.begin(), body.end())};
  }

  store::ServerStore& store_;
  const Clock& clock_;
  ServerContext context_;
};

struct FaultCounts {
  long requests = 0, lost_requests = 0, lost_responses = 0, duplicates = 0, late = 0,
       store_failures = 0, restarts = 0, conflicts = 0, officer_events = 0, photos = 0,
       photos_uploaded = 0;
};

// Injects one fault (or none) per request, chosen by the sequence's generator. Answers come
// either inside send() or at a later pump(), also at random, so both callback paths are used.
class FaultyTransport : public Transport {
 public:
  FaultyTransport(LoopbackServer& server, std::mt19937_64& rng, FaultCounts& counts)
      : server_(server), rng_(rng), counts_(counts) {}

  void send(Request request, std::function<void(Response)> on_done) override {
    ++counts_.requests;
    const unsigned roll = rng_() % 100;
    if (roll < 8) {  // the request never reaches the server
      ++counts_.lost_requests;
      return deliver(std::move(on_done), network_failure(), 0);
    }
    if (roll < 16) {  // the server applies it; the answer is lost on the way back
      ++counts_.lost_responses;
      server_.handle(request);
      return deliver(std::move(on_done), network_failure(), 0);
    }
    if (roll < 24) {  // delivered twice (a proxy's retry); the device reads the second answer
      ++counts_.duplicates;
      server_.handle(request);
      return deliver(std::move(on_done), server_.handle(request), 0);
    }
    if (roll < 30) {  // the server's store is down: 503, nothing applied
      ++counts_.store_failures;
      return deliver(std::move(on_done), http_error(503, "store.busy"), 0);
    }
    if (roll < 40) {  // applied now, answered after a few more ticks
      ++counts_.late;
      return deliver(std::move(on_done), server_.handle(request), 1 + rng_() % 4);
    }
    deliver(std::move(on_done), server_.handle(request), 0);
  }

  // Called between ticks: answers whose time has come.
  void pump() {
    std::vector<Held> due;
    for (auto it = held_.begin(); it != held_.end();) {
      if (it->ticks_left-- <= 0) {
        due.push_back(std::move(*it));
        it = held_.erase(it);
      } else {
        ++it;
      }
    }
    for (Held& h : due) h.on_done(std::move(h.response));
  }
  bool holding() const { return !held_.empty(); }

 private:
  struct Held {
    std::function<void(Response)> on_done;
    Response response;
    int ticks_left = 0;
  };
  void deliver(std::function<void(Response)> on_done, Response response, unsigned ticks) {
    if (ticks == 0 && rng_() % 2 == 0) return on_done(std::move(response));
    held_.push_back({std::move(on_done), std::move(response), static_cast<int>(ticks)});
  }

  LoopbackServer& server_;
  std::mt19937_64& rng_;
  FaultCounts& counts_;
  std::vector<Held> held_;
};

struct Planned {
  domain::Report report;
  bool valid = true;
  std::optional<domain::Report> server_copy;      // set: the server already holds this id
  std::vector<std::vector<std::uint8_t>> photos;  // the bytes of report.attachments
};

class FaultSequence {
 public:
  // `server` is shared by the sequences, as one server serves many devices: each sequence is
  // a new device with its own report ids, and the checks look at those ids and that device.
  FaultSequence(std::uint64_t seed, store::ServerStore& server, FaultCounts& counts)
      : rng_(seed),
        counts_(counts),
        server_(&server),
        loopback_(server, clock_),
        transport_(loopback_, rng_, counts_) {}

  void run() {
    // Durability is the store's own tests' subject; here it would only cost time.
    local_options_.synchronous = store::Synchronous::off;
    local_options_.journal_mode = store::JournalMode::memory;
    auto before = server_->count_reports();
    ASSERT_TRUE(before.ok());
    reports_before_ = before.value();
    ASSERT_NO_FATAL_FAILURE(plan());
    ASSERT_NO_FATAL_FAILURE(open_device());

    std::size_t saved = 0;
    bool drained = false, final_pull_asked = false;
    for (int i = 0; i < kMaxIterations; ++i) {
      if (saved < planned_.size() && (saved == 0 || rng_() % 4 == 0)) {
        ASSERT_TRUE(save(planned_[saved++]));
      }
      if (rng_() % 33 == 0) {
        ASSERT_NO_FATAL_FAILURE(restart());
      }
      if (!final_pull_asked && rng_() % 20 == 0) officer_event();
      transport_.pump();
      const Timestamp next = engine_->tick(clock_.now());
      const bool quiet = !transport_.holding() && !engine_->status().in_flight;
      if (saved == planned_.size() && quiet && !final_pull_asked && outbox_drained()) {
        // Events added since the last pull: one more pull, as "try now" would ask for.
        final_pull_asked = true;
        engine_->retry_now();
        continue;
      }
      if (final_pull_asked && quiet && next == kNever) {
        drained = true;
        break;
      }
      if (transport_.holding()) {
        clock_.advance(1 + static_cast<Timestamp>(rng_() % 1'500));
      } else if (next == kNever) {
        clock_.advance(1'000);
      } else {
        clock_.set(std::max(next, clock_.now() + 1));
      }
    }
    ASSERT_TRUE(drained) << "did not drain in " << kMaxIterations
                         << " ticks; last error: " << engine_->status().last_error;
    check();
  }

 private:
  void plan() {
    const int count = 1 + static_cast<int>(rng_() % 12);
    for (int n = 0; n < count; ++n) {
      Planned p;
      p.valid = rng_() % 5 != 0;
      p.report = p.valid ? valid_report(rng_, n) : invalid_report(rng_, n);
      // A quarter of the reports carry one or two photos, small enough to keep a sequence
      // short, in chunks small enough that each photo takes several requests.
      if (rng_() % 4 == 0) {
        const std::size_t photo_count = 1 + rng_() % 2;
        for (std::size_t i = 0; i < photo_count; ++i) {
          p.photos.push_back(
              store::testing::sample_photo(static_cast<int>(rng_() % 1000), 1 + rng_() % 8'000));
          p.report.attachments.push_back({hex_from(rng_, 16), "image/jpeg", p.photos.back().size(),
                                          domain::sha256_hex(p.photos.back())});
          ++counts_.photos;
        }
      }
      if (p.valid && rng_() % 25 == 0) {
        // Another device already sent this id with other content.
        domain::Report other = valid_report(rng_, 100 + n);
        other.id = p.report.id;
        auto stored = server_->store_batch("other-device", {&other, 1}, clock_.now());
        ASSERT_TRUE(stored.ok());
        ++reports_before_;
        p.server_copy = other;
        ++counts_.conflicts;
      }
      planned_.push_back(std::move(p));
    }
  }

  void open_device() {
    auto opened = store::LocalStore::open(local_path_.str(), local_options_);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    local_.emplace(std::move(opened).value());
    SyncConfig config;
    config.max_batch_count = 1 + rng_() % 5;
    config.max_batch_bytes = 4'096;
    config.pull_page_limit = 1 + static_cast<std::uint32_t>(rng_() % 4);
    config.pull_interval_ms = 0;
    config.rng_seed = rng_() | 1;
    config.max_requests_per_tick = 1 + static_cast<int>(rng_() % 8);
    config.upload_chunk_bytes = 2'048 + rng_() % 4'096;
    engine_.emplace(*local_, transport_, clock_, config);
  }

  // The app closes between ticks, whatever is open, and starts again over the same file.
  void restart() {
    ++counts_.restarts;
    engine_.reset();
    local_.reset();
    open_device();
  }

  bool save(const Planned& p) {
    const std::uint64_t bytes = 200 + rng_() % 3'000;
    std::vector<store::AttachmentContent> contents;
    for (std::size_t i = 0; i < p.photos.size(); ++i) {
      contents.push_back({p.report.attachments[i].id, p.photos[i]});
    }
    return local_->save_report(p.report, contents, bytes, clock_.now()).ok();
  }

  void officer_event() {
    const Planned& p = planned_[rng_() % planned_.size()];
    if (!p.valid || p.server_copy) return;
    auto stored = server_->report(p.report.id);
    if (!stored.ok() || !stored.value()) return;
    store::ServerEvent event;
    event.report_id = p.report.id;
    event.status = "verified";
    event.action = "verify";
    event.at = clock_.now();
    event.note = "Diperiksa " + std::to_string(rng_() % 1000);
    event.agency_id = "kab-32.12-pupr";
    event.actor = "officer-7";
    if (server_->append_event(event).ok()) ++counts_.officer_events;
  }

  bool outbox_drained() {
    auto counts = local_->outbox_counts();
    auto photos = local_->upload_totals();
    return counts.ok() && counts.value().queued == 0 && counts.value().sending == 0 &&
           photos.ok() && photos.value().pending == 0;
  }

  // Every photo of a delivered report is on the server as sent, and only there.
  void check_photos(const Planned& p, bool delivered) {
    auto progress = local_->upload_progress(p.report.id);
    ASSERT_TRUE(progress.ok());
    ASSERT_EQ(progress.value().size(), p.photos.size());
    for (std::size_t i = 0; i < p.photos.size(); ++i) {
      const store::UploadProgress& local = progress.value()[i];
      if (!delivered) {
        EXPECT_EQ(local.state, store::UploadState::refused);
        continue;
      }
      EXPECT_EQ(local.state, store::UploadState::done) << local.last_error;
      EXPECT_EQ(local.bytes_sent, p.photos[i].size());
      EXPECT_FALSE(local.content_on_device);
      auto held = server_->attachment_bytes(p.report.id.to_string(), local.attachment_id);
      ASSERT_TRUE(held.ok() && held.value());
      EXPECT_EQ(*held.value(), std::string(p.photos[i].begin(), p.photos[i].end()));
      ++counts_.photos_uploaded;
    }
  }

  void check() {
    std::int64_t expected_on_server = reports_before_;
    std::int64_t last_seq = 0;
    for (const Planned& p : planned_) {
      const domain::ReportId& id = p.report.id;
      SCOPED_TRACE("report " + id.to_string());
      auto row = local_->outbox_entry(id);
      ASSERT_TRUE(row.ok() && row.value());
      auto on_server = server_->report(id);
      ASSERT_TRUE(on_server.ok());
      if (!p.valid) {
        EXPECT_EQ(row.value()->state, store::OutboxState::rejected);
        EXPECT_EQ(row.value()->last_error, kReasonRejected);
        EXPECT_FALSE(row.value()->problems.empty());
        EXPECT_FALSE(on_server.value().has_value());
        check_photos(p, false);
        continue;
      }
      ASSERT_TRUE(on_server.value().has_value());
      if (p.server_copy) {
        EXPECT_EQ(row.value()->state, store::OutboxState::rejected);
        EXPECT_EQ(row.value()->last_error, kReasonConflict);
        EXPECT_TRUE(on_server.value()->report.same_content(*p.server_copy));
        check_photos(p, false);
        continue;
      }
      ++expected_on_server;
      EXPECT_EQ(row.value()->state, store::OutboxState::delivered);
      const domain::Report& server_report = on_server.value()->report;
      EXPECT_TRUE(server_report.same_content(p.report));
      auto mine = local_->report(id);
      ASSERT_TRUE(mine.ok() && mine.value());
      EXPECT_EQ(mine.value()->tracking_code, server_report.tracking_code);
      EXPECT_EQ(mine.value()->received_at, server_report.received_at);
      check_photos(p, true);

      auto server_timeline = server_->timeline(id);
      ASSERT_TRUE(server_timeline.ok());
      int received = 0;
      std::vector<store::TimelineEvent> expected;
      for (const store::ServerEvent& e : server_timeline.value()) {
        received += e.status == "received" ? 1 : 0;
        expected.push_back({e.report_id, e.seq, e.status, e.at, e.agency_id, e.note});
        last_seq = std::max(last_seq, e.seq);
      }
      EXPECT_EQ(received, 1) << "stored more than once";
      auto pulled = local_->timeline(id);
      ASSERT_TRUE(pulled.ok());
      EXPECT_EQ(pulled.value(), expected);
    }
    EXPECT_EQ(server_->count_reports().value(), expected_on_server);
    if (last_seq > 0) {
      EXPECT_EQ(local_->pull_cursor().value(), last_seq);
    }
  }

  std::mt19937_64 rng_;
  FaultCounts& counts_;
  FakeClock clock_;
  store::ServerStore* server_;
  // Members, not locals of run(), and declared before engine_: the engine holds a reference to
  // the transport (and the transport to the loopback), so both must outlive it.
  LoopbackServer loopback_;
  FaultyTransport transport_;
  std::int64_t reports_before_ = 0;
  store::testing::TempPath local_path_;
  store::OpenOptions local_options_;
  std::optional<store::LocalStore> local_;
  std::optional<SyncEngine> engine_;
  std::vector<Planned> planned_;
};

TEST(SyncFaults, EveryReportArrivesExactlyOnceWhateverTheNetworkDoes) {
  const std::uint64_t first = env_number("ADUAN_SYNC_FAULT_SEED", 1);
  const std::uint64_t sequences = env_number("ADUAN_SYNC_FAULT_SEQUENCES", kSequences);
  store::testing::TempPath server_path;
  auto server = store::ServerStore::open(server_path.str());
  ASSERT_TRUE(server.ok()) << server.error().detail;
  ASSERT_TRUE(server.value().database().exec("PRAGMA synchronous = OFF").ok());
  FaultCounts counts;
  std::uint64_t run = 0;
  for (std::uint64_t seed = first; seed < first + sequences; ++seed, ++run) {
    SCOPED_TRACE("seed " + std::to_string(seed) + " (replay: ADUAN_SYNC_FAULT_SEED=" +
                 std::to_string(seed) + " ADUAN_SYNC_FAULT_SEQUENCES=1)");
    FaultSequence(seed, server.value(), counts).run();
    if (::testing::Test::HasFailure()) {
      ++run;
      break;
    }
  }
  std::printf(
      "[ sync faults ] %llu sequences, %ld requests: %ld lost requests, %ld lost responses, "
      "%ld duplicated, %ld late, %ld store failures; %ld restarts, %ld conflicts, %ld officer "
      "events; %ld photos, %ld uploaded and verified\n",
      static_cast<unsigned long long>(run), counts.requests, counts.lost_requests,
      counts.lost_responses, counts.duplicates, counts.late, counts.store_failures, counts.restarts,
      counts.conflicts, counts.officer_events, counts.photos, counts.photos_uploaded);
  EXPECT_GT(counts.lost_responses + counts.duplicates, 0);
  EXPECT_GT(counts.photos_uploaded, 0);
}

}  // namespace
}  // namespace aduan::sync
