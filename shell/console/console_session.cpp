// shell/console/console_session.cpp: the officer's session and the console's requests.
//
// Owns logging in and out, keeping the session across reloads (the device store's settings,
// so actions queued offline can still be sent after the tab was closed), and sending every
// officer request with the session (a wire body, or a form for the JSON routes that take one)
// and reading the answer: wire or JSON on success, a JSON error otherwise. Does not own
// the screens (console_screens.cpp), the queue (console_queue.cpp) or the actions queued
// offline (console_outbox.cpp).
// A session is plainly over when the server says 401 or its expiry passed on this device's
// clock: the officer sees the login again with a sentence saying why; nothing queued is lost.
#include <string>
#include <utility>

#include "core/sync/transport.h"
#include "core/wire/messages.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

constexpr std::string_view kSessionKey = "console.session";
constexpr std::string_view kSessionHeader = "X-Aduan-Session";
std::string join_lines(const ConsoleSession& session) {
  return session.token + "\n" + std::to_string(session.expires_at) + "\n" + session.officer_id +
         "\n" + session.role + "\n" + session.agency_id + "\n" + session.username;
}

std::optional<ConsoleSession> split_lines(const std::string& text) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == '\n')
      parts.emplace_back();
    else
      parts.back() += c;
  }
  if (parts.size() != 6 || parts[0].empty()) return std::nullopt;
  ConsoleSession session;
  session.token = parts[0];
  session.expires_at = std::strtoll(parts[1].c_str(), nullptr, 10);
  session.officer_id = parts[2];
  session.role = parts[3];
  session.agency_id = parts[4];
  session.username = parts[5];
  return session;
}

void save_session(ConsoleScreen& state) {
  auto* store = state.store();
  if (!store) return;
  if (state.console.session)
    (void)store->set_setting(kSessionKey, join_lines(*state.console.session));
  else
    (void)store->erase_setting(kSessionKey);
}

ServerAnswer read_answer(const sync::Response& response) {
  ServerAnswer answer;
  answer.reached = response.transport_ok;
  answer.http_status = response.http_status;
  answer.body = response.body;
  if (response.transport_ok && response.http_status >= 400) {
    const std::string text(response.body.begin(), response.body.end());
    if (auto parsed = json::parse(text)) {
      if (const json::Value* error = parsed.value().get("error")) {
        answer.code = error->string_at("code");
        answer.message = error->string_at("message");
        if (const json::Value* current = error->get("current")) {
          answer.current_status = current->string_at("status");
          answer.current_agency_id = current->string_at("agency_id");
          answer.last_action = current->string_at("last_action");
          answer.last_actor_role = current->string_at("last_actor_role");
          answer.last_at = static_cast<domain::Timestamp>(current->number_at("last_at"));
        }
      }
    }
    if (answer.code.empty()) answer.code = "console.server_error";
  }
  return answer;
}

// Every officer request goes out here: with the session's header, its answer read once, and
// `done` dropped when the console is gone.
void send_with_session(ConsoleScreen& state, sync::Request request,
                       std::function<void(ConsoleScreen&, ServerAnswer)> done) {
  if (state.console.session)
    request.headers.emplace_back(kSessionHeader, state.console.session->token);
  std::weak_ptr<bool> alive = state.console.alive;
  ConsoleScreen* target = &state;
  state.app.services.transport().send(
      std::move(request), [alive, target, done = std::move(done)](const sync::Response& response) {
        if (alive.expired()) return;
        done(*target, read_answer(response));
        ui::request_frame();
      });
}

}  // namespace

void console_send(ConsoleScreen& state, std::string path, wire::Bytes body,
                  std::function<void(ConsoleScreen&, ServerAnswer)> done,
                  const std::string& action_id) {
  sync::Request request;
  request.path = std::move(path);
  request.body = std::move(body);
  if (request.body.empty()) request.method = "GET";
  if (!request.body.empty())
    request.headers.emplace_back(sync::kHeaderContentType, sync::kWireContentType);
  if (!action_id.empty()) request.headers.emplace_back("X-Aduan-Action-Id", action_id);
  send_with_session(state, std::move(request), std::move(done));
}

void console_send_form(ConsoleScreen& state, std::string path, std::string form,
                       std::function<void(ConsoleScreen&, ServerAnswer)> done) {
  sync::Request request;
  request.method = "POST";
  request.path = std::move(path);
  request.body.assign(form.begin(), form.end());
  request.headers.emplace_back(sync::kHeaderContentType, "application/x-www-form-urlencoded");
  send_with_session(state, std::move(request), std::move(done));
}

void console_restore(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (console.session_loaded || !state.store()) return;
  console.session_loaded = true;
  if (auto saved = state.store()->setting(kSessionKey); saved && saved.value()) {
    console.session = split_lines(*saved.value());
    if (console.session && console.session->expires_at <= state.app.services.now()) {
      console.session.reset();
      console.login_error = "console.session_expired";
      save_session(state);
    }
  }
  if (auto saved = state.store()->setting("console.pending"); saved && saved.value()) {
    if (!decode_pending(*saved.value(), console.pending)) console.pending.clear();
  }
  if (console.session) {
    console.username = console.session->username;
    console.view = ConsoleView::queue;
    console_restore_queue(state);
  }
}

void console_session_expired(ConsoleScreen& state) {
  evidence_forget(state);  // the device's copies of photos belong to the session
  state.console.session.reset();
  state.console.view = ConsoleView::login;
  state.console.login_error = "console.session_expired";
  state.console.password.clear();
  state.console.busy = false;
  state.console.sending = false;
  save_session(state);
}

void console_login(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  console.login_error.clear();
  if (console.username.empty() || console.password.empty()) {
    console.login_error = "console.login_missing";
    return;
  }
  auto body = wire::encode(wire::OfficerLoginRequest{console.username, console.password});
  if (!body) {
    console.login_error = "console.server_error";
    return;
  }
  console.busy = true;
  console_send(state, "/api/v1/officer/login", std::move(body.value()),
               [](ConsoleScreen& s, const ServerAnswer& answer) {
                 ConsoleState& c = s.console;
                 c.busy = false;
                 if (!answer.reached) {
                   c.login_error = "console.offline";
                   return;
                 }
                 if (answer.http_status != 200) {
                   c.login_error = answer.code;
                   return;
                 }
                 auto login = wire::decode<wire::OfficerLoginResponse>(answer.body);
                 if (!login) {
                   c.login_error = "console.server_error";
                   return;
                 }
                 c.session = ConsoleSession{login.value().session_token, login.value().expires_at,
                                            login.value().officer_id,    login.value().role,
                                            login.value().agency_id,     c.username};
                 c.password.clear();
                 evidence_forget(s);  // nothing another officer fetched on this device is shown
                 c.view = ConsoleView::queue;
                 c.rows_loaded = false;
                 save_session(s);
                 console_load_queue(s);
               });
}

void console_logout(ConsoleScreen& state) {
  if (state.console.session) {
    // Ends the session on the server when online; the device forgets it either way.
    console_send(state, "/api/v1/officer/logout", wire::Bytes{'{', '}'},
                 [](ConsoleScreen&, const ServerAnswer&) {});
  }
  evidence_forget(state);
  state.console.session.reset();
  state.console.rows.clear();
  state.console.rows_loaded = false;
  state.console.open.reset();
  state.console.view = ConsoleView::login;
  state.console.login_error.clear();
  console_forget_queue(state);
  save_session(state);
}

}  // namespace aduan::app
