// core/sync/sync_engine.h: the device's sync engine, from "saved on this device" to "acked".
//
// Owns moving outbox rows to the server and status events back: registering the device,
// pushing batches, reading verdicts into the outbox, backing off after failures, uploading
// the photos of delivered reports chunk by chunk, pulling the timeline by cursor, and the
// status line the UI shows. Does not own the reports (LocalStore
// records them; the engine never changes one), validity (core/rules), the bytes (core/wire),
// HTTP or the time (Transport, Clock).
//
// Shape: no threads and nothing that blocks, because in the browser it runs on the main
// thread. The host calls tick(now); the engine does what is due, starts at most one request,
// and returns when it next wants a tick. The answer arrives through the Transport's callback,
// which records it in the LocalStore and then asks the host for a tick (set_wake_handler);
// the next request is only ever started from tick(), so a Transport that calls back before
// send() returns cannot make the engine recurse.
//
// Order of work in tick(), first due wins, one request in flight at a time:
//   1. once per engine: LocalStore::requeue_interrupted (rows left 'sending' by a closed app)
//   2. no credentials (or the server said 401): RegisterDeviceRequest -> save_credentials
//   3. due outbox rows: pending_batch -> mark_sending -> PushBatchRequest; each Verdict then
//      ends in mark_delivered / mark_rejected, or mark_failed with that row's backoff
//   4. nothing due in the outbox and a pull wanted: PullEventsRequest{pull_cursor} ->
//      apply_pull, again at once while the server says `more`
//   5. a photo of a delivered report due (LocalStore::next_upload): PUT the next chunk at the
//      offset the server last confirmed -> set_upload_progress, until the server says the
//      SHA-256 matched -> mark_upload_done. After a failure the engine first asks (GET) how
//      many bytes the server holds and resumes there; each photo backs off on its own
//      (mark_upload_failed). See sync_engine_uploads.cpp.
//      Lite mode (link_policy.h) only changes this step: smaller chunks, and none at all
//      while "wait for wifi" holds photos on a slow link. Steps 3 and 4 already come first,
//      so every waiting report's text goes out before any photo byte.
// A failed request (no answer, 5xx, 4xx, undecodable answer) also sets the engine's own retry
// timer, so a dead network costs one request per backoff step, not one per batch queued.
//
// Use: construct over an open LocalStore; call tick(clock.now()) at start-up, after saving a
// report, when the returned time arrives and when asked through the wake handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/local_store.h"
#include "core/sync/backoff.h"
#include "core/sync/link_policy.h"
#include "core/sync/transport.h"
#include "core/wire/messages.h"

