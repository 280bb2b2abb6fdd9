// core/sync/sync_engine_responses.cpp: reading the server's answers into the LocalStore
// (sync_engine.h).
//
// A report leaves 'sending' only on the server's word about that very report: delivered on
// stored/duplicate, rejected (kept, with problems) on rejected/conflict. Anything less certain
// (no answer, a 5xx, a body that does not decode, a verdict missing) sends it back to the
// queue with backoff, because the report id makes a resend harmless and a lost report is the
// one outcome the design forbids. Error bodies may be wire ErrorResponses or the HTTP layer's
// JSON ({"error":{"code":...}}); either way only the code and a short text reach the UI.
#include <algorithm>
#include <limits>
#include <map>

#include "core/json/json_reader.h"
#include "core/sync/sync_engine.h"

namespace aduan::sync {
namespace {

bool is_success(const Response& response) {
  return response.transport_ok && response.http_status >= 200 && response.http_status < 300;
}

// The code of a JSON error body ({"error":{"code":...}}): answers that are not wire-encoded,
// such as a refusal by the server's front door before any route ran.
std::string json_error_code(const wire::Bytes& body) {
  return json::read_error_body(json::text_of(body)).code;
}

std::string describe_failure(const Response& response) {
  if (!response.transport_ok) return "network: no answer from the server";
  std::string text = "http " + std::to_string(response.http_status);
  if (auto error = wire::decode<wire::ErrorResponse>(response.body)) {
    text += " " + error.value().code;
    if (!error.value().detail.empty()) text += ": " + error.value().detail.substr(0, 200);
  } else if (std::string code = json_error_code(response.body); !code.empty()) {
    text += " " + code;
  }
  return text;
}

std::int64_t to_int64(std::uint64_t value) {
  return static_cast<std::int64_t>(
      std::min<std::uint64_t>(value, std::numeric_limits<std::int64_t>::max()));
}

}  // namespace

void SyncEngine::handle_register(const Response& response, Timestamp now) {
  if (!is_success(response)) return request_failed(response, describe_failure(response), now);
  auto decoded = wire::decode<wire::RegisterDeviceResponse>(response.body);
  if (!decoded || decoded.value().device_id.empty() || decoded.value().device_secret.empty()) {
    const std::string why = decoded ? "empty credentials" : decoded.error().code;
    return request_failed(response, "register: undecodable answer: " + why, now);
  }
  store::DeviceCredentials credentials{decoded.value().device_id, decoded.value().device_secret};
  if (auto saved = store_.save_credentials(credentials); !saved) {
    return store_failed(saved.error(), now);
  }
  credentials_ = std::move(credentials);
  need_register_ = false;
  succeeded(now);
}

void SyncEngine::handle_push(const Response& response, Timestamp now) {
  if (!is_success(response)) {
    const std::string why = describe_failure(response);
    request_failed(response, why, now);
    return fail_batch(why, now);
  }
  auto decoded = wire::decode<wire::PushBatchResponse>(response.body);
  if (!decoded) {
    const std::string why = "push: undecodable answer: " + decoded.error().code;
    request_failed(response, why, now);
    return fail_batch(why, now);
  }
  // By id, not by position: the order is promised, but trusting it would let one server bug
  // mark the wrong report delivered.
  std::map<domain::ReportId, const wire::Verdict*> verdicts;
  for (const wire::Verdict& verdict : decoded.value().verdicts) {
    verdicts.emplace(verdict.report_id, &verdict);
  }
  std::vector<BatchRow> rows = std::move(batch_);
  batch_.clear();
  std::optional<Error> store_error;
  int unanswered = 0;
  for (const BatchRow& row : rows) {
    auto found = verdicts.find(row.id);
    Status s = done();
    if (found == verdicts.end()) {
      ++unanswered;
      const Timestamp next = now + backoff_.delay(row.attempts);
      s = store_.mark_failed(row.id, "no verdict from the server", next, now);
      note_queued_at(next);
    } else {
      const wire::Verdict& verdict = *found->second;
      switch (verdict.kind) {
        case wire::VerdictKind::stored:
        case wire::VerdictKind::duplicate:
          s = store_.mark_delivered(
              row.id, verdict.tracking_code.empty() ? row.tracking_code : verdict.tracking_code,
              verdict.received_at, now);
          break;
        case wire::VerdictKind::rejected: {
          std::vector<store::RejectionProblem> problems;
          for (const wire::Problem& p : verdict.problems) problems.push_back({p.field, p.code});
          s = store_.mark_rejected(row.id, kReasonRejected, problems, now);
          break;
        }
        case wire::VerdictKind::conflict:
          s = store_.mark_rejected(row.id, kReasonConflict, {}, now);
          break;
      }
    }
    if (!s && !store_error) store_error = s.error();
  }
  // The server answered, so the link works; delivered reports now have events to pull.
  succeeded(now);
  pull_wanted_ = true;
  if (unanswered > 0) {
    status_.last_error = "the server gave no verdict for " + std::to_string(unanswered) +
                         " report(s); they will be sent again";
  }
  if (store_error) {
    // A row the store could not move is still 'sending'. Nothing else is open, so every
    // 'sending' row is from this batch: queue them again (a resend is harmless).
    (void)store_.requeue_interrupted(now);
    queued_due_hint_.reset();
    store_failed(*store_error, now);
  }
}

void SyncEngine::handle_pull(const Response& response, Timestamp now) {
  if (!is_success(response)) return request_failed(response, describe_failure(response), now);
  auto decoded = wire::decode<wire::PullEventsResponse>(response.body);
  if (!decoded) {
    return request_failed(response, "pull: undecodable answer: " + decoded.error().code, now);
  }
  std::vector<store::TimelineEvent> events;
  events.reserve(decoded.value().events.size());
  for (const wire::StatusEvent& e : decoded.value().events) {
    events.push_back({e.report_id, to_int64(e.seq), e.status, e.at, e.agency_id, e.note});
  }
  const std::int64_t next_cursor = to_int64(decoded.value().next_cursor);
  if (auto applied = store_.apply_pull(events, next_cursor); !applied) {
    return store_failed(applied.error(), now);
  }
  succeeded(now);
  // "more" without progress would pull the same page forever: take it as the end instead.
  if (decoded.value().more && next_cursor > pull_cursor_sent_) {
    pull_wanted_ = true;
  } else {
    pull_wanted_ = false;
    next_periodic_pull_ = config_.pull_interval_ms > 0 ? now + config_.pull_interval_ms : kNever;
  }
}

void SyncEngine::request_failed(const Response& response, const std::string& why, Timestamp now) {
  status_.last_error = why;
  status_.online = response.transport_ok;
  // The server no longer knows this device (a reset database, a revoked secret): register
  // again. The engine's backoff still applies, so a server that keeps saying 401 is not
  // hammered with registrations.
  if (response.transport_ok && response.http_status == 401) need_register_ = true;
  ++consecutive_failures_;
  blocked_until_ = now + backoff_.delay(consecutive_failures_);
}

void SyncEngine::fail_batch(const std::string& why, Timestamp now) {
  std::vector<BatchRow> rows = std::move(batch_);
  batch_.clear();
  std::optional<Error> store_error;
  for (const BatchRow& row : rows) {
    const Timestamp next = now + backoff_.delay(row.attempts);
    if (auto s = store_.mark_failed(row.id, why, next, now); !s && !store_error) {
      store_error = s.error();
    }
    note_queued_at(next);
  }
  if (store_error) {
    (void)store_.requeue_interrupted(now);
    queued_due_hint_.reset();
    store_failed(*store_error, now);
    status_.last_error = why;  // the cause people can act on, not the follow-on store error
  }
}

void SyncEngine::succeeded(Timestamp now) {
  consecutive_failures_ = 0;
  blocked_until_ = 0;
  status_.online = true;
  status_.last_error.clear();
  status_.last_success_at = now;
}

}  // namespace aduan::sync
