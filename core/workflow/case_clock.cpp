// core/workflow/case_clock.cpp: one pass over a case's history, then the rules of case_clock.h.
//
// The pass collects the days that start clocks (receipt, the latest decline, disposition and
// response) and the hold intervals; everything after it is date arithmetic on those. The
// scheduler's actions are checked with decide() on a copy of the case before they are returned,
// so a rule written here can never hand the server an action the machine would refuse.
#include "core/workflow/case_clock.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace aduan::workflow {
namespace {

using domain::CivilDate;
using domain::Timestamp;

struct Hold {
  CivilDate from;
  CivilDate to;  // the day it ended, or today while it lasts
};

struct Reading {
  CivilDate received;
  CivilDate verify_start;
  std::optional<CivilDate> follow_up_start;
  std::optional<CivilDate> response_start;
  std::vector<Hold> holds;
  bool on_hold_now = false;
};

Reading read_history(const std::vector<Transition>& history, Timestamp received_at, TimeZone zone,
                     const CivilDate& today) {
  auto day_of = [&](Timestamp at) { return local_date(std::max(at, received_at), zone); };
  Reading r;
  r.received = local_date(received_at, zone);
  r.verify_start = r.received;
  std::optional<CivilDate> open_hold;
  for (const Transition& step : history) {
    CivilDate day = day_of(step.at);
    if (open_hold && step.from == Status::on_hold && step.to != Status::on_hold) {
      r.holds.push_back({*open_hold, day});
      open_hold.reset();
    }
    switch (step.action) {
      case Action::hold: open_hold = day; break;
      case Action::decline_authority: r.verify_start = day; break;
      case Action::disposition:
      case Action::redisposition: r.follow_up_start = day; break;
      case Action::respond: r.response_start = day; break;
      default: break;
    }
  }
  if (open_hold) {
    r.holds.push_back({*open_hold, std::max(*open_hold, today)});
    r.on_hold_now = true;
  }
  return r;
}

// Working days spent on hold after `start`: a hold that began before the clock started only
// counts from the clock's start.
std::int64_t paused_since(const Calendar& calendar, const std::vector<Hold>& holds,
                          const CivilDate& start) {
  std::int64_t paused = 0;
  for (const Hold& hold : holds) {
    CivilDate from = std::max(hold.from, start);
    if (hold.to > from) paused += calendar.working_days_between(from, hold.to);
  }
  return paused;
}

Deadline deadline(const Calendar& calendar, const CivilDate& start, int allowance,
                  std::int64_t paused, const CivilDate& today) {
  Deadline d;
  d.start = start;
  d.allowance = allowance;
  d.paused_days = paused;
  d.due = calendar.add_working_days(start, static_cast<int>(allowance + paused));
  d.days_left = calendar.working_days_between(today, d.due);
  d.overdue = today > d.due;
  d.elapsed = today >= d.due;
  return d;
}

}  // namespace

std::string_view to_string(ClockKind kind) {
  switch (kind) {
    case ClockKind::none: return "none";
    case ClockKind::verify: return "verify";
    case ClockKind::follow_up: return "follow_up";
    case ClockKind::awaiting_reporter: return "awaiting_reporter";
  }
  return "unknown";
}

CaseClock case_clock(const std::vector<Transition>& history, Timestamp received_at,
                     const Calendar& calendar, TimeZone zone, Timestamp now) {
  CaseClock clock;
  clock.today = local_date(now, zone);
  Reading r = read_history(history, received_at, zone, clock.today);
  if (!history.empty()) {
    clock.status = history.back().to;
    clock.escalated_to_ombudsman = history.back().after.escalated_to_ombudsman;
    clock.escalated_to_agency_id = history.back().after.escalated_to_agency_id;
  }
  clock.paused = r.on_hold_now;

  switch (clock.status) {
    case Status::received:
    case Status::on_hold:
    case Status::verified:
      clock.kind = ClockKind::verify;
      clock.deadline = deadline(calendar, r.verify_start, kVerifyWithinWorkingDays,
                                paused_since(calendar, r.holds, r.verify_start), clock.today);
      break;
    case Status::dispositioned:
      clock.kind = ClockKind::follow_up;
      clock.deadline = deadline(calendar, r.follow_up_start.value_or(r.received),
                                kFollowUpWithinWorkingDays, 0, clock.today);
      break;
    case Status::responded:
      clock.kind = ClockKind::awaiting_reporter;
      clock.deadline = deadline(calendar, r.response_start.value_or(r.received),
                                kAutoCompleteAfterWorkingDays, 0, clock.today);
      break;
    default:  // in_progress has no deadline of its own; resolved cases have none at all
      break;
  }

  if (!is_resolved(clock.status)) {
    clock.ombudsman_running = true;
    clock.ombudsman = deadline(calendar, r.received, kOmbudsmanAfterWorkingDays,
                               paused_since(calendar, r.holds, r.received), clock.today);
  }
  return clock;
}

std::vector<ActionRequest> due_system_actions(const Case& current,
                                              const std::vector<Transition>& history,
                                              Timestamp received_at, const Calendar& calendar,
                                              TimeZone zone, Timestamp now,
                                              std::string_view holder_parent_agency_id) {
  CaseClock clock = case_clock(history, received_at, calendar, zone, now);
  std::vector<ActionRequest> wanted;
  auto want = [&](Action action, std::string target) {
    ActionRequest request;
    request.action = action;
    request.actor = Actor{Role::system, ""};
    request.target_agency_id = std::move(target);
    request.at = now;
    wanted.push_back(std::move(request));
  };

  if (current.status == Status::responded && clock.kind == ClockKind::awaiting_reporter &&
      clock.deadline.elapsed) {
    want(Action::complete, "");  // resolves the case: nothing else can be due with it
  } else {
    if (current.status == Status::dispositioned && clock.kind == ClockKind::follow_up &&
        clock.deadline.overdue && current.escalated_to_agency_id.empty() &&
        !holder_parent_agency_id.empty()) {
      want(Action::escalate_overdue, std::string(holder_parent_agency_id));
    }
    if (!is_resolved(current.status) && !current.escalated_to_ombudsman &&
        clock.ombudsman_running && clock.ombudsman.elapsed) {
      want(Action::escalate_to_ombudsman, "");
    }
  }

  // Only what the machine accepts, each on the case as the ones before it leave it.
  std::vector<ActionRequest> out;
  Case after = current;
  for (ActionRequest& request : wanted) {
    if (apply(after, request)) out.push_back(std::move(request));
  }
  return out;
}

}  // namespace aduan::workflow
