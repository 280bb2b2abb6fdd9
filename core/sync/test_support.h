// core/sync/test_support.h: the fakes and sample data the sync tests share.
//
// Owns a settable Clock, a Transport that records requests and lets the test answer them now
// or later, a small catalog, a generator of valid and invalid reports, a server stand-in that
// acks everything and one that also takes attachment uploads, and a device harness (a LocalStore
// file, the fakes, an engine) that test fixtures derive from. No GoogleTest here: helpers report
// trouble through their results (an empty list, a row with attempts -1), which the tests then
// check. Not used by the product; header-only so it adds nothing to the library. No threads and no
// sleeping: time is whatever the test sets, which is what lets a test walk through an hour of
// backoff at once.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/catalog.h"
#include "core/domain/report.h"
#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/store/local_store.h"
#include "core/store/test_support.h"
#include "core/sync/sync_engine.h"
#include "core/sync/transport.h"
#include "core/wire/messages.h"

namespace aduan::sync::testing {

// 2024-03-15 00:00:00 UTC.
inline constexpr Timestamp kStartTime = 1'710'460'800'000;

class FakeClock : public Clock {
 public:
  explicit FakeClock(Timestamp start = kStartTime) : now_(start) {}
  Timestamp now() const override { return now_; }
  void set(Timestamp t) { now_ = t; }
  void advance(Timestamp ms) { now_ += ms; }

 private:
  Timestamp now_;
};

// Records every request. Answers come from `responder` when it is set and `synchronous` is
// true (inside send()); otherwise the request waits in pending() until the test calls reply().
class FakeTransport : public Transport {
 public:
  struct Pending {
    Request request;
    std::function<void(Response)> on_done;
  };

  void send(Request request, std::function<void(Response)> on_done) override {
    sent.push_back(request);
    if (synchronous && responder) {
      on_done(responder(request));
      return;
    }
    pending_.push_back({std::move(request), std::move(on_done)});
  }

  bool has_pending() const { return !pending_.empty(); }
  const Request& pending_request() const { return pending_.front().request; }
  // Answers the oldest open request.
  void reply(Response response) {
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    p.on_done(std::move(response));
  }
  void reply_with_responder() { reply(responder(pending_.front().request)); }

  std::vector<Request> sent;
  std::function<Response(const Request&)> responder;
  bool synchronous = false;

