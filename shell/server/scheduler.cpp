// shell/server/scheduler.cpp: see scheduler.h.
#include "shell/server/scheduler.h"

#include <chrono>
#include <cstdio>
#include <limits>

#include "core/store_postgres/pg_connection.h"
#include "core/workflow/case_clock.h"
#include "shell/server/agency_scope.h"
#include "shell/server/case_history.h"
#include "shell/server/json_writer.h"
#include "shell/server/server_context.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server {
namespace {

// A case never needs more system actions at once than due_system_actions can return (Ombudsman
// and an escalation, or a completion); the bound only stops a misbehaving rule from looping.
constexpr int kMaxActionsPerCase = 4;

enum class Applied { nothing, applied, refused };

// Decides and records the first due action of one case, in one transaction.
Result<Applied> apply_next(store::ServerRepository& store, const workflow::Calendar& calendar,
                           const AgencyDirectory& directory, const domain::ReportId& id,
                           domain::Timestamp now, const AfterEvent& after_event,
                           workflow::Action& which) {
  Applied result = Applied::nothing;
  auto ran = store.in_transaction([&]() -> Status {
    auto report = store.report(id);
    if (!report) return report.error();
    if (!report.value()) return done();
    auto events = store.timeline(id);
    if (!events) return events.error();
    const auto history = history_of(events.value());
    const store::StoredReport& stored = *report.value();
    const auto due = workflow::due_system_actions(
        case_of(stored, history), history, stored.report.received_at.value_or(0), calendar,
        directory.zone_of_case(stored), now, directory.parent_of(stored.agency_id));
    if (due.empty()) return done();
    which = due.front().action;
    ActionInput input{id, due.front(), "system", "", "", after_event};
    input.request.at = now;
    auto outcome = perform_action(store, input, {}, [](const store::StoredReport&) { return true; });
    if (outcome.http_status == 503) return Error{outcome.code, outcome.message};
    result = outcome.http_status == 200 ? Applied::applied : Applied::refused;
    if (result == Applied::refused)
      std::fprintf(stderr, "aduan-server: scheduler: %s on %s refused: %s\n",
                   std::string(workflow::to_string(which)).c_str(), id.to_string().c_str(), outcome.code.c_str());
    return done();
  });
  if (!ran) return ran.error();
  return result;
}

}  // namespace

std::string SchedulerPass::summary_json() const {
  JsonWriter json;
  json.begin_object()
      .field("examined", examined)
      .field("completed", completed)
      .field("escalated", escalated)
      .field("ombudsman", ombudsman)
      .field("refused", refused)
      .end_object();
  return json.str();
}

Result<SchedulerPass> run_scheduler_pass(store::ServerRepository& store,
                                         const workflow::Calendar& calendar, domain::Timestamp now,
                                         WriterLock* write_lock, const AfterEvent& after_event) {
  if (auto fresh = refresh_case_index(store, write_lock); !fresh) return fresh.error();
  auto agencies = store.list_agencies();
  if (!agencies) return agencies.error();
  const AgencyDirectory directory(std::move(agencies.value()));
  SchedulerPass pass;
  // The cases with something due, from the case index's next_action_at (one index range);
  // each is then decided from its own history, in its own transaction, as before. Paged by
  // (next_action_at, seq) so a case whose action moved its next one later is seen once.
  constexpr std::size_t kPage = 500;
  domain::Timestamp after_at = std::numeric_limits<domain::Timestamp>::min();
  std::int64_t after_seq = 0;
  for (;;) {
    auto due = store.cases_due(now, after_at, after_seq, kPage);
    if (!due) return due.error();
    for (const auto& candidate : due.value()) {
      ++pass.examined;
      bool acted = false;
      for (int step = 0; step < kMaxActionsPerCase; ++step) {
        workflow::Action which = workflow::Action::complete;
        std::unique_lock<WriterLock> writer;
        if (write_lock != nullptr) writer = std::unique_lock<WriterLock>(*write_lock);
        auto applied =
            apply_next(store, calendar, directory, candidate.report_id, now, after_event, which);
        if (!applied) return applied.error();
        if (applied.value() == Applied::nothing) break;
        if (applied.value() == Applied::refused) {
          ++pass.refused;
          break;
        }
        acted = true;
        if (which == workflow::Action::complete) ++pass.completed;
        else if (which == workflow::Action::escalate_to_ombudsman) ++pass.ombudsman;
        else ++pass.escalated;
      }
      if (!acted) {
        // Due by its row but not by its history: a row made before an agency or the calendar
        // changed. Recomputed, it names its true next day.
        std::unique_lock<WriterLock> writer;
        if (write_lock != nullptr) writer = std::unique_lock<WriterLock>(*write_lock);
        if (auto fixed = store.reindex_case(candidate.report_id); !fixed) return fixed.error();
      }
    }
    if (due.value().size() < kPage) break;
    after_at = due.value().back().next_action_at;
    after_seq = due.value().back().seq;
  }
  return pass;
}

