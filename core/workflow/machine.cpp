// core/workflow/machine.cpp: the transition table and the checks run against it.
//
// Owns one row per action (from which statuses, to which status, by which roles, needing what)
// and the few effects a row cannot express (routing sets the holding agency, declining clears
// it, rating and escalation set markers). Keeping the rules as data makes the table test a
// second, independent spelling of the same table rather than a copy of the code's branches.
#include "core/workflow/machine.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace aduan::workflow {
namespace {

using Bits = std::uint32_t;

template <class Enum>
constexpr Bits bit(Enum value) {
  return Bits{1} << static_cast<unsigned>(value);
}

template <class... Enum>
constexpr Bits bits(Enum... values) {
  return (bit(values) | ...);
}

struct Rule {
  Action action;        // the row's own index, checked below, so a missing row cannot compile
  Bits from;            // statuses the action may start from
  bool changes_status;  // false for markers (rate and the escalations)
  Status to;            // meaningful only when changes_status
  Bits roles;           // roles that may take the action
  Needs needs;
};

constexpr Bits kAdmins = bits(Role::national_admin, Role::regional_admin);
constexpr Bits kAgencyStaff = bits(Role::agency_admin, Role::liaison_officer);
constexpr Bits kUnresolved = bits(Status::received, Status::verified, Status::on_hold,
                                  Status::dispositioned, Status::in_progress, Status::responded);

// Indexed by Action. Agency staff may only touch a case their agency holds; that rule is
// general, so it lives in check_permitted rather than in a column.
constexpr std::array<Rule, kAllActions.size()> kRules = {{
    // verify: a held report can be verified directly once the reporter has clarified it.
    {Action::verify, bits(Status::received, Status::on_hold), true, Status::verified, kAdmins,
     Needs::nothing},
    // reject: also from verified, for a case every agency declined and none can take.
    {Action::reject, bits(Status::received, Status::on_hold, Status::verified), true,
     Status::rejected, kAdmins, Needs::reason},
    // hold: pauses verification only; once routed, a case is the agency's to work on.
    {Action::hold, bit(Status::received), true, Status::on_hold, kAdmins, Needs::reason},
    // resume: back to the verification queue, not straight to verified.
    {Action::resume, bit(Status::on_hold), true, Status::received, kAdmins, Needs::nothing},
    {Action::disposition, bit(Status::verified), true, Status::dispositioned, kAdmins,
     Needs::target_agency},
    // redisposition: the new agency has to follow up afresh, hence dispositioned again.
    {Action::redisposition, bits(Status::dispositioned, Status::in_progress), true,
     Status::dispositioned, kAdmins | bit(Role::agency_admin), Needs::target_agency},
    // decline_authority ("not our authority"): back to verified, with no holding agency, for
    // an admin to route again. Allowed during follow-up too, when that is where it turns out.
    {Action::decline_authority, bits(Status::dispositioned, Status::in_progress), true,
     Status::verified, kAgencyStaff, Needs::reason},
    {Action::follow_up, bit(Status::dispositioned), true, Status::in_progress, kAgencyStaff,
     Needs::text},
    {Action::respond, bit(Status::in_progress), true, Status::responded, kAgencyStaff, Needs::text},
    // reporter_reply: the reporter is not satisfied; the same agency works on it again.
    {Action::reporter_reply, bit(Status::responded), true, Status::in_progress, bit(Role::reporter),
     Needs::text},
    // complete: by the reporter, or by the system once kAutoCompleteAfterWorkingDays pass.
    {Action::complete, bit(Status::responded), true, Status::completed,
     bits(Role::reporter, Role::system), Needs::nothing},
    {Action::rate, bit(Status::completed), false, Status::completed, bit(Role::reporter),
     Needs::rating},
    {Action::archive, bits(Status::completed, Status::rejected), true, Status::archived,
     kAdmins | bit(Role::system), Needs::nothing},
    // escalate_to_ombudsman: a marker, see Case::escalated_to_ombudsman.
    {Action::escalate_to_ombudsman, kUnresolved, false, Status::received, bit(Role::system),
     Needs::nothing},
    // escalate_overdue: the holder missed its follow-up deadline; the case stays with it and
    // its parent is told (Case::escalated_to_agency_id). Only from dispositioned: once followed
    // up there is no deadline left to miss (case_clock.h).
    {Action::escalate_overdue, bit(Status::dispositioned), false, Status::received,
     bit(Role::system), Needs::target_agency},
}};

constexpr bool rows_in_action_order() {
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (static_cast<std::size_t>(kRules[i].action) != i) return false;
  }
  return true;
}
static_assert(rows_in_action_order(), "kRules must have one row per Action, in enum order");

