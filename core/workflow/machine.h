// core/workflow/machine.h: the status flow of a case as a pure state machine.
//
// Owns who may do what to a case, when, and with what input: decide() turns a case and a
// request into a Transition or a refusal with a stable error code. The server applies the
// transitions it stores; the officer console calls available_actions() to show only the
// buttons that would succeed. Does not own persistence, clocks or notifications, nor which
// cases an actor may see: agency hierarchy and regional scope are answered by the caller
// through the Scope hooks, so this file needs no catalog and stays testable on its own.
//
// Order of use: the caller loads the Case (or folds it from stored transitions), builds an
// ActionRequest with its own clock's time, calls decide(), stores the Transition, and keeps
// transition.after as the new Case. apply() does the last two steps in memory.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"
#include "core/workflow/status.h"
#include "core/workflow/working_days.h"

namespace aduan::workflow {

using domain::Timestamp;

// Stable error codes of a refused action: tests, the wire and the message catalog key on them.
namespace errors {
inline constexpr std::string_view kUnknownAction = "workflow.unknown_action";
inline constexpr std::string_view kRoleNotPermitted = "workflow.role_not_permitted";
inline constexpr std::string_view kNotAllowedFromStatus = "workflow.not_allowed_from_status";
inline constexpr std::string_view kNotHoldingAgency = "workflow.not_holding_agency";
inline constexpr std::string_view kAlreadyRated = "workflow.already_rated";
inline constexpr std::string_view kAlreadyEscalated = "workflow.already_escalated";
inline constexpr std::string_view kReasonRequired = "workflow.reason_required";
inline constexpr std::string_view kTextRequired = "workflow.text_required";
inline constexpr std::string_view kTargetAgencyRequired = "workflow.target_agency_required";
inline constexpr std::string_view kSameAgency = "workflow.same_agency";
inline constexpr std::string_view kTargetOutOfScope = "workflow.target_out_of_scope";
inline constexpr std::string_view kBadRating = "workflow.bad_rating";
// The API's code since Open311 reports first arrived without a region; kept as published.
inline constexpr std::string_view kDetailsPending = "officer.details_pending";
}  // namespace errors

inline constexpr int kMinRating = 1;
inline constexpr int kMaxRating = 5;

// The least a decision needs to know about a case; everything else (the report, the history)
// lives in core/domain and core/store.
struct Case {
  Status status = Status::received;
  // The agency that must act. Set by (re)disposition, cleared when an agency declines
  // ("not our authority"), and kept after completion so the record shows who resolved it.
  std::string holding_agency_id;
  int rating = 0;  // 0 until the reporter rates a completed case, then kMinRating..kMaxRating
  // Set once a case stays unresolved past kOmbudsmanAfterWorkingDays. A marker rather than a
  // status: the case keeps moving through the flow while the Ombudsman looks at it, and the
  // console shows the marker beside whatever the status is.
  bool escalated_to_ombudsman = false;
  // The holder's parent agency, set by escalate_overdue when the holder let its follow-up
  // deadline pass; the holder keeps the case, the parent's admin sees it (Scope::acts_for).
  // Cleared by every routing step, so a new holder's clock can be escalated again.
  std::string escalated_to_agency_id;
  // The report arrived without a detail the verifying admin completes (core/rules'
  // pending_details: an Open311 request's region, an SMS's region and category): verifying
  // vouches for where and what it is, so verify waits until nothing is pending.
  bool details_pending = false;
  friend bool operator==(const Case&, const Case&) = default;
};

// Who asks. agency_id is the actor's own agency for agency staff; portal admins, reporters
// and the system leave it empty (a regional admin's region is for the Scope hooks to judge).
// Whether a reporter is this case's reporter is the caller's check (the receipt secret).
struct Actor {
  Role role = Role::reporter;
  std::string agency_id;
  friend bool operator==(const Actor&, const Actor&) = default;
};

struct ActionRequest {
  Action action = Action::verify;
  Actor actor;
  // The reason (reject, hold, decline_authority), the text (follow_up, respond,
  // reporter_reply) or an optional comment (any other action, the rating's comment included).
  std::string note;
  std::string target_agency_id;  // disposition, redisposition and escalate_overdue only
  int rating = 0;                // rate only
  Timestamp at = 0;              // the caller's clock; recorded, never judged here
};

// One step of a case's history: what the server stores and the tracker shows.
struct Transition {
  Status from = Status::received;
  Status to = Status::received;  // equal to `from` for rate and the escalations
  Action action = Action::verify;
  Role actor_role = Role::reporter;
  std::string actor_agency_id;
  std::string note;
  std::string target_agency_id;  // empty unless the action routes or escalates the case
  int rating = 0;                // 0 unless the action is rate
  Timestamp at = 0;
  Case after;
  friend bool operator==(const Transition&, const Transition&) = default;
};

// The hooks through which the agency hierarchy (a later issue) will widen or narrow what an
// actor may do. An empty Scope is the strict default described at each member.
struct Scope {
  using Predicate = std::function<bool(const Actor& actor, std::string_view agency_id)>;
  // May agency staff act on a case held by `agency_id`, which is not their own agency, e.g. the
  // admin of a parent agency acting for its unit? Empty: only the holding agency's own staff.
  Predicate acts_for;
  // May the actor route a case to `agency_id`: down to its units, across to peers, or within a
  // regional admin's region? Empty: to any agency.
  Predicate may_route_to;
};

// The input an action needs beyond its actor, so the console knows which field to show.
enum class Needs { nothing, reason, text, target_agency, rating };
Needs needs(Action action);

// Whether the actor may take the action on the case now, judging role, status, holding agency
// and the rate/escalate markers, but not the request's note, target or rating.
Result<Done> check_permitted(const Case& current, Action action, const Actor& actor,
                             const Scope& scope = {});

// The whole decision: check_permitted, then the request's input. Refusals carry one of the
// codes in `errors`, the first that applies in the order listed there.
Result<Transition> decide(const Case& current, const ActionRequest& request,
                          const Scope& scope = {});

// decide(), and on success replaces `current` with the transition's `after`. On refusal the
// case is left untouched.
Result<Transition> apply(Case& current, const ActionRequest& request, const Scope& scope = {});

// The actions check_permitted allows, in the order of kAllActions: the console's buttons.
std::vector<Action> available_actions(const Case& current, const Actor& actor,
                                      const Scope& scope = {});

// When the scheduler should submit its own actions. `since` is the day the clock started
// (the response, or the day the report was received); `today` is the caller's local date.
// These know nothing of holds or the history; the scheduler uses due_system_actions()
// (case_clock.h), which finds `since` itself and also escalates overdue follow-ups.
bool auto_complete_due(const Case& current, const Calendar& calendar, domain::CivilDate since,
                       domain::CivilDate today);
bool ombudsman_escalation_due(const Case& current, const Calendar& calendar,
                              domain::CivilDate since, domain::CivilDate today);

}  // namespace aduan::workflow
