// core/cases/history.cpp: see history.h.
#include "core/cases/history.h"

#include <utility>

#include "core/rules/report_rules.h"

namespace aduan::cases {
namespace {

workflow::Role role_of(const store::ServerEvent& event) {
  if (auto role = workflow::parse_role(event.actor_role)) return *role;
  // Events written before schema v3 carry no role: the scheduler signs "system", and any other
  // actor was an officer; the clock and the indicators never read the officer's exact role.
  return event.actor == "system" ? workflow::Role::system : workflow::Role::national_admin;
}

}  // namespace

std::vector<workflow::Transition> history_of(const std::vector<store::ServerEvent>& events) {
  std::vector<workflow::Transition> out;
  workflow::Case folded;
  bool first = true;
  for (const auto& event : events) {
    if (first || event.action.empty()) {
      first = false;
      folded.holding_agency_id = event.agency_id;
      if (auto status = workflow::parse_status(event.status)) folded.status = *status;
      continue;
    }
    auto action = workflow::parse_action(event.action);
    auto status = workflow::parse_status(event.status);
    if (!action || !status) continue;
    workflow::Transition step;
    step.from = folded.status;
    step.to = *status;
    step.action = *action;
    step.actor_role = role_of(event);
    step.note = event.note;
    step.rating = event.rating;
    step.at = event.at;
    step.target_agency_id = event.target_agency_id;
    folded.status = *status;
    folded.holding_agency_id = event.agency_id;
    // The effects machine.cpp's decide() gives each action, replayed from what was stored.
    switch (*action) {
      case workflow::Action::disposition:
      case workflow::Action::redisposition:
      case workflow::Action::decline_authority:
        folded.escalated_to_agency_id.clear();
        break;
      case workflow::Action::escalate_overdue:
        folded.escalated_to_agency_id = event.target_agency_id;
        break;
      case workflow::Action::rate:
        folded.rating = event.rating > 0 ? event.rating : 1;
        break;
      case workflow::Action::escalate_to_ombudsman:
        folded.escalated_to_ombudsman = true;
        break;
      default:
        break;
    }
    step.after = folded;
    out.push_back(std::move(step));
  }
  return out;
}

workflow::Case case_of(std::string_view status, std::string_view holder,
                       const std::vector<workflow::Transition>& history) {
  workflow::Case current;
  if (!history.empty()) current = history.back().after;
  current.status = workflow::parse_status(status).value_or(current.status);
  current.holding_agency_id = std::string(holder);
  return current;
}

workflow::Case case_of(const store::StoredReport& report,
                       const std::vector<workflow::Transition>& history) {
  workflow::Case current = case_of(report.status, report.agency_id, history);
  current.details_pending = !rules::pending_details(report.report).empty();
  return current;
}

}  // namespace aduan::cases