Error refuse(std::string_view code, std::string detail) {
  return Error{std::string(code), std::move(detail)};
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

std::string describe(Action action, const Case& current) {
  std::string out(to_string(action));
  out.append(" from ").append(to_string(current.status));
  return out;
}

bool in_range(Status status) { return static_cast<std::size_t>(status) < kAllStatuses.size(); }
bool in_range(Role role) { return static_cast<std::size_t>(role) < kAllRoles.size(); }

bool acts_for_holder(const Case& current, const Actor& actor, const Scope& scope) {
  if (current.holding_agency_id.empty()) return false;
  if (!actor.agency_id.empty() && actor.agency_id == current.holding_agency_id) return true;
  return scope.acts_for && scope.acts_for(actor, current.holding_agency_id);
}

// The request's own input, once the actor is known to be allowed.
Result<Done> check_input(const Case& current, const ActionRequest& request, const Scope& scope,
                         Needs need) {
  switch (need) {
    case Needs::nothing:
      break;
    case Needs::reason:
      if (is_blank(request.note)) {
        return refuse(errors::kReasonRequired, describe(request.action, current));
      }
      break;
    case Needs::text:
      if (is_blank(request.note)) {
        return refuse(errors::kTextRequired, describe(request.action, current));
      }
      break;
    case Needs::target_agency:
      if (is_blank(request.target_agency_id)) {
        return refuse(errors::kTargetAgencyRequired, describe(request.action, current));
      }
      // A verified case may go to the agency the citizen suggested (it is recorded as the
      // holder from the start); only moving a routed case to where it already is, is a no-op.
      if (request.target_agency_id == current.holding_agency_id &&
          request.action != Action::disposition) {
        return refuse(errors::kSameAgency, "already held by " + request.target_agency_id);
      }
      // Escalating tells a parent, it does not route: the routing scope has no say.
      if (request.action != Action::escalate_overdue && scope.may_route_to &&
          !scope.may_route_to(request.actor, request.target_agency_id)) {
        return refuse(errors::kTargetOutOfScope, std::string(to_string(request.actor.role)) +
                                                     " may not route to " +
                                                     request.target_agency_id);
      }
      break;
    case Needs::rating:
      if (request.rating < kMinRating || request.rating > kMaxRating) {
        return refuse(errors::kBadRating,
                      "rating " + std::to_string(request.rating) + " is outside 1..5");
      }
      break;
  }
  return done();
}

}  // namespace

Needs needs(Action action) {
  auto index = static_cast<std::size_t>(action);
  return index < kRules.size() ? kRules[index].needs : Needs::nothing;
}

Result<Done> check_permitted(const Case& current, Action action, const Actor& actor,
                             const Scope& scope) {
  auto index = static_cast<std::size_t>(action);
  if (index >= kRules.size()) {
    return refuse(errors::kUnknownAction, "action " + std::to_string(index));
  }
  const Rule& rule = kRules[index];
  if (!in_range(actor.role) || (rule.roles & bit(actor.role)) == 0) {
    return refuse(errors::kRoleNotPermitted, std::string(to_string(actor.role)) + " may not " +
                                                 std::string(to_string(action)));
  }
  if (!in_range(current.status) || (rule.from & bit(current.status)) == 0) {
    return refuse(errors::kNotAllowedFromStatus, describe(action, current));
  }
  if (is_agency_staff(actor.role) && !acts_for_holder(current, actor, scope)) {
    return refuse(errors::kNotHoldingAgency, "case held by '" + current.holding_agency_id +
                                                 "', actor of '" + actor.agency_id + "'");
  }
  if (action == Action::verify && current.details_pending) {
    return refuse(errors::kDetailsPending,
                  "complete the report's region and category before verifying it");
  }
  if (action == Action::rate && current.rating != 0) {
    return refuse(errors::kAlreadyRated, "rated " + std::to_string(current.rating));
  }
  if (action == Action::escalate_to_ombudsman && current.escalated_to_ombudsman) {
    return refuse(errors::kAlreadyEscalated, describe(action, current));
  }
  if (action == Action::escalate_overdue && !current.escalated_to_agency_id.empty()) {
    return refuse(errors::kAlreadyEscalated, "escalated to " + current.escalated_to_agency_id);
  }
  return done();
}

Result<Transition> decide(const Case& current, const ActionRequest& request, const Scope& scope) {
  auto permitted = check_permitted(current, request.action, request.actor, scope);
  if (!permitted) return permitted.error();
  const Rule& rule = kRules[static_cast<std::size_t>(request.action)];
  auto input = check_input(current, request, scope, rule.needs);
  if (!input) return input.error();

  Transition step;
  step.from = current.status;
  step.to = rule.changes_status ? rule.to : current.status;
  step.action = request.action;
  step.actor_role = request.actor.role;
  step.actor_agency_id = request.actor.agency_id;
  step.note = request.note;
  step.at = request.at;
  step.after = current;
  step.after.status = step.to;
  switch (request.action) {
    case Action::disposition:
    case Action::redisposition:
      step.target_agency_id = request.target_agency_id;
      step.after.holding_agency_id = request.target_agency_id;
      step.after.escalated_to_agency_id.clear();
      break;
    case Action::decline_authority:
      step.after.holding_agency_id.clear();
      step.after.escalated_to_agency_id.clear();
      break;
    case Action::escalate_overdue:
      step.target_agency_id = request.target_agency_id;
      step.after.escalated_to_agency_id = request.target_agency_id;
      break;
    case Action::rate:
      step.rating = request.rating;
      step.after.rating = request.rating;
      break;
    case Action::escalate_to_ombudsman:
      step.after.escalated_to_ombudsman = true;
      break;
    default:
      break;
  }
  return step;
}

Result<Transition> apply(Case& current, const ActionRequest& request, const Scope& scope) {
  auto step = decide(current, request, scope);
  if (step) current = step.value().after;
  return step;
}

std::vector<Action> available_actions(const Case& current, const Actor& actor, const Scope& scope) {
  std::vector<Action> out;
  for (Action action : kAllActions) {
    if (check_permitted(current, action, actor, scope)) out.push_back(action);
  }
  return out;
}

bool auto_complete_due(const Case& current, const Calendar& calendar, domain::CivilDate since,
                       domain::CivilDate today) {
  return current.status == Status::responded &&
         has_elapsed(calendar, since, kAutoCompleteAfterWorkingDays, today);
}

bool ombudsman_escalation_due(const Case& current, const Calendar& calendar,
                              domain::CivilDate since, domain::CivilDate today) {
  return !is_resolved(current.status) && !current.escalated_to_ombudsman &&
         has_elapsed(calendar, since, kOmbudsmanAfterWorkingDays, today);
}

}  // namespace aduan::workflow
