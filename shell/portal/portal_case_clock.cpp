// shell/portal/portal_case_clock.cpp: the deadline a report is running against, on the device.
//
// The device knows a report's history only as the status events it pulled (status, time,
// acting agency), not the actions behind them; core/workflow's case_clock wants actions. Every
// step of the status flow is told apart by its two statuses alone (DOMAIN.md), so the action
// is read back from each pair; markers (rate, escalations) do not change the status and are
// not needed for the clocks citizens see. Deadlines are counted in working days with the
// holiday calendar from the catalog, in the time zone of the report's region, exactly as the
// server counts them, so the device and the console show the same due date.
#include <optional>

#include "core/workflow/case_clock.h"
#include "core/workflow/status.h"
#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

using workflow::Action;
using workflow::Status;

std::optional<Action> action_between(Status from, Status to) {
  if (to == Status::verified)
    return from == Status::received || from == Status::on_hold ? Action::verify
                                                               : Action::decline_authority;
  if (to == Status::rejected) return Action::reject;
  if (to == Status::on_hold) return Action::hold;
  if (to == Status::received && from == Status::on_hold) return Action::resume;
  if (to == Status::dispositioned)
    return from == Status::verified ? Action::disposition : Action::redisposition;
  if (to == Status::in_progress)
    return from == Status::responded ? Action::reporter_reply : Action::follow_up;
  if (to == Status::responded) return Action::respond;
  if (to == Status::completed && from == Status::responded) return Action::complete;
  if (to == Status::archived) return Action::archive;
  return std::nullopt;
}

}  // namespace

std::optional<workflow::CaseClock> report_clock(const PortalState& state,
                                                const domain::Report& report,
                                                const std::vector<store::TimelineEvent>& timeline) {
  if (timeline.empty()) return std::nullopt;
  std::vector<workflow::Transition> history;
  Status current = Status::received;
  for (const auto& event : timeline) {
    const auto to = workflow::parse_status(event.status);
    if (!to) continue;
    if (*to == current) continue;  // the first "received", or a marker
    const auto action = action_between(current, *to);
    if (!action) continue;
    workflow::Transition step;
    step.from = current;
    step.to = *to;
    step.action = *action;
    step.at = event.at;
    step.after.status = *to;
    history.push_back(std::move(step));
    current = *to;
  }
  const domain::Timestamp received_at = report.received_at.value_or(timeline.front().at);
  const workflow::Calendar calendar(state.holidays);
  const workflow::TimeZone zone =
      workflow::zone_of_region(report.location.region_code).value_or(workflow::kNationalTimeZone);
  return workflow::case_clock(history, received_at, calendar, zone, state.services.now());
}

void draw_case_clock(PortalState& state, const domain::Report& report,
                     const std::vector<store::TimelineEvent>& timeline) {
  const auto clock = report_clock(state, report, timeline);
  if (!clock || clock->kind == workflow::ClockKind::none) return;
  const std::string kind(workflow::to_string(clock->kind));
  ui::heading(state.t("clock." + kind), 2);
  const std::string due = domain::to_string(clock->deadline.due);
  if (clock->paused) {
    ui::text(state.format("clock.paused", {due}));
  } else if (clock->deadline.overdue) {
    ui::error_text(
        state.format("clock.overdue", {due, std::to_string(-clock->deadline.days_left)}));
  } else {
    ui::text(state.format("clock.due", {due, std::to_string(clock->deadline.days_left)}));
  }
  ui::muted(state.t("clock.explained." + kind));
}

}  // namespace aduan::app
