// core/sync/sync_engine.cpp: scheduling and starting requests (sync_engine.h).
//
// tick() is the only place a request starts. It loops while the previous request finished
// inside send() (a synchronous Transport), so a loopback drains a queue in one tick without
// recursion; an asynchronous answer instead lands in on_response(), which records it and asks
// the host for the next tick. Reading the answers into the store is sync_engine_responses.cpp.
#include "core/sync/sync_engine.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace aduan::sync {

SyncEngine::SyncEngine(store::LocalStore& store, Transport& transport, Clock& clock,
                       SyncConfig config)
    : store_(store),
      transport_(transport),
      clock_(clock),
      config_(std::move(config)),
      backoff_(config_.backoff, config_.rng_seed),
      self_(std::make_shared<SyncEngine*>(this)) {
  config_.max_batch_count =
      std::clamp<std::size_t>(config_.max_batch_count, 1, wire::kMaxBatchReports);
  config_.pull_page_limit = std::clamp<std::uint32_t>(
      config_.pull_page_limit, 1, static_cast<std::uint32_t>(wire::kMaxEventsPerPull));
  config_.max_requests_per_tick = std::max(config_.max_requests_per_tick, 1);
  config_.link.normal_chunk_bytes = std::max<std::size_t>(config_.upload_chunk_bytes, 1);
  config_.link.lite_chunk_bytes =
      std::clamp<std::size_t>(config_.link.lite_chunk_bytes, 1, config_.link.normal_chunk_bytes);
}

// Dropping self_ expires the weak_ptr every open callback holds, so a late answer is ignored.
SyncEngine::~SyncEngine() = default;

Timestamp SyncEngine::tick(Timestamp now) {
  if (in_tick_) return now;
  if (platform_offline_) {
    refresh_counts();
    status_.next_attempt_at = kNever;
    return kNever;
  }
  in_tick_ = true;
  forget_stale_measurements(now);
  if (!started_ && now >= blocked_until_) started_ = start(now);
  bool more_now = false;
  for (int requests = 0; started_ && in_flight_ == RequestKind::none; ++requests) {
    if (requests == config_.max_requests_per_tick) {
      more_now = true;
      break;
    }
    if (!start_next(now)) break;
  }
  refresh_counts();
  const Timestamp wake_at = more_now ? now : next_wake(now);
  status_.next_attempt_at = wake_at;
  in_tick_ = false;
  return wake_at;
}

void SyncEngine::retry_now() {
  const Timestamp now = clock_.now();
  if (auto made_due = store_.retry_all_now(now); !made_due) store_failed(made_due.error(), now);
  if (auto made_due = store_.retry_uploads_now(now); !made_due) {
    store_failed(made_due.error(), now);
  }
  // The failure count stays: a citizen tapping "try now" on a dead link should not reset the
  // backoff of the automatic retries that follow.
  blocked_until_ = 0;
  queued_due_hint_.reset();
  pull_wanted_ = true;
  status_.next_attempt_at = now;
  if (!in_tick_) wake();
}

void SyncEngine::network_changed(bool online) {
  status_.online = online;
  platform_offline_ = !online;
  if (!online) return;
  forget_measurements();  // back online may well be another link (wifi at home)
  retry_now();
}

void SyncEngine::set_link_hints(LinkHints hints) {
  link_ = LinkReading{std::move(hints), std::nullopt, 0};
  if (!in_tick_) wake();
}

void SyncEngine::set_lite(LiteSetting setting, bool wait_for_wifi) {
  lite_setting_ = setting;
  wait_for_wifi_ = wait_for_wifi;
  if (!in_tick_) wake();
}

LinkPlan SyncEngine::link_plan() const {
  return plan_link(link_, lite_setting_, wait_for_wifi_, config_.link);
}

bool SyncEngine::start(Timestamp now) {
  if (auto requeued = store_.requeue_interrupted(now); !requeued) {
    store_failed(requeued.error(), now);
    return false;
  }
  auto saved = store_.credentials();
  if (!saved) {
    store_failed(saved.error(), now);
    return false;
  }
  credentials_ = saved.value();
  return true;
}

bool SyncEngine::start_next(Timestamp now) {
  if (now < blocked_until_) return false;
  if (!credentials_ || need_register_) return start_register(now);
  if (start_push(now)) return true;
  if (now < blocked_until_) return false;  // the outbox could not be read
  // A pull is one short request and brings the citizen news; photos can take minutes.
  if (start_pull(now)) return true;
  if (now < blocked_until_ || link_plan().hold_photos) return false;
  return start_upload(now);
}

bool SyncEngine::start_register(Timestamp now) {
  auto body = wire::encode(
      wire::RegisterDeviceRequest{config_.channel, config_.platform, config_.app_version});
  if (!body) {
    store_failed(body.error(), now);
    return false;
  }
  send(RequestKind::register_device, kPathRegister, std::move(body).value(), false);
  return true;
}

