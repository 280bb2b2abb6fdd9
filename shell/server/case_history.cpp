// shell/server/case_history.cpp: see case_history.h.
#include "shell/server/case_history.h"

#include <utility>

#include "shell/server/http_app.h"

namespace aduan::server {

ActionOutcome perform_action(store::ServerRepository& store, const ActionInput& input,
                             const workflow::Scope& scope,
                             const std::function<bool(const store::StoredReport&)>& may_see) {
  ActionOutcome outcome;
  auto refuse = [&outcome](int http_status, std::string code, std::string message) {
    outcome.http_status = http_status;
    outcome.code = std::move(code);
    outcome.message = std::move(message);
    return Status(Error{outcome.code, outcome.message});
  };
  auto recorded = store.in_transaction([&]() -> Status {
    auto report = store.report(input.report_id);
    if (!report) return refuse(503, report.error().code, "try again later");
    if (!report.value()) return refuse(404, "officer.unknown_report", "no such report");
    const store::StoredReport& stored = *report.value();
    outcome.status = stored.status;
    outcome.agency_id = stored.agency_id;
    if (!may_see(stored))
      return refuse(403, "officer.out_of_scope", "this report is outside what your role may see");
    if (!input.action_id.empty()) {
      auto applied = store.applied_action(input.action_id);
      if (!applied) return refuse(503, applied.error().code, "try again later");
      if (applied.value()) {
        const store::AppliedAction& earlier = *applied.value();
        if (earlier.actor != input.actor_id || earlier.report_id != input.report_id)
          return refuse(409, "officer.action_id_reused", "this action id was used for another action");
        outcome.replayed = true;
        outcome.status = earlier.status;
        outcome.agency_id = earlier.agency_id;
        outcome.seq = earlier.event_seq;
        return done();
      }
    }
    auto events = store.timeline(input.report_id);
    if (!events) return refuse(503, events.error().code, "try again later");
    const auto history = history_of(events.value());
    if (!history.empty()) {
      outcome.last_action = std::string(workflow::to_string(history.back().action));
      outcome.last_actor_role = std::string(workflow::to_string(history.back().actor_role));
      outcome.last_at = history.back().at;
    }
    if (!input.expected_status.empty() && input.expected_status != stored.status)
      return refuse(409, "officer.stale",
                    "another officer acted first; the report is now '" + stored.status + "'");
    auto transition = workflow::decide(case_of(stored, history), input.request, scope);
    if (!transition) {
      // A role that never takes the action stays 409 as the flow's other refusals (the console
      // shows no button for it); being outside one's agency or region is 403, like may_see.
      const bool forbidden = transition.error().code == workflow::errors::kNotHoldingAgency ||
                             transition.error().code == workflow::errors::kTargetOutOfScope;
      return refuse(forbidden ? 403 : 409, transition.error().code, transition.error().detail);
    }
    const workflow::Transition& step = transition.value();
    store::ServerEvent event{0,
                             input.report_id,
                             std::string(workflow::to_string(step.to)),
                             std::string(workflow::to_string(step.action)),
                             input.request.at,
                             step.note,
                             step.after.holding_agency_id,
                             input.actor_id,
                             step.rating,
                             std::string(workflow::to_string(step.actor_role)),
                             step.target_agency_id};
    auto seq = store.append_event(event);
    if (!seq) return refuse(503, seq.error().code, "not recorded; try again");
    store::AuditEntry audit{0,
                            input.request.at,
                            input.actor_id,
                            event.actor_role,
                            event.action,
                            input.report_id,
                            "",
                            stored.status,
                            event.status,
                            stored.agency_id,
                            event.agency_id,
                            stored.report.location.region_code,
                            step.note};
    if (auto written = store.append_audit(audit); !written)
      return refuse(503, written.error().code, "not recorded; try again");
    if (!input.action_id.empty()) {
      store::AppliedAction applied{input.action_id, input.actor_id, input.report_id, seq.value(),
                                   event.status,    event.agency_id, input.request.at};
      if (auto kept = store.record_applied_action(applied); !kept)
        return refuse(503, kept.error().code, "not recorded; try again");
    }
    if (input.after_event) {
      event.seq = seq.value();
      if (auto after = input.after_event(store, stored, event); !after)
        return refuse(503, after.error().code, "not recorded; try again");
    }
    outcome.status = event.status;
    outcome.agency_id = event.agency_id;
    outcome.seq = seq.value();
    return done();
  });
  if (!recorded && outcome.http_status == 200) {
    outcome.http_status = 503;
    outcome.code = recorded.error().code;
    outcome.message = "not recorded; try again";
  }
  return outcome;
}

std::string refusal_json(const ActionOutcome& outcome) {
  return "{\"error\":{\"code\":\"" + json_escape(outcome.code) + "\",\"message\":\"" +
         json_escape(outcome.message) + "\",\"current\":{\"status\":\"" + json_escape(outcome.status) +
         "\",\"agency_id\":\"" + json_escape(outcome.agency_id) + "\",\"last_action\":\"" +
         json_escape(outcome.last_action) + "\",\"last_actor_role\":\"" +
         json_escape(outcome.last_actor_role) + "\",\"last_at\":" + std::to_string(outcome.last_at) +
         "}}}";
}

}  // namespace aduan::server
