// shell/server/scheduler.h: the server's own actions on the deadlines of cases.
//
// Owns running the system actions core/workflow says are due (due_system_actions in
// case_clock.h: auto-completion ten working days after an unanswered response, escalation of
// an overdue follow-up to the holding agency's parent, the Ombudsman marker), each in its own
// transaction with its event and audit row, and the background thread that does so every
// --scheduler-interval seconds. Does not own when an action is due (core/workflow) or the
// hierarchy (agency_scope.h, read from the database on every pass).
//
// Idempotent by construction: each action is decided inside the transaction that records it,
// from the history as it is then, and core/workflow returns an action no more once it is in
// the history; a pass run twice at the same time, or by two processes, applies nothing twice.
// `aduan-server run-scheduler --at <ISO time>` runs one pass at a chosen instant (tests, and an
// operator catching up after downtime).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/domain/result.h"
#include "core/store/server_repository.h"
#include "core/workflow/working_days.h"
#include "shell/server/case_history.h"
#include "shell/server/writer_lock.h"

namespace aduan::server {

class ServerContext;

struct SchedulerPass {
  int examined = 0;  // cases the case index says have something due, looked at
  int completed = 0;
  int escalated = 0;  // to the parent agency
  int ombudsman = 0;
  int refused = 0;  // due by the clock but refused by the flow (logged; should stay 0)
  std::string summary_json() const;
};

// One pass at `now` over the cases with something due: those whose next_action_at (the case
// index, core/cases) is at or before `now`, found with an index rather than by reading every
// case. `write_lock` (may be null) is taken around each action's transaction, as the routes do.
// `after_event` (may be empty) runs in each action's transaction: the reporter's SMS news.
Result<SchedulerPass> run_scheduler_pass(store::ServerRepository& store,
                                         const workflow::Calendar& calendar, domain::Timestamp now,
                                         WriterLock* write_lock,
                                         const AfterEvent& after_event = {});

// "2026-12-01T09:00:00Z", "2026-12-01T16:00:00+07:00", "2026-12-01" (midnight UTC).
Result<domain::Timestamp> parse_iso_time(std::string_view text);

// The background thread: a pass every `interval_seconds` (the first one interval_seconds after
// start), until stop(). An interval of 0 starts nothing.
class Scheduler {
 public:
  Scheduler(ServerContext& context, int interval_seconds);
  ~Scheduler() { stop(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  void stop();

 private:
  void loop();
  // On PostgreSQL, whether this instance is the one that runs the passes: the first to take
  // the scheduler's advisory lock keeps it for as long as its connection lives; when that
  // instance dies, PostgreSQL frees the lock and another instance's next pass takes it.
  bool runs_the_passes();

  ServerContext& context_;
  bool holds_scheduler_lock_ = false;
  std::uint64_t scheduler_lock_session_ = 0;  // PgConnection::session_number() when taken
  int interval_seconds_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace aduan::server
