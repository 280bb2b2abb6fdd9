// shell/server/api_officers.cpp: the officers' API. Every body is a wire message.
//
// POST /api/v1/officer/login    OfficerLoginRequest -> OfficerLoginResponse (a session token)
// POST /api/v1/officer/logout   (X-Aduan-Session)
// A login, a failed login and a logout each write an audit row (officer_auth.h's
// account_audit_entry: who, from which address, why it failed; never the password).
// POST /api/v1/officer/reports  OfficerReportsRequest -> OfficerReportsResponse (the queue)
// POST /api/v1/officer/actions  OfficerActionRequest -> OfficerActionResponse
// An action is decided by core/workflow on the report's current state and recorded as a status
// event, with its audit row, in the same transaction (case_history.h), so when two officers act
// on one report the first to reach the server wins and the second is refused with the current
// status (409), never applied twice. An optional X-Aduan-Action-Id header (a client-generated
// id, at most 64 characters) makes a retried action apply once: the retry gets the first
// answer. What an officer sees and may route to is agency_scope.h's; the JSON console (queue
// with clocks, detail, timeline) is api_console.cpp.
#include "core/domain/sha256.h"
#include "core/wire/officer_messages.h"
#include "core/workflow/machine.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_actions.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"
#include "shell/server/officer_auth.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server {
namespace {
constexpr const char* kSessionHeader = "X-Aduan-Session";
}  // namespace

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

Status save_with_audit(ServerContext& context, const store::AuditEntry& entry,
                       const std::function<Status()>& change) {
  auto* store = context.store();
  std::lock_guard<WriterLock> writer(context.write_lock());
  return store->in_transaction([&]() -> Status {
    if (auto changed = change(); !changed) return changed;
    auto written = store->append_audit(entry);
    if (!written) return written.error();
    return done();
  });
}

