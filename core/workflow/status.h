// core/workflow/status.h: the names of the status flow: statuses, actions and roles.
//
// Owns the three vocabularies of the workflow and their stable text names, which are what the
// wire, the database and the message catalog key on ("status.received", "action.verify").
// Does not own which action is allowed when (machine.h) or deadlines (working_days.h). The
// enum values are for in-memory use only; anything persisted or sent uses the text names, so
// an enum can be reordered without a migration.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace aduan::workflow {

// Where a case stands (DOMAIN.md, "Status and deadlines").
//
// "Not our authority" has no status of its own: the case goes back to `verified` with its
// holding agency cleared, because from there the admin does exactly what they do with any
// freshly verified case (route it), and a separate status would need every rule written twice.
enum class Status {
  received,       // arrived; waits for a national or regional admin to verify it
  verified,       // accepted by an admin; waits to be routed (again, if an agency declined it)
  on_hold,        // verification paused, e.g. until the reporter clarifies
  rejected,       // not accepted, with a reason the reporter sees
  dispositioned,  // routed to an agency; waits for that agency's follow-up
  in_progress,    // the agency is working on it (or the reporter replied to an answer)
  responded,      // the agency answered; waits for the reporter
  completed,      // the reporter accepted the answer, or did not reply in time
  archived,       // closed for good; read only
};

// What someone does to a case. Each action is one button in the officer console or one
// event in a case's history.
enum class Action {
  verify,                 // received | on_hold -> verified
  reject,                 // received | on_hold | verified -> rejected
  hold,                   // received -> on_hold
  resume,                 // on_hold -> received
  disposition,            // verified -> dispositioned, to a target agency
  redisposition,          // dispositioned | in_progress -> dispositioned, to another agency
  decline_authority,      // dispositioned | in_progress -> verified: "not our authority"
  follow_up,              // dispositioned -> in_progress
  respond,                // in_progress -> responded
  reporter_reply,         // responded -> in_progress
  complete,               // responded -> completed
  rate,                   // completed, status unchanged: the reporter's 1..5 rating
  archive,                // completed | rejected -> archived
  escalate_to_ombudsman,  // any unresolved status, status unchanged: sets a marker
  escalate_overdue,       // dispositioned, status unchanged: follow-up overdue, to the parent
};

enum class Role {
  national_admin,   // verifies and routes anywhere
  regional_admin,   // verifies and routes within a region
  agency_admin,     // manages an agency's officers; routes down to its units or across
  liaison_officer,  // answers for an agency
  reporter,         // the citizen who sent the report
  system,           // the server's scheduler: auto-completion, archiving, escalation
  village_official,  // enters reports for neighbours in a region; takes no workflow action
};

inline constexpr std::array<Status, 9> kAllStatuses = {  // in enum order
    Status::received,  Status::verified,      Status::on_hold,
    Status::rejected,  Status::dispositioned, Status::in_progress,
    Status::responded, Status::completed,     Status::archived};

inline constexpr std::array<Action, 15> kAllActions = {  // in enum order
    Action::verify,
    Action::reject,
    Action::hold,
    Action::resume,
    Action::disposition,
    Action::redisposition,
    Action::decline_authority,
    Action::follow_up,
    Action::respond,
    Action::reporter_reply,
    Action::complete,
    Action::rate,
    Action::archive,
    Action::escalate_to_ombudsman,
    Action::escalate_overdue};

inline constexpr std::array<Role, 7> kAllRoles = {  // in enum order
    Role::national_admin,  Role::regional_admin, Role::agency_admin,
    Role::liaison_officer, Role::reporter,       Role::system,
    Role::village_official};

// Stable snake_case names: "received", "decline_authority", "liaison_officer". An enum value
// outside the lists above (a corrupted cast) yields "unknown" rather than undefined behaviour.
std::string_view to_string(Status status);
std::string_view to_string(Action action);
std::string_view to_string(Role role);

// Exact, case-sensitive inverses of to_string; nullopt for anything else, "unknown" included.
std::optional<Status> parse_status(std::string_view text);
std::optional<Action> parse_action(std::string_view text);
std::optional<Role> parse_role(std::string_view text);

// Message catalog keys: "status.received", "action.verify", "role.reporter".
std::string message_key(Status status);
std::string message_key(Action action);
std::string message_key(Role role);

// Resolved cases need nothing more from an agency: they stop deadline clocks, count as done in
// the indicators (completed or rejected), and can no longer be escalated to the Ombudsman.
bool is_resolved(Status status);

// Admins of the reporting portal itself, as opposed to staff of an agency.
bool is_portal_admin(Role role);

// Staff of the agency that holds a case.
bool is_agency_staff(Role role);

}  // namespace aduan::workflow