Result<domain::Timestamp> parse_iso_time(std::string_view text) {
  auto bad = [&text]() {
    return Error{"scheduler.bad_time", "'" + std::string(text) +
                                           "' is not an ISO time like 2026-12-01T09:00:00Z or 2026-12-01"};
  };
  if (text.size() < 10) return bad();
  auto date = domain::parse_civil_date(text.substr(0, 10));
  if (!date) return bad();
  auto digits = [&text](std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  std::int64_t seconds = workflow::days_from_civil(*date) * 86400;
  if (text.size() == 10) return seconds * 1000;
  int hour = 0, minute = 0, second = 0;
  if (text[10] != 'T' || !digits(11, 2, hour) || text.size() < 16 || text[13] != ':' || !digits(14, 2, minute))
    return bad();
  std::size_t at = 16;
  if (text.size() > 16 && text[16] == ':') {
    if (!digits(17, 2, second)) return bad();
    at = 19;
    // Fractions of a second (gateways write "...:55.000+07:00") are dropped.
    if (at < text.size() && text[at] == '.') {
      ++at;
      const std::size_t first = at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
      if (at == first) return bad();
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return bad();
  seconds += hour * 3600 + minute * 60 + second;
  std::string_view zone = text.substr(at);
  if (zone == "Z") return seconds * 1000;
  int zone_hours = 0, zone_minutes = 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
      !digits(at + 1, 2, zone_hours) || !digits(at + 4, 2, zone_minutes))
    return bad();
  const std::int64_t offset = zone_hours * 3600 + zone_minutes * 60;
  return (seconds - (zone[0] == '+' ? offset : -offset)) * 1000;
}

Scheduler::Scheduler(ServerContext& context, int interval_seconds)
    : context_(context), interval_seconds_(interval_seconds) {
  if (interval_seconds_ > 0) thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Scheduler::runs_the_passes() {
  if (!context_.on_postgres()) return true;
  store::ServerStore* store = context_.thread_store();
  if (store == nullptr) return false;
  auto* postgres = static_cast<store::PgConnection*>(&store->database());
  // A lock taken on an earlier session ended with it (the database restarted or ended the
  // session): another instance may hold it now, so it is asked for again.
  if (holds_scheduler_lock_ && scheduler_lock_session_ == postgres->session_number()) return true;
  auto taken = postgres->try_lock_session(store::kSchedulerLockKey);
  holds_scheduler_lock_ = taken && taken.value();
  scheduler_lock_session_ = postgres->session_number();
  return holds_scheduler_lock_;
}

void Scheduler::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::seconds(interval_seconds_), [this] { return stopping_; })) {
    lock.unlock();
    auto* store = context_.store();
    if (store != nullptr && runs_the_passes()) {
      auto pass = run_scheduler_pass(*store, context_.catalog().calendar, context_.now(),
                                     &context_.write_lock(), sms::status_news(context_));
      if (pass) {
        std::printf("{\"scheduler\":%s}\n", pass.value().summary_json().c_str());
      } else {
        std::fprintf(stderr, "aduan-server: scheduler pass failed: %s\n", pass.error().detail.c_str());
      }
      std::fflush(stdout);
    }
    lock.lock();
  }
}

}  // namespace aduan::server