namespace aduan::sync {

struct SyncConfig {
  std::size_t max_batch_count = 50;          // reports per push
  std::uint64_t max_batch_bytes = 64 << 10;  // by LocalStore's payload estimates
  BackoffPolicy backoff;
  std::uint64_t rng_seed = 0;  // jitter; 0 draws one from the platform
  std::uint32_t pull_page_limit = 200;
  // Pull again this long after the last complete pull, for agencies' answers. 0: pull only
  // after a delivery, at start-up and on retry_now()/network_changed(true).
  Timestamp pull_interval_ms = 15 * 60'000;
  // At most this many requests that complete within one tick (a synchronous Transport), so
  // a long queue never holds the main thread; tick() then asks to run again at once.
  int max_requests_per_tick = 16;
  // Sent once when registering, for support and statistics.
  domain::Channel channel = domain::Channel::web;
  std::string platform = "web";
  std::string app_version = "0.1.0";
  // Bytes per attachment PUT: at 400 kbit/s about 1.3 s, so a dropped link loses little.
  // Lite mode uses link.lite_chunk_bytes instead (never more than this).
  std::size_t upload_chunk_bytes = 64 << 10;
  LinkPolicy link;
  // Keep a photo's bytes on the device after the server verified them. false frees the space
  // (the report's metadata and the server's copy stay), which a phone or kiosk needs more
  // than a local preview.
  bool keep_uploaded_content = false;
};

// LocalStore::mark_rejected reasons the engine writes; the UI keys its message on them.
inline constexpr std::string_view kReasonRejected = "rejected";  // see the row's problems
// Another report already has this id on the server: a device bug or a restored backup. The
// citizen must see it; resending would never succeed.
inline constexpr std::string_view kReasonConflict = "conflict";
// The wire format cannot carry the report (e.g. a secret that is not hex): it never could.
inline constexpr std::string_view kReasonUnencodable = "unencodable";

// What the UI shows about sync. A snapshot: read it after tick() or in the wake handler.
struct SyncStatus {
  bool online = true;                        // a guess: false after a request got no answer at all
  bool in_flight = false;                    // a request is open
  bool registered = false;                   // the device has credentials
  std::string last_error;                    // the last failure, for people; "" after a success
  std::optional<Timestamp> last_success_at;  // the last request the server answered usefully
  int queued = 0;                            // reports still to send (queued or sending)
  int rejected = 0;                    // reports the server refused, shown with their problems
  Timestamp next_attempt_at = kNever;  // when the engine next wants to run
  // Photos still to upload (their reports queued or delivered), as a progress bar in bytes.
  // Per report: LocalStore::report_uploads / unfinished_uploads.
  int uploads_pending = 0;
  std::uint64_t upload_bytes_total = 0;
  std::uint64_t upload_bytes_sent = 0;
  std::optional<domain::ReportId> uploading;  // whose photo a request is open for
  // Lite mode (link_policy.h) and what sync cost: bodies sent and received since start.
  bool lite = false;
  bool photos_held = false;  // "wait for wifi" on a slow link
  std::optional<double> kbit_per_s;
  std::uint64_t wire_bytes_sent = 0;
  std::uint64_t wire_bytes_received = 0;
};

class SyncEngine {
 public:
  SyncEngine(store::LocalStore& store, Transport& transport, Clock& clock, SyncConfig config = {});
  ~SyncEngine();
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  // Does what is due at `now` and returns when it next wants to run: `now` itself when it has
  // more to do at once, kNever when idle or waiting for an answer (the wake handler will say).
  // Safe to call at any time, also from the wake handler; a nested call returns at once.
  Timestamp tick(Timestamp now);

  // "Coba kirim sekarang": every queued report, every photo waiting to upload and the
  // engine's own timer become due now, and a pull is wanted. Then asks for a tick.
  void retry_now();
  // The platform's online/offline event. Going online is a reason to try at once. Going
  // offline means no network at all (browsers report "online" on a captive portal, so only
  // "offline" is sure): nothing is sent until the platform says online again, because every
  // request would fail at once and count against each queued report's backoff, and a device
  // offline for days would then wait the longest backoff after its first failure in town.
  void network_changed(bool online);

  // Called when the engine wants tick() sooner than it last said (an answer arrived, or
  // retry_now). Never called from inside tick(). May call tick() itself.
  void set_wake_handler(std::function<void()> handler) { wake_handler_ = std::move(handler); }

  // What the platform says of the link (navigator.connection), now and at each change. A new
  // link forgets what the old one measured, as does coming back online or a reading older than
  // LinkPolicy::reading_lifetime_ms. Asks for a tick.
  void set_link_hints(LinkHints hints);
  // Settings: lite mode auto/on/off, and whether photos wait for a fast link. Asks for a tick.
  void set_lite(LiteSetting setting, bool wait_for_wifi);
  LinkPlan link_plan() const;
  LiteSetting lite_setting() const { return lite_setting_; }
  bool wait_for_wifi() const { return wait_for_wifi_; }

  const SyncStatus& status() const { return status_; }

