// shell/server/api_reporter.cpp: the citizen's side of the status flow.
//
// POST /api/v1/reporter/actions   OfficerActionRequest -> OfficerActionResponse (wire)
//   The same message as an officer's action, taken by Role::reporter: reporter_reply (note =
//   the reply), complete, rate (rating 1..5, note = an optional comment). Authenticated by the
//   device that sent the report (X-Aduan-Device + X-Aduan-Secret) or by the report's receipt
//   secret (X-Aduan-Receipt), so a citizen on another phone can still close their case with
//   the receipt. Optional X-Aduan-Action-Id as for officers; expected_status as for officers.
// A report that exists but is not the caller's is refused exactly like one that does not
// exist (404), so the endpoint cannot be used to probe for reports.
#include "core/domain/secrets.h"
#include "core/wire/officer_messages.h"
#include "shell/server/api_actions.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"

namespace aduan::server {
namespace {

void reporter_act(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  std::uint16_t version = 0;
  auto message = read_message<wire::OfficerActionRequest>(request, response, version);
  if (!message) return;
  auto action = workflow::parse_action(message->action);
  if (!action) return send_error(response, 400, "workflow.unknown_action", "unknown action '" + message->action + "'");
  const std::string receipt = request.get_header_value("X-Aduan-Receipt");
  std::optional<std::string> device;
  if (receipt.empty()) {
    device = authenticate_device(context, request, response);
    if (!device) return;
  } else if (!within_rate(context.per_address(), request_address(request), context, response, "address")) {
    return;
  }
  const auto read_id = read_action_id(request, response);
  if (!read_id || !note_acceptable(message->note, response)) return;
  const std::string& action_id = *read_id;
  auto* store = store_or_503(context, response);
  if (!store) return;
  // The actor id is per report, so two citizens' action ids can never collide.
  const std::string actor = "reporter:" + message->report_id.to_string();
  ActionInput input{message->report_id,
                    {*action, {workflow::Role::reporter, ""}, message->note, "", message->rating, context.now()},
                    actor,
                    message->expected_status,
                    action_id.empty() ? std::string() : actor + ":" + action_id};
  auto is_theirs = [&](const store::StoredReport& report) {
    if (!receipt.empty()) return domain::constant_time_equal(receipt, report.report.receipt_secret);
    return device && *device == report.device_id;
  };
  ActionOutcome outcome;
  {
    std::lock_guard<std::mutex> writer(context.write_lock());
    outcome = perform_action(*store, input, {}, is_theirs);
  }
  if (outcome.http_status == 403 && outcome.code == "officer.out_of_scope")
    return send_error(response, 404, "reporter.unknown_report", "no such report for these credentials");
  if (outcome.http_status == 404)
    return send_error(response, 404, "reporter.unknown_report", "no such report for these credentials");
  send_action_outcome(response, outcome, version);
}

}  // namespace

void install_reporter_routes(httplib::Server& http, ServerContext& context) {
  http.Post("/api/v1/reporter/actions", [&context](const httplib::Request& request, httplib::Response& response) {
    set_route_label("/api/v1/reporter/actions");
    reporter_act(context, request, response);
  });
}

}  // namespace aduan::server