bool SyncEngine::start_push(Timestamp now) {
  // Normally one pass; a report the format cannot carry is set aside (rejected) and the
  // batch is built again without it, at most once per row of the batch.
  for (std::size_t pass = 0; pass <= config_.max_batch_count; ++pass) {
    auto due = store_.pending_batch(now, config_.max_batch_count, config_.max_batch_bytes);
    if (!due) {
      store_failed(due.error(), now);
      return false;
    }
    if (due.value().empty()) return false;
    wire::PushBatchRequest request;
    request.device_id = credentials_->device_id;
    std::vector<domain::ReportId> ids;
    std::vector<BatchRow> rows;
    for (const store::OutboxEntry& entry : due.value()) {
      auto report = store_.report(entry.report_id);
      if (!report || !report.value()) {
        store_failed(report ? Error{std::string(store::kErrorCorrupt),
                                    "outbox row without report " + entry.report_id.to_string()}
                            : report.error(),
                     now);
        return false;
      }
      ids.push_back(entry.report_id);
      rows.push_back({entry.report_id, entry.attempts + 1, report.value()->tracking_code});
      request.reports.push_back(std::move(*report.value()));
    }
    auto body = wire::encode(request);
    if (!body) {
      if (reject_unencodable(request, now) == 0) {
        store_failed(body.error(), now);
        return false;
      }
      continue;
    }
    if (auto sending = store_.mark_sending(ids, now); !sending) {
      store_failed(sending.error(), now);
      return false;
    }
    batch_ = std::move(rows);
    send(RequestKind::push, kPathPush, std::move(body).value(), true);
    return true;
  }
  return false;
}

int SyncEngine::reject_unencodable(const wire::PushBatchRequest& request, Timestamp now) {
  int rejected = 0;
  for (const domain::Report& report : request.reports) {
    auto alone = wire::encode(wire::PushBatchRequest{request.device_id, {report}});
    if (alone) continue;
    const store::RejectionProblem problem{"report", alone.error().code};
    if (store_.mark_rejected(report.id, kReasonUnencodable, {&problem, 1}, now)) ++rejected;
  }
  return rejected;
}

bool SyncEngine::start_pull(Timestamp now) {
  if (!pull_wanted_ && now < next_periodic_pull_) return false;
  auto cursor = store_.pull_cursor();
  if (!cursor) {
    store_failed(cursor.error(), now);
    return false;
  }
  pull_cursor_sent_ = std::max<std::int64_t>(cursor.value(), 0);
  auto body = wire::encode(wire::PullEventsRequest{static_cast<std::uint64_t>(pull_cursor_sent_),
                                                   config_.pull_page_limit});
  if (!body) {
    store_failed(body.error(), now);
    return false;
  }
  send(RequestKind::pull, kPathPull, std::move(body).value(), true);
  return true;
}

void SyncEngine::send(RequestKind kind, std::string_view path, wire::Bytes body,
                      bool with_credentials) {
  Request request;
  request.path = std::string(path);
  request.body = std::move(body);
  request.headers.emplace_back(kHeaderContentType, kWireContentType);
  if (with_credentials && credentials_) {
    request.headers.emplace_back(kHeaderDeviceId, credentials_->device_id);
    request.headers.emplace_back(kHeaderDeviceSecret, credentials_->secret);
  }
  dispatch(kind, std::move(request));
}

void SyncEngine::dispatch(RequestKind kind, Request request) {
  // Everything the answer needs is set before send(): the callback may run inside it.
  in_flight_ = kind;
  status_.in_flight = true;
  request_started_at_ = clock_.now();
  request_bytes_ = request.body.size();
  status_.wire_bytes_sent += request_bytes_;
  const std::uint64_t serial = ++request_serial_;
  std::weak_ptr<SyncEngine*> weak = self_;
  transport_.send(std::move(request), [weak, serial](const Response& response) {
    if (auto self = weak.lock()) (*self)->on_response(serial, response);
  });
}

void SyncEngine::on_response(std::uint64_t serial, const Response& response) {
  // A Transport that calls back twice, or for a request it was not given, changes nothing.
  if (serial != request_serial_ || in_flight_ == RequestKind::none) return;
  const RequestKind kind = in_flight_;
  in_flight_ = RequestKind::none;
  status_.in_flight = false;
  status_.uploading.reset();
  const Timestamp now = clock_.now();
  measure(response, now);
  switch (kind) {
    case RequestKind::register_device: handle_register(response, now); break;
    case RequestKind::push: handle_push(response, now); break;
    case RequestKind::pull: handle_pull(response, now); break;
    case RequestKind::upload_probe:
    case RequestKind::upload_chunk: handle_upload(response, now); break;
    case RequestKind::none: break;
  }
  if (in_tick_) return;  // tick() carries on by itself
  refresh_counts();
  status_.next_attempt_at = now;
  wake();  // last: the host may tick, or even destroy this engine, from the handler
}

