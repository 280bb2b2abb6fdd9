// core/workflow/case_clock.h: which deadline a case is running against, and what is due.
//
// Owns the reading of a case's history against the working-day calendar: which clock runs now
// (verify, follow-up, awaiting the reporter), when it started, when it is due, how many working
// days are left, whether holds have paused it, and the Ombudsman marker; and, for the server's
// scheduler, the system actions that are due (auto-completion, escalation of an overdue case to
// the parent agency, escalation to the Ombudsman). Does not own storage, the scheduler's timer
// or the agency hierarchy: the caller passes the holder's parent. Everything is a pure function
// of (history, received_at, calendar, zone, now), so the tracker, the console, the scheduler
// and the metrics agree on every day, and tests drive them with fixed timestamps.
//
// Days are local dates in `zone`, the responsible agency's zone (time_zone.h); the counting
// convention is working_days.h's: the day a clock starts is day 0 and does not count.
//
// The clocks (DOMAIN.md, "Status and deadlines"):
//   status received, on_hold, verified -> verify: kVerifyWithinWorkingDays from the day the
//       report was received, or from the latest decline_authority ("not our authority") when
//       the case came back to the admins to be routed again. The admins' clock covers verifying
//       and routing: it stops at the disposition.
//   dispositioned -> follow_up: kFollowUpWithinWorkingDays from the latest disposition or
//       redisposition.
//   in_progress -> none: DOMAIN.md sets no deadline for the answer itself; the Ombudsman
//       marker keeps counting.
//   responded -> awaiting_reporter: kAutoCompleteAfterWorkingDays from the latest response,
//       then the system completes the case.
//   completed, rejected, archived -> none.
// Holds: a case on hold waits for the reporter to clarify, so the working days it spends on
// hold do not count. A hold from day h to the resume (or verify/reject) on day r takes
// working_days_between(h, r) working days off, and the due date moves by as many; while the
// case is still on hold the count runs to today, so the days left stay constant.
// Ombudsman: kOmbudsmanAfterWorkingDays from the day received, unresolved. Holds pause it too
// (a case waiting on the reporter is not the administration's delay); nothing else does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/workflow/machine.h"
#include "core/workflow/time_zone.h"
#include "core/workflow/working_days.h"

namespace aduan::workflow {

enum class ClockKind { none, verify, follow_up, awaiting_reporter };
// Stable names for the wire and the message catalog: "none", "verify", "follow_up",
// "awaiting_reporter" (message keys "clock.verify", ...).
std::string_view to_string(ClockKind kind);

// One running (or finished) deadline. Dates are local dates in the case's zone.
struct Deadline {
  domain::CivilDate start;       // day 0 of the clock
  domain::CivilDate due;         // last day on time: start + allowance + paused working days
  int allowance = 0;             // working days the rule gives
  std::int64_t paused_days = 0;  // working days spent on hold since start (to today if held)
  std::int64_t days_left = 0;    // working_days_between(today, due); negative when overdue
  bool overdue = false;          // today is after due
  bool elapsed = false;          // today is on or after due: the system acts on this day
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

struct CaseClock {
  domain::CivilDate today;  // local date of `now`
  Status status = Status::received;
  ClockKind kind = ClockKind::none;
  Deadline deadline;    // meaningful only when kind != none
  bool paused = false;  // the case is on hold now (the verify clock is stopped)
  // The Ombudsman marker: counted while the case is unresolved; `ombudsman.elapsed` means the
  // case may go to the Ombudsman (or has, see escalated_to_ombudsman).
  bool ombudsman_running = false;  // false once resolved
  Deadline ombudsman;
  bool escalated_to_ombudsman = false;
  std::string escalated_to_agency_id;  // set by escalate_overdue for the current follow-up
  friend bool operator==(const CaseClock&, const CaseClock&) = default;
};

// The clock of a case whose history is `history` (every stored Transition, in the order they
// happened; empty for a report nobody has touched yet) and which the server received at
// `received_at`. The current status is the last transition's `to` (received when empty).
// Timestamps earlier than received_at are treated as received_at.
CaseClock case_clock(const std::vector<Transition>& history, domain::Timestamp received_at,
                     const Calendar& calendar, TimeZone zone, domain::Timestamp now);

// The actions the server's scheduler must apply now, each a complete ActionRequest by
// Role::system with `at` = now, in the order they must be applied (each is valid after the
// ones before it). Empty when nothing is due. Idempotent: once a returned action has been
// applied and stored in the history, calling again returns it no more.
//   - complete: the case is responded and the awaiting_reporter clock has elapsed (on the 10th
//     working day after the response, with no reply). Nothing else is returned with it: the
//     case is resolved by it.
//   - escalate_overdue (target_agency_id = holder_parent_agency_id): the case is dispositioned,
//     its follow-up clock is overdue (the day after the due date), the holder has a parent
//     (non-empty argument) and the case was not escalated since its latest (re)disposition.
//   - escalate_to_ombudsman: unresolved, not yet escalated, and the Ombudsman clock elapsed.
// `current` must be the case the history folds to (Transition::after of the last step).
std::vector<ActionRequest> due_system_actions(const Case& current,
                                              const std::vector<Transition>& history,
                                              domain::Timestamp received_at,
                                              const Calendar& calendar, TimeZone zone,
                                              domain::Timestamp now,
                                              std::string_view holder_parent_agency_id);

}  // namespace aduan::workflow
