// shell/server/api_officers.cpp: the officers' API. Every body is a wire message.
//
// POST /api/v1/officer/login    OfficerLoginRequest -> OfficerLoginResponse (a session token)
// POST /api/v1/officer/logout   (X-Aduan-Session)
// POST /api/v1/officer/reports  OfficerReportsRequest -> OfficerReportsResponse (the queue)
// POST /api/v1/officer/actions  OfficerActionRequest -> OfficerActionResponse
// An action is decided by core/workflow on the report's current state and recorded as a status
// event in the same transaction, so when two officers act on one report the first to reach the
// server wins and the second is refused with the current status (409), never applied twice.
// The agency-wide visibility rules and the console are their own piece of work; here agency
// staff see the reports their agency holds, and admins see all.
#include "core/domain/sha256.h"
#include "core/wire/officer_messages.h"
#include "core/workflow/machine.h"
#include "shell/server/api_common.h"
#include "shell/server/officer_auth.h"

namespace aduan::server {
namespace {

constexpr const char* kSessionHeader = "X-Aduan-Session";

std::optional<store::Officer> authenticate_officer(ServerContext& context, const httplib::Request& request,
                                                   httplib::Response& response) {
  const std::string token = request.get_header_value(kSessionHeader);
  if (token.empty()) {
    send_error(response, 401, "officer.no_session", "log in first (X-Aduan-Session is missing)");
    return std::nullopt;
  }
  auto* store = store_or_503(context, response);
  if (!store) return std::nullopt;
  auto officer = store->session_officer(domain::sha256_hex(token), context.now());
  if (!officer) {
    send_error(response, 503, officer.error().code, "try again later");
    return std::nullopt;
  }
  if (!officer.value()) {
    send_error(response, 401, "officer.session_expired", "the session has expired; log in again");
    return std::nullopt;
  }
  return officer.value();
}

bool is_agency_staff(const store::Officer& officer) {
  return officer.role == "agency_admin" || officer.role == "liaison_officer";
}

// The case as core/workflow sees it: status and holder from the report, the rest from events.
workflow::Case case_of(const store::StoredReport& report, const std::vector<store::ServerEvent>& events) {
  workflow::Case current;
  current.status = workflow::parse_status(report.status).value_or(workflow::Status::received);
  current.holding_agency_id = report.agency_id;
  for (const auto& event : events) {
    if (event.action == "rate") current.rating = 1;  // any rating blocks a second one
    if (event.action == "escalate_to_ombudsman") current.escalated_to_ombudsman = true;
  }
  return current;
}

void login(ServerContext& context, LoginThrottle& throttle, const httplib::Request& request,
           httplib::Response& response) {
  std::uint16_t version = 0;
  auto message = read_message<wire::OfficerLoginRequest>(request, response, version);
  if (!message) return;
  std::int64_t retry_after_ms = 0;
  if (!throttle.allow(message->username, request_address(request), context.now(), &retry_after_ms)) {
    response.set_header("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
    return send_error(response, 429, "officer.too_many_attempts", "too many login attempts; wait and try again");
  }
  auto* store = store_or_503(context, response);
  if (!store) return;
  auto found = store->find_officer(message->username);
  if (!found) return send_error(response, 503, found.error().code, "try again later");
  if (!found.value() || found.value()->first.disabled ||
      !password_matches(found.value()->second, message->password))
    return send_error(response, 401, "officer.bad_credentials", "wrong username or password");
  const store::Officer& officer = found.value()->first;
  NewSession session = make_session(context.now());
  auto saved = store->create_session(session.token_sha256, officer.id, context.now(), session.expires_at);
  if (!saved) return send_error(response, 503, saved.error().code, "try again later");
  write_message(response,
                wire::OfficerLoginResponse{session.token, session.expires_at, officer.id, officer.role,
                                           officer.agency_id},
                version);
}

void list_reports(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return;
  std::uint16_t version = 0;
  auto message = read_message<wire::OfficerReportsRequest>(request, response, version);
  if (!message) return;
  auto* store = context.store();
  const std::size_t limit = std::min<std::size_t>(message->limit ? message->limit : 50, wire::kMaxBatchReports);
  auto rows = store->list_reports(message->status, is_agency_staff(*officer) ? 10000 : limit,
                                  is_agency_staff(*officer) ? 0 : message->offset);
  if (!rows) return send_error(response, 503, rows.error().code, "try again later");
  wire::OfficerReportsResponse answer;
  std::size_t skipped = 0;
  for (auto& row : rows.value()) {
    if (is_agency_staff(*officer) && row.agency_id != officer->agency_id) continue;
    if (is_agency_staff(*officer) && skipped++ < message->offset) continue;
    if (answer.reports.size() >= limit) break;
    if (row.report.anonymous) row.report.contact.reset();  // never shown to any agency
    answer.reports.push_back({std::move(row.report), row.status, row.agency_id});
  }
  write_message(response, answer, version);
}

void act(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return;
  std::uint16_t version = 0;
  auto message = read_message<wire::OfficerActionRequest>(request, response, version);
  if (!message) return;
  auto action = workflow::parse_action(message->action);
  auto role = workflow::parse_role(officer->role);
  if (!action) return send_error(response, 400, "workflow.unknown_action", "unknown action '" + message->action + "'");
  if (!role) return send_error(response, 403, "workflow.role_not_permitted", "this account has no workflow role");
  auto* store = store_or_503(context, response);
  if (!store) return;
  // Reading the state, deciding and recording are one transaction: of two officers acting at
  // once, the second decides on what the first recorded.
  int status_code = 200;
  std::string error_code, error_message;
  store::ServerEvent event;
  std::int64_t seq = 0;
  auto refuse = [&](int code, std::string what, std::string message_text) {
    status_code = code;
    error_code = std::move(what);
    error_message = std::move(message_text);
    return Status(Error{error_code, error_message});
  };
  auto recorded = store->in_transaction([&]() -> Status {
    auto report = store->report(message->report_id);
    if (!report) return refuse(503, report.error().code, "try again later");
    if (!report.value()) return refuse(404, "officer.unknown_report", "no such report");
    if (is_agency_staff(*officer) && report.value()->agency_id != officer->agency_id)
      return refuse(403, "workflow.not_holding_agency", "your agency does not hold this report");
    if (!message->expected_status.empty() && message->expected_status != report.value()->status)
      return refuse(409, "officer.stale",
                    "another officer acted first; the report is now '" + report.value()->status + "'");
    auto events = store->timeline(message->report_id);
    if (!events) return refuse(503, events.error().code, "try again later");
    workflow::ActionRequest wanted{*action, {*role, officer->agency_id}, message->note,
                                   message->target_agency_id, message->rating, context.now()};
    auto transition = workflow::decide(case_of(*report.value(), events.value()), wanted);
    if (!transition) return refuse(409, transition.error().code, transition.error().detail);
    const auto& after = transition.value().after;
    event = store::ServerEvent{0, message->report_id, std::string(workflow::to_string(after.status)),
                               message->action, context.now(), message->note, after.holding_agency_id,
                               officer->id};
    auto appended = store->append_event(event);
    if (!appended) return refuse(503, appended.error().code, "not recorded; try again");
    seq = appended.value();
    return done();
  });
  if (!recorded) {
    if (status_code == 200) return send_error(response, 503, recorded.error().code, "not recorded; try again");
    return send_error(response, status_code, error_code, error_message);
  }
  write_message(response, wire::OfficerActionResponse{event.status, event.agency_id, seq}, version);
}

}  // namespace

void install_officer_routes(httplib::Server& http, ServerContext& context) {
  static LoginThrottle throttle;
  http.Post("/api/v1/officer/login", [&context](const httplib::Request& request, httplib::Response& response) {
    set_route_label("/api/v1/officer/login");
    login(context, throttle, request, response);
  });
  http.Post("/api/v1/officer/logout", [&context](const httplib::Request& request, httplib::Response& response) {
    set_route_label("/api/v1/officer/logout");
    auto* store = store_or_503(context, response);
    if (!store) return;
    (void)store->end_session(domain::sha256_hex(request.get_header_value(kSessionHeader)));
    response.set_content("{\"status\":\"logged_out\"}", "application/json");
  });
  http.Post("/api/v1/officer/reports", [&context](const httplib::Request& request, httplib::Response& response) {
    set_route_label("/api/v1/officer/reports");
    list_reports(context, request, response);
  });
  http.Post("/api/v1/officer/actions", [&context](const httplib::Request& request, httplib::Response& response) {
    set_route_label("/api/v1/officer/actions");
    act(context, request, response);
  });
}

}  // namespace aduan::server
