// shell/console/console_session.cpp: the officer's session and the console's requests.
//
// Owns logging in and out, keeping the session across reloads (the device store's settings,
// so actions queued offline can still be sent after the tab was closed), the queue request,
// and reading the server's answers, wire on success and a JSON error otherwise. Does not own
// the screens (console_screens.cpp) or the actions queued offline (console_outbox.cpp).
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
// The last queue the server sent, as its wire bytes in hex, so an officer who reloads offline
// still sees the reports to act on. Forgotten at logout.
constexpr std::string_view kQueueKey = "console.queue";

std::string to_hex(const wire::Bytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kHex[b >> 4U];
    out += kHex[b & 0xFU];
  }
  return out;
}

std::optional<wire::Bytes> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  wire::Bytes out;
  out.reserve(text.size() / 2);
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = digit(text[i]);
    const int low = digit(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return out;
}

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
  if (state.console.session)
    request.headers.emplace_back(kSessionHeader, state.console.session->token);
  if (!action_id.empty()) request.headers.emplace_back("X-Aduan-Action-Id", action_id);
  std::weak_ptr<bool> alive = state.console.alive;
  ConsoleScreen* target = &state;
  state.app.services.transport().send(
      std::move(request), [alive, target, done = std::move(done)](const sync::Response& response) {
        if (alive.expired()) return;
        done(*target, read_answer(response));
        ui::request_frame();
      });
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
    if (auto saved = state.store()->setting(kQueueKey); saved && saved.value()) {
      if (auto bytes = from_hex(*saved.value())) {
        if (auto reports = wire::decode<wire::OfficerReportsResponse>(*bytes))
          console.rows = std::move(reports.value().reports);
      }
    }
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
  if (auto* store = state.store()) (void)store->erase_setting(kQueueKey);
  save_session(state);
}

void console_load_queue(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (!console.session) return;
  if (console.busy) {
    // The answer on its way may predate an action just applied (a batch applies several).
    console.reload_queue = true;
    return;
  }
  console.reload_queue = false;
  wire::OfficerReportsRequest request;
  request.limit = wire::kMaxBatchReports;
  auto body = wire::encode(request);
  if (!body) return;
  console.busy = true;
  console.error.clear();
  console_send(
      state, "/api/v1/officer/reports", std::move(body.value()),
      [](ConsoleScreen& s, const ServerAnswer& answer) {
        ConsoleState& c = s.console;
        c.busy = false;
        if (!answer.reached) {
          c.error = "console.offline_queue";
          return;
        }
        if (answer.http_status == 401) return console_session_expired(s);
        if (answer.http_status != 200) {
          c.error = answer.code;
          return;
        }
        auto reports = wire::decode<wire::OfficerReportsResponse>(answer.body);
        if (!reports) {
          c.error = "console.server_error";
          return;
        }
        c.rows = std::move(reports.value().reports);
        c.rows_loaded = true;
        if (auto* store = s.store()) (void)store->set_setting(kQueueKey, to_hex(answer.body));
        // The clocks, computed by the server from each case's history.
        console_send(
            s, "/api/v1/officer/queue?limit=500", {},
            [](ConsoleScreen& s2, const ServerAnswer& clocks) {
              if (!clocks.reached || clocks.http_status != 200) return;
              auto parsed = json::parse(std::string(clocks.body.begin(), clocks.body.end()));
              const json::Value* items = parsed ? parsed.value().get("items") : nullptr;
              if (!items) return;
              s2.console.server_clocks.clear();
              for (const auto& item : items->items) {
                if (const json::Value* clock = item.get("clock"))
                  s2.console.server_clocks.emplace_back(item.string_at("report_id"), *clock);
              }
            });
        if (c.open) {  // the detail shows the report as it is now
          for (const auto& row : c.rows) {
            if (row.report.id == c.open->report.id) c.open = row;
          }
        }
        if (c.reload_queue) console_load_queue(s);
      });
}

}  // namespace aduan::app
