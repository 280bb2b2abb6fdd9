// shell/server/case_history.h: a report's stored events read back as core/workflow's history,
// and the one path every action on a case takes (officer, reporter, scheduler).
//
// Owns perform_action(): in ONE transaction, re-read the case, refuse
// what the actor may not see, replay a known action id, check the expected status, decide,
// append the event, write the audit row and remember the action id. Whatever refuses, nothing
// is written; whatever is written, the audit row is with it. Does not own HTTP (the api_*.cpp
// files turn an ActionOutcome into an answer) or the rules (core/workflow, agency_scope.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/history.h"
#include "core/store/server_repository.h"
#include "core/workflow/case_clock.h"
#include "core/workflow/machine.h"

namespace aduan::server {

// The fold of stored events into core/workflow's history is core/cases' (history.h), shared
// with the case index.
using cases::case_of;
using cases::history_of;

// Run in the action's transaction once its event is recorded (the SMS channel's news to the
// reporter): what it writes commits with the event, and its failure undoes the action.
using AfterEvent = std::function<Status(store::ServerRepository&, const store::StoredReport&,
                                        const store::ServerEvent&)>;

struct ActionInput {
  domain::ReportId report_id;
  workflow::ActionRequest request;  // actor, action, note, target, rating, at
  std::string actor_id;             // an officer id, "reporter" or "system": stored, never public
  std::string expected_status;      // "" : no check
  std::string action_id;            // "" : no idempotency
  AfterEvent after_event;           // empty: nothing more
};

struct ActionOutcome {
  int http_status = 200;  // 200, or the refusal's: 403, 404, 409, 503
  std::string code;       // the refusal's stable code
  std::string message;
  bool replayed = false;  // the action id had been applied already: this is the stored answer
  std::string status;     // after the action; on a refusal, the report's current status
  std::string agency_id;  // likewise
  std::int64_t seq = 0;   // the event recorded
  std::string last_action;  // on a refusal: the latest action and who took it (role)
  std::string last_actor_role;
  domain::Timestamp last_at = 0;
};

// `may_see` decides whether the actor may touch this report at all (403 "officer.out_of_scope"
// otherwise, and the same answer for a report that exists as for one that does not would be
// kinder to privacy, but officers need to know why: their scope is not secret).
ActionOutcome perform_action(store::ServerRepository& store, const ActionInput& input,
                             const workflow::Scope& scope,
                             const std::function<bool(const store::StoredReport&)>& may_see);

// {"error":{"code","message","current":{"status","agency_id","last_action","last_actor_role",
// "last_at"}}}: a refusal with the state the client must now show.
std::string refusal_json(const ActionOutcome& outcome);

}  // namespace aduan::server