Timestamp SyncEngine::next_wake(Timestamp now) {
  if (in_flight_ != RequestKind::none) return kNever;  // the answer will wake the host
  if (!started_) return std::max(now, blocked_until_);
  Timestamp work = kNever;
  if (!credentials_ || need_register_) {
    work = now;
  } else {
    if (status_.queued > 0) work = std::min(work, earliest_queued(now));
    if (pull_wanted_) work = std::min(work, now);
    work = std::min(work, next_periodic_pull_);
    if (status_.uploads_pending > 0 && !status_.photos_held) {
      work = std::min(work, earliest_upload(now));
    }
    // Photos held on a measurement: look again when it goes stale.
    if (status_.uploads_pending > 0 && status_.photos_held && has_measurements()) {
      work = std::min(work, link_.measured_at + config_.link.reading_lifetime_ms);
    }
  }
  if (work == kNever) return kNever;
  return std::max({work, blocked_until_, now});
}

Timestamp SyncEngine::earliest_queued(Timestamp now) {
  if (queued_due_hint_ && *queued_due_hint_ > now) return *queued_due_hint_;
  // Every queued row, due or not: only read when nothing was due, so at most once per
  // backoff step, and the answer is cached until a row may have become due sooner.
  auto rows = store_.pending_batch(std::numeric_limits<Timestamp>::max(),
                                   std::numeric_limits<std::size_t>::max(),
                                   std::numeric_limits<std::uint64_t>::max());
  if (!rows) {
    store_failed(rows.error(), now);
    return now;
  }
  Timestamp earliest = kNever;
  for (const store::OutboxEntry& entry : rows.value()) {
    earliest = std::min(earliest, entry.next_attempt_at);
  }
  queued_due_hint_ = earliest;
  return std::max(earliest, now);
}

void SyncEngine::note_queued_at(Timestamp next_attempt_at) {
  if (queued_due_hint_) queued_due_hint_ = std::min(*queued_due_hint_, next_attempt_at);
}

void SyncEngine::measure(const Response& response, Timestamp now) {
  status_.wire_bytes_received += response.body.size();
  // A link problem is no answer at all; a 5xx is the server's.
  link_.consecutive_failures = response.transport_ok ? 0 : link_.consecutive_failures + 1;
  if (!response.transport_ok) link_.measured_at = now;
  const std::size_t bytes = request_bytes_ + response.body.size();
  const Timestamp elapsed = now - request_started_at_;
  // Small requests measure the round trip, not the throughput; a chunk or a batch tells.
  constexpr std::size_t kEnoughToMeasure = 4096;
  if (!response.transport_ok || bytes < kEnoughToMeasure || elapsed <= 0) return;
  const double sample = static_cast<double>(bytes) * 8.0 / static_cast<double>(elapsed);
  link_.kbit_per_s = link_.kbit_per_s ? (*link_.kbit_per_s + sample) / 2.0 : sample;
  link_.measured_at = now;
}

bool SyncEngine::has_measurements() const {
  return link_.kbit_per_s.has_value() || link_.consecutive_failures > 0;
}

void SyncEngine::forget_measurements() {
  link_.kbit_per_s.reset();
  link_.consecutive_failures = 0;
}

void SyncEngine::forget_stale_measurements(Timestamp now) {
  if (has_measurements() && now - link_.measured_at >= config_.link.reading_lifetime_ms) {
    forget_measurements();
  }
}

void SyncEngine::refresh_counts() {
  const LinkPlan plan = link_plan();
  status_.lite = plan.lite;
  status_.photos_held = plan.hold_photos;
  status_.kbit_per_s = link_.kbit_per_s;
  status_.registered = credentials_.has_value() && !need_register_;
  auto counts = store_.outbox_counts();
  if (!counts) return;  // keep the last known counts; the next store call reports the error
  status_.queued = counts.value().queued + counts.value().sending;
  status_.rejected = counts.value().rejected;
  auto uploads = store_.upload_totals();
  if (!uploads) return;
  status_.uploads_pending = uploads.value().pending;
  status_.upload_bytes_total = uploads.value().total_bytes;
  status_.upload_bytes_sent = uploads.value().sent_bytes;
}

void SyncEngine::store_failed(const Error& error, Timestamp now) {
  status_.last_error = error.code + ": " + error.detail;
  ++consecutive_failures_;
  blocked_until_ = now + backoff_.delay(consecutive_failures_);
}

void SyncEngine::wake() {
  if (!wake_handler_) return;
  auto handler = wake_handler_;  // the handler may replace itself
  handler();
}

}  // namespace aduan::sync