namespace {

// Writes an account's audit row on its own. A failure to write is not the client's concern
// (the answer stays what it was), so it is dropped here rather than turned into a 503.
void audit_alone(ServerContext& context, store::ServerRepository& store,
                 const store::AuditEntry& entry) {
  std::lock_guard<WriterLock> writer(context.write_lock());
  (void)store.append_audit(entry);
}

void login(ServerContext& context, LoginThrottle& throttle, const httplib::Request& request,
           httplib::Response& response) {
  std::uint16_t version = 0;
  auto message = read_message<wire::OfficerLoginRequest>(request, response, version);
  if (!message) return;
  const std::string address = request_address(request);
  std::int64_t retry_after_ms = 0;
  if (!throttle.allow(message->username, address, context.now(), &retry_after_ms)) {
    response.set_header("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
    return send_error(response, 429, "officer.too_many_attempts", "too many login attempts; wait and try again");
  }
  auto* store = store_or_503(context, response);
  if (!store) return;
  auto found = store->find_officer(message->username);
  if (!found) return send_error(response, 503, found.error().code, "try again later");
  const auto& account = found.value();
  const bool usable = account && !account->first.disabled;
  // One Argon2id verification whatever the username: an unknown or disabled account is checked
  // against a dummy hash, so the answer costs and takes the same (officer_auth.h).
  const bool matches = password_matches(
      usable ? std::optional<std::string_view>(account->second) : std::nullopt, message->password);
  if (!matches) {
    const store::Officer who =
        account ? account->first : store::Officer{"", message->username, "", "", "", false};
    const char* why = !account ? "unknown username"
                               : (account->first.disabled ? "account disabled" : "wrong password");
    audit_alone(context, *store,
                account_audit_entry("officer.login_failed", who, who.id, who.role, address, why,
                                    context.now()));
    return send_error(response, 401, "officer.bad_credentials", "wrong username or password");
  }
  const store::Officer& officer = account->first;
  NewSession session = make_session(context.now());
  auto saved = [&] {
    std::lock_guard<WriterLock> writer(context.write_lock());
    return store->in_transaction([&]() -> Status {
      // Expired sessions are purged here, where sessions are made: the table holds at most a
      // working day of logins.
      if (auto purged = store->end_expired_sessions(context.now()); !purged) return purged.error();
      if (auto created = store->create_session(session.token_sha256, officer.id, context.now(),
                                               session.expires_at);
          !created)
        return created;
      if (auto written = store->append_audit(account_audit_entry(
              "officer.login", officer, officer.id, officer.role, address, "", context.now()));
          !written)
        return written.error();
      return done();
    });
  }();
  if (!saved) return send_error(response, 503, saved.error().code, "try again later");
  write_message(response,
                wire::OfficerLoginResponse{session.token, session.expires_at, officer.id, officer.role,
                                           officer.agency_id},
                version);
}

void logout(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto* store = store_or_503(context, response);
  if (!store) return;
  const std::string token_sha256 = domain::sha256_hex(request.get_header_value(kSessionHeader));
  auto officer = store->session_officer(token_sha256, context.now());
  if (!officer) return send_error(response, 503, officer.error().code, "try again later");
  auto ended = [&] {
    std::lock_guard<WriterLock> writer(context.write_lock());
    return store->in_transaction([&]() -> Status {
      if (auto removed = store->end_session(token_sha256); !removed) return removed;
      // Only a live session's end is an event about someone; an unknown token changes nothing.
      if (!officer.value()) return done();
      const store::Officer& who = *officer.value();
      auto written = store->append_audit(account_audit_entry(
          "officer.logout", who, who.id, who.role, request_address(request), "", context.now()));
      if (!written) return written.error();
      return done();
    });
  }();
  if (!ended) return send_error(response, 503, ended.error().code, "try again later");
  response.set_content("{\"status\":\"logged_out\"}", "application/json");
}

void list_reports(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return;
  std::uint16_t version = 0;
  auto message = read_message<wire::OfficerReportsRequest>(request, response, version);
  if (!message) return;
  auto* store = context.store();
  auto agencies = store->list_agencies();
  if (!agencies) return send_error(response, 503, agencies.error().code, "try again later");
  AgencyDirectory directory(std::move(agencies.value()));
  OfficerScope scope(*officer, directory);
  const std::size_t limit = std::min<std::size_t>(message->limit ? message->limit : 50, wire::kMaxBatchReports);
  wire::OfficerReportsResponse answer;
  auto add = [&](store::StoredReport row) {
    if (row.report.anonymous) {  // never shown to any agency
      row.report.contact.reset();
      if (auto& on_behalf = row.report.on_behalf) {
        on_behalf->citizen_name.clear();
        on_behalf->citizen_phone.clear();
      }
    }
    answer.reports.push_back({std::move(row.report), row.status, row.agency_id});
  };
  if (scope.role() == workflow::Role::national_admin) {
    // A national admin's scope is everything: the reports table pages it newest first itself.
    auto rows = store->list_reports(message->status, limit, message->offset);
    if (!rows) return send_error(response, 503, rows.error().code, "try again later");
    for (auto& row : rows.value()) add(std::move(row));
    return write_message(response, answer, version);
  }
  // Anyone else's scope (hierarchy, regions) is a filter of the case index, paged there too.
  if (auto fresh = refresh_case_index(*store, &context.write_lock()); !fresh)
    return send_error(response, 503, fresh.error().code, "try again later");
  store::CaseFilter filter = scope.case_filter();
  filter.status = message->status;
  auto read = store->in_read_snapshot([&]() -> Status {
    auto page = store->newest_page(filter, message->offset, limit);
    if (!page) return page.error();
    for (std::int64_t seq : page.value()) {
      auto row = store->report_at(seq);
      if (!row) return row.error();
      if (row.value()) add(std::move(*row.value()));
    }
    return done();
  });
  if (!read) return send_error(response, 503, read.error().code, "try again later");
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
  const auto read_id = read_action_id(request, response);
  if (!read_id || !note_acceptable(message->note, response)) return;
  const std::string& action_id = *read_id;
  auto* store = store_or_503(context, response);
  if (!store) return;
  auto agencies = store->list_agencies();
  if (!agencies) return send_error(response, 503, agencies.error().code, "try again later");
  AgencyDirectory directory(std::move(agencies.value()));
  OfficerScope scope(*officer, directory);
  ActionInput input{message->report_id,
                    {*action, scope.actor(), message->note, message->target_agency_id,
                     message->rating, context.now()},
                    officer->id,
                    message->expected_status,
                    action_id.empty() ? std::string() : officer->id + ":" + action_id,
                    sms::status_news(context)};
  ActionOutcome outcome;
  {
    std::lock_guard<WriterLock> writer(context.write_lock());
    outcome = perform_action(*store, input, scope.hooks(),
                             [&scope](const store::StoredReport& report) { return scope.sees_report(report); });
  }
  send_action_outcome(response, outcome, version);
}

}  // namespace

void install_officer_routes(RouteTable& routes, ServerContext& context) {
  static LoginThrottle throttle;
  routes.post("/api/v1/officer/login",
              [&context](const httplib::Request& request, httplib::Response& response) {
                login(context, throttle, request, response);
              });
  routes.post("/api/v1/officer/logout",
              [&context](const httplib::Request& request, httplib::Response& response) {
                logout(context, request, response);
              });
  routes.post("/api/v1/officer/reports",
              [&context](const httplib::Request& request, httplib::Response& response) {
                list_reports(context, request, response);
              });
  routes.post("/api/v1/officer/actions",
              [&context](const httplib::Request& request, httplib::Response& response) {
                act(context, request, response);
              });
}

}  // namespace aduan::server