 private:
  enum class RequestKind { none, register_device, push, pull, upload_probe, upload_chunk };
  // What the open push carries, to read its verdicts and back off per row.
  struct BatchRow {
    domain::ReportId id;
    int attempts = 0;  // after this send
    std::string tracking_code;
  };
  // The photo being uploaded. offset_known: the last answer said where the server is, so the
  // next chunk can go without asking first.
  struct UploadJob {
    store::UploadTask task;
    bool offset_known = false;
    int bad_offsets = 0;   // 409s since the last chunk taken; a few are normal, many are not
    bool probing = false;  // the open request is the GET
  };

  // sync_engine.cpp: scheduling and starting requests.
  bool start(Timestamp now);
  bool start_next(Timestamp now);
  bool start_register(Timestamp now);
  bool start_push(Timestamp now);
  int reject_unencodable(const wire::PushBatchRequest& request, Timestamp now);
  bool start_pull(Timestamp now);
  void send(RequestKind kind, std::string_view path, wire::Bytes body, bool with_credentials);
  void dispatch(RequestKind kind, Request request);
  void on_response(std::uint64_t serial, const Response& response);
  Timestamp next_wake(Timestamp now);
  Timestamp earliest_queued(Timestamp now);
  void note_queued_at(Timestamp next_attempt_at);
  void refresh_counts();
  void measure(const Response& response, Timestamp now);
  // The measured part of link_ (not the hints), forgotten; at `now` only once it is stale.
  void forget_measurements();
  void forget_stale_measurements(Timestamp now);
  bool has_measurements() const;
  // The store (or the encoder) failed: recorded for people, and the engine backs off.
  void store_failed(const Error& error, Timestamp now);
  void wake();

  // sync_engine_responses.cpp: reading answers into the store.
  void handle_register(const Response& response, Timestamp now);
  void handle_push(const Response& response, Timestamp now);
  void handle_pull(const Response& response, Timestamp now);
  // A request failed as a whole: `why` is for people; the engine backs off, and after a 401
  // registers again.
  void request_failed(const Response& response, const std::string& why, Timestamp now);
  // Every row of the open batch goes back to the queue with its own backoff.
  void fail_batch(const std::string& why, Timestamp now);
  void succeeded(Timestamp now);

  // sync_engine_uploads.cpp: attachments of delivered reports.
  bool start_upload(Timestamp now);
  void handle_upload(const Response& response, Timestamp now);
  void upload_answered(std::uint64_t bytes_held, bool complete, Timestamp now);
  // A failure of this photo only: it backs off on its own; the next try asks first.
  void upload_failed(const std::string& why, Timestamp now);
  void upload_refused(const std::string& why, Timestamp now);
  Timestamp earliest_upload(Timestamp now);

  store::LocalStore& store_;
  Transport& transport_;
  Clock& clock_;
  SyncConfig config_;
  Backoff backoff_;
  SyncStatus status_;
  std::function<void()> wake_handler_;
  // Callbacks hold a weak_ptr to this, so an answer for an engine that is gone is dropped.
  std::shared_ptr<SyncEngine*> self_;

  bool started_ = false;
  bool in_tick_ = false;
  bool platform_offline_ = false;  // network_changed(false): nothing is sent
  std::optional<store::DeviceCredentials> credentials_;
  bool need_register_ = false;

  RequestKind in_flight_ = RequestKind::none;
  std::uint64_t request_serial_ = 0;  // the open request's; answers for others are dropped
  std::vector<BatchRow> batch_;
  std::int64_t pull_cursor_sent_ = 0;
  std::optional<UploadJob> upload_;

  LinkReading link_;
  LiteSetting lite_setting_ = LiteSetting::automatic;
  bool wait_for_wifi_ = false;
  Timestamp request_started_at_ = 0;
  std::size_t request_bytes_ = 0;

  int consecutive_failures_ = 0;
  Timestamp blocked_until_ = 0;  // the engine's own retry timer
  bool pull_wanted_ = true;
  Timestamp next_periodic_pull_ = kNever;
  // Earliest next_attempt_at of a queued row, when known; may be early (costs one extra
  // look), never late. Cleared whenever rows may have become due sooner.
  std::optional<Timestamp> queued_due_hint_;
};

}  // namespace aduan::sync