 private:
  std::deque<Pending> pending_;
};

inline Response ok(wire::Bytes body) {
  return {true, 200, std::move(body)};
}
inline Response network_failure() {
  return {false, 0, {}};
}
inline Response http_error(int status, std::string code = "server.unavailable") {
  auto body = wire::encode(wire::ErrorResponse{std::move(code), "test"});
  return {true, status, body ? body.value() : wire::Bytes{}};
}

template <class T>
Response ok_message(const T& message) {
  auto body = wire::encode(message);
  return ok(body ? body.value() : wire::Bytes{});
}

inline const domain::Catalog& sample_catalog() {
  static const domain::Catalog instance = [] {
    auto parsed = domain::Catalog::parse(
        "32\tJawa Barat\n32.12\tKab. Indramayu\n32.12.01\tHaurgeulis\n",
        "prov-32\tPemerintah Provinsi Jawa Barat\t\t32\tprovince\n"
        "kab-32.12\tPemerintah Kabupaten Indramayu\t\t32.12\tregency\n"
        "kab-32.12-pupr\tDinas PUPR Kabupaten Indramayu\tkab-32.12\t32.12\tunit\n",
        "infrastruktur\tInfrastruktur\tInfrastructure\nlainnya\tLainnya\tOther\n");
    return parsed ? std::move(parsed).value() : domain::Catalog{};
  }();
  return instance;
}

inline std::string hex_from(std::mt19937_64& rng, std::size_t byte_count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < byte_count; ++i) {
    const auto byte = static_cast<unsigned>(rng() & 0xff);
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

// A report core/rules accepts against sample_catalog() on kStartTime's date, made only from
// `rng` so a seed reproduces it. `n` varies the text.
inline domain::Report valid_report(std::mt19937_64& rng, int n) {
  domain::Report r;
  r.id = *domain::ReportId::parse(hex_from(rng, 16));
  r.tracking_code = domain::tracking_code_from_bits(rng());
  r.receipt_secret = hex_from(rng, 16);
  r.classification = domain::Classification::complaint;
  r.title = "Jalan berlubang nomor " + std::to_string(n);
  r.body = "Lubang besar di depan pasar sejak tiga bulan, berbahaya bagi pengendara motor.";
  r.incident_date = {2024, 3, 1};
  r.location.region_code = "32.12";
  r.location.place = "Pasar Baru";
  r.category_id = "infrastruktur";
  r.agency_id = (rng() & 1) ? "kab-32.12-pupr" : "";
  r.anonymous = (rng() & 1) != 0;
  r.created_at = kStartTime - 3'600'000 + n;
  return r;
}

// A report the rules refuse (too short a title, an unknown region), yet one the wire can carry.
inline domain::Report invalid_report(std::mt19937_64& rng, int n) {
  domain::Report r = valid_report(rng, n);
  r.title = "Rusak";
  if (rng() & 1) r.location.region_code = "99.99";
  return r;
}

// Answers like a server that stores everything: the device's code, received now.
class AckingServer {
 public:
  explicit AckingServer(const Clock& clock) : clock_(clock) {}
  Response operator()(const Request& request) {
    ++requests;
    if (request.path == kPathRegister) return ok_message(wire::RegisterDeviceResponse{"d1", "5e"});
    if (request.path != kPathPush) return ok_message(wire::PullEventsResponse{});
    auto push = wire::decode<wire::PushBatchRequest>(request.body);
    if (!push) return http_error(400, "wire.malformed");
    batch_sizes.push_back(push.value().reports.size());
    wire::PushBatchResponse response;
    for (const domain::Report& r : push.value().reports) {
      response.verdicts.push_back(
          {r.id, wire::VerdictKind::stored, r.tracking_code, clock_.now(), {}});
    }
    return ok_message(response);
  }
  int requests = 0;
  std::vector<std::size_t> batch_sizes;

 private:
  const Clock& clock_;
};

// The attachment routes of the server, in memory, with the same semantics as
// shell/server/api_attachments.cpp (see sync_engine_uploads.cpp): pushes are acked like
// AckingServer and their declared attachments remembered; GET says what is held; PUT appends
// only at that offset (409 otherwise), the SHA-256 is checked at the last byte (422 and the
// bytes dropped on a mismatch). `corrupt_next_chunk` flips a byte on the way in.
class UploadingServer {
 public:
  explicit UploadingServer(const Clock& clock) : acking_(clock) {}

  struct Upload {
    domain::Attachment declared;
    std::string held;
    bool complete = false;
  };

  Response operator()(const Request& request) {
    constexpr std::string_view kPrefix = "/api/v1/reports/";
    if (request.path.rfind(kPrefix, 0) != 0) {
      if (auto push = wire::decode<wire::PushBatchRequest>(request.body);
          push && request.path == kPathPush) {
        for (const domain::Report& r : push.value().reports) {
          for (const domain::Attachment& a : r.attachments) {
            uploads.try_emplace(r.id.to_string() + "/" + a.id, Upload{a, "", false});
          }
        }
      }
      return acking_(request);
    }
    const std::string rest = request.path.substr(kPrefix.size());
    const auto query = rest.find("?offset=");
    const std::string key = rest.substr(0, rest.find('?'));
    const auto slash = key.find("/attachments/");
    auto found = slash == std::string::npos
                     ? uploads.end()
                     : uploads.find(key.substr(0, slash) + "/" + key.substr(slash + 13));
    if (found == uploads.end()) return json(404, error_body("attachment.unknown"));
    Upload& upload = found->second;
    if (request.method == "GET") {
      ++gets;
      return json(200, progress(upload));
    }
    ++puts;
    if (request.method != "PUT" || query == std::string::npos) {
      return json(400, error_body("attachment.bad_offset"));
    }
    const std::uint64_t offset = std::stoull(rest.substr(query + 8));
    if (offset != upload.held.size()) return json(409, error_body("attachment.bad_offset"));
    if (upload.complete && !request.body.empty()) return json(413, error_body("x"));
    if (request.body.size() > upload.declared.size_bytes - upload.held.size()) {
      return json(413, error_body("attachment.too_large"));
    }
    std::string chunk(request.body.begin(), request.body.end());
    if (corrupt_next_chunk && !chunk.empty()) {
      chunk[0] = static_cast<char>(chunk[0] ^ 1);
      corrupt_next_chunk = false;
    }
    upload.held += chunk;
    chunk_offsets.push_back(offset);
    if (upload.held.size() == upload.declared.size_bytes && !upload.complete) {
      if (domain::sha256_hex(upload.held) != upload.declared.sha256_hex) {
        upload.held.clear();
        return json(422, error_body("attachment.hash_mismatch"));
      }
      upload.complete = true;
    }
    return json(200, progress(upload));
  }

  const Upload* find(const domain::ReportId& report, const std::string& attachment) const {
    auto it = uploads.find(report.to_string() + "/" + attachment);
    return it == uploads.end() ? nullptr : &it->second;
  }

  std::map<std::string, Upload> uploads;     // by "<report hex>/<attachment id>"
  std::vector<std::uint64_t> chunk_offsets;  // of every PUT accepted, in order
  int gets = 0;
  int puts = 0;
  bool corrupt_next_chunk = false;

 private:
  static std::string progress(const Upload& upload) {
    return "{\"bytes_held\":" + std::to_string(upload.held.size()) +
           ",\"size\":" + std::to_string(upload.declared.size_bytes) +
           ",\"complete\":" + (upload.complete ? "true" : "false") + "}";
  }
  static std::string error_body(std::string_view code) {
    return "{\"error\":{\"code\":\"" + std::string(code) + "\",\"message\":\"test\"}}";
  }
  static Response json(int status, const std::string& text) {
    return {true, status, wire::Bytes(text.begin(), text.end())};
  }

  AckingServer acking_;
};

// One device: its LocalStore file (reopened to simulate a restart), the fakes and an engine.
class DeviceHarness {
 protected:
  DeviceHarness() {
    config_.rng_seed = 99;
    config_.pull_interval_ms = 0;  // idle means idle, unless a test wants periodic pulls
  }

  bool open_store() {
    store_.reset();
    store::OpenOptions options;
    options.synchronous = store::Synchronous::off;  // durability is the store's tests' job
    auto opened = store::LocalStore::open(path_.str(), options);
    if (!opened) return false;
    store_.emplace(std::move(opened).value());
    return true;
  }
  SyncEngine& make_engine() {
    engine_.emplace(*store_, transport_, clock_, config_);
    return *engine_;
  }
  // Saves n valid reports, each `bytes` big by the caller's estimate; fewer on a store error.
  std::vector<domain::Report> queue(int n, std::uint64_t bytes = 500) {
    std::vector<domain::Report> reports;
    for (int i = 0; i < n; ++i) {
      domain::Report report = valid_report(rng_, i);
      if (!store_->save_report(report, bytes, clock_.now())) break;
      reports.push_back(std::move(report));
    }
    return reports;
  }
  // Saves a valid report with photos of these sizes, their bytes kept by the store; returns
  // the report with the photos' bytes in `photos` (empty report id on a store error).
  domain::Report queue_with_photos(std::vector<std::size_t> sizes,
                                   std::vector<std::vector<std::uint8_t>>& photos) {
    domain::Report report = valid_report(rng_, 0);
    photos.clear();
    std::vector<store::AttachmentContent> contents;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      photos.push_back(store::testing::sample_photo(static_cast<int>(i), sizes[i]));
      report.attachments.push_back(
          {hex_from(rng_, 16), "image/jpeg", sizes[i], domain::sha256_hex(photos.back())});
    }
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      contents.push_back({report.attachments[i].id, photos[i]});
    }
    if (!store_->save_report(report, contents, 500, clock_.now())) report.id = {};
    return report;
  }
  bool give_credentials() { return store_->save_credentials({"d1", "5e"}).ok(); }
  // Ticks the engine and answers through transport_.responder, one request at a time, until
  // nothing is open or due now; false when it had not settled after 500 steps.
  bool run_async() {
    for (int i = 0; i < 500; ++i) {
      const Timestamp next = engine_->tick(clock_.now());
      if (transport_.has_pending()) {
        transport_.reply_with_responder();
      } else if (next > clock_.now()) {
        return true;
      }
    }
    return false;
  }
  // The outbox row; attempts -1 when there is none.
  store::OutboxEntry entry(const domain::ReportId& id) {
    auto e = store_->outbox_entry(id);
    if (e.ok() && e.value()) return *e.value();
    store::OutboxEntry missing;
    missing.attempts = -1;
    return missing;
  }
  // The batch a push request carries; empty when it is not one.
  static wire::PushBatchRequest pushed(const Request& request) {
    auto decoded = wire::decode<wire::PushBatchRequest>(request.body);
    if (request.path != kPathPush || !decoded) return {};
    return decoded.value();
  }

  store::testing::TempPath path_;
  std::optional<store::LocalStore> store_;
  FakeClock clock_;
  FakeTransport transport_;
  SyncConfig config_;
  std::optional<SyncEngine> engine_;
  std::mt19937_64 rng_{1234};
};

}  // namespace aduan::sync::testing
