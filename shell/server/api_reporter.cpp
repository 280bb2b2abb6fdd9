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
//
// POST /api/v1/reporter/claim    wire TrackRequest (tracking code + receipt secret) -> JSON
//   "Klaim laporan": the receipt holder's copy of the report for "Laporan saya" on any phone
//   (id, what was reported, every status event with its seq and note), also used to refresh a
//   claimed report. An unknown code and a wrong secret get the same 404 "claim.refused", and
//   every refusal costs the address one token of a small bucket (kClaimFailureBurst, refilled
//   one a minute): past it, every claim from that address is 429 before any secret is compared.
//   The secret travels in the body only, never in a URL or a log.
#include "core/domain/secrets.h"
#include "core/domain/tracking_code.h"
#include "core/wire/officer_messages.h"
#include "shell/server/api_actions.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"
#include "shell/server/json_writer.h"

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
  // A receipt-signed action has passed the per-address limit before its route, as every request
  // does (http_app.cpp); the secret is 128 random bits, past guessing at any rate.
  if (receipt.empty()) {
    device = authenticate_device(context, request, response);
    if (!device) return;
  }
  const auto read_id = read_action_id(request, response);
  if (!read_id || !note_acceptable(message->note, response)) return;
  const std::string& action_id = *read_id;
  auto* store = store_or_503(context, response);
  if (!store) return;
  // The actor id is per report, so two citizens' action ids can never collide.
  const std::string actor = "reporter:" + message->report_id.to_string();
  ActionInput input{
      message->report_id,
      {*action, {workflow::Role::reporter, ""}, message->note, "", message->rating, context.now()},
      actor,
      message->expected_status,
      action_id.empty() ? std::string() : actor + ":" + action_id,
      {}};
  auto is_theirs = [&](const store::StoredReport& report) {
    if (!receipt.empty()) return domain::constant_time_equal(receipt, report.report.receipt_secret);
    return device && *device == report.device_id;
  };
  ActionOutcome outcome;
  {
    std::lock_guard<WriterLock> writer(context.write_lock());
    outcome = perform_action(*store, input, {}, is_theirs);
  }
  if (outcome.http_status == 403 && outcome.code == "officer.out_of_scope")
    return send_error(response, 404, "reporter.unknown_report", "no such report for these credentials");
  if (outcome.http_status == 404)
    return send_error(response, 404, "reporter.unknown_report", "no such report for these credentials");
  send_action_outcome(response, outcome, version);
}

// Wrong receipts an address may send before it must wait; one more is allowed each minute.
// A citizen mistyping a few times is never stopped; guessing a 128-bit secret was hopeless
// anyway, and this keeps the route from being a free oracle.
constexpr double kClaimFailureBurst = 10;
constexpr double kClaimFailuresPerSecond = 1.0 / 60;

std::string claim_json(const store::StoredReport& stored, const std::vector<store::ServerEvent>& events) {
  const domain::Report& report = stored.report;
  JsonWriter json;
  json.begin_object()
      .key("report_id").value(report.id.to_string())
      .key("tracking_code").value(report.tracking_code)
      .key("status").value(stored.status)
      .key("agency_id").value(stored.agency_id)
      .key("classification").value(domain::to_string(report.classification))
      .key("title").value(report.title)
      .key("body").value(report.body)
      .key("incident_date").value(domain::to_string(report.incident_date))
      .key("region_code").value(report.location.region_code)
      .key("place").value(report.location.place)
      .key("category_id").value(report.category_id)
      .key("anonymous").value(report.anonymous)
      .key("confidential").value(report.confidential)
      .key("channel").value(domain::to_string(report.channel))
      .key("created_at").value(report.created_at)
      .key("received_at").value(report.received_at.value_or(0))
      .key("events").begin_array();
  for (const auto& event : events) {
    json.begin_object()
        .key("seq").value(event.seq)
        .key("status").value(event.status)
        .key("at").value(event.at)
        .key("agency_id").value(event.agency_id)
        .key("note").value(event.note)
        .end_object();
  }
  json.end_array().end_object();
  return json.str();
}

void claim(ServerContext& context, RateLimiter& failures, const httplib::Request& request,
           httplib::Response& response) {
  const std::string address = request_address(request);
  std::int64_t retry_after_ms = 0;
  if (failures.limited(address, context.now(), &retry_after_ms)) {
    response.set_header("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
    return send_error(response, 429, "rate.limited", "too many wrong receipts from this address; wait");
  }
  std::uint16_t version = 0;
  auto message = read_message<wire::TrackRequest>(request, response, version);
  if (!message) return;
  auto refuse = [&] {
    (void)failures.allow(address, context.now());
    send_error(response, 404, "claim.refused", "no report with this tracking code and receipt");
  };
  auto code = domain::normalize_tracking_code(message->tracking_code);
  if (!code || message->receipt_secret.empty()) return refuse();
  auto* store = store_or_503(context, response);
  if (!store) return;
  auto report = store->report_by_tracking_code(code.value());
  if (!report) return send_error(response, 503, "store.unavailable", "try again later");
  // The comparison runs even for an unknown code, so both refusals take the same time.
  const std::string& secret = report.value() ? report.value()->report.receipt_secret : message->receipt_secret;
  const bool matches = domain::constant_time_equal(message->receipt_secret, secret);
  if (!report.value() || !matches) return refuse();
  auto events = store->timeline(report.value()->report.id);
  if (!events) return send_error(response, 503, "store.unavailable", "try again later");
  response.set_header("Cache-Control", "no-store");
  response.set_content(claim_json(*report.value(), events.value()), "application/json");
}

}  // namespace

void install_reporter_routes(RouteTable& routes, ServerContext& context) {
  routes.post("/api/v1/reporter/actions",
              [&context](const httplib::Request& request, httplib::Response& response) {
                reporter_act(context, request, response);
              });
  auto failures = std::make_shared<RateLimiter>(kClaimFailureBurst, kClaimFailuresPerSecond);
  routes.post("/api/v1/reporter/claim",
              [&context, failures](const httplib::Request& request, httplib::Response& response) {
                claim(context, *failures, request, response);
              });
}

}  // namespace aduan::server
