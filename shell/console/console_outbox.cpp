// shell/console/console_outbox.cpp: officer actions taken offline, kept and sent in order.
//
// Owns the queue of actions the officer took and the server has not answered yet: every
// action goes through it, online or not, so there is one path and an action taken in a tunnel
// is sent like any other once the link is back. The queue lives in the device store's settings
// (one key, a small line format of this file: the store's own tables are the citizen's), and
// is written before anything is sent, so a reload never loses an action.
// Exactly once: each action carries a client action id made once (X-Aduan-Action-Id); it is
// sent one at a time, oldest first, and removed only on the server's answer. A lost answer
// means a second try with the same id, which the server answers with the first answer instead
// of applying it again.
#include <random>
#include <string>
#include <utility>

#include "core/wire/messages.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

constexpr std::string_view kPendingKey = "console.pending";
constexpr std::string_view kFormatLine = "aduan-console-pending 1";
constexpr domain::Timestamp kRetryAfterMs = 5000;

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

bool unescape(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i >= text.size()) return false;
    if (text[i] == '\\')
      out += '\\';
    else if (text[i] == 't')
      out += '\t';
    else if (text[i] == 'n')
      out += '\n';
    else
      return false;
  }
  return true;
}

std::string new_action_id() {
  std::random_device random;  // the browser's crypto.getRandomValues under Emscripten
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 8; ++i) {
    const unsigned value = random();
    for (int shift = 0; shift < 32; shift += 8)
      id += kHex[(value >> static_cast<unsigned>(shift)) & 0xFU];
  }
  return id;
}

constexpr std::size_t kFields = 14;

void finish(ConsoleScreen& state, std::size_t index) {
  ConsoleState& console = state.console;
  if (index < console.pending.size())
    console.pending.erase(console.pending.begin() + static_cast<std::ptrdiff_t>(index));
  save_pending(state);
}

std::size_t index_of(const ConsoleState& console, const std::string& action_id) {
  for (std::size_t i = 0; i < console.pending.size(); ++i) {
    if (console.pending[i].action_id == action_id) return i;
  }
  return console.pending.size();
}

void on_answer(ConsoleScreen& state, const std::string& action_id, const ServerAnswer& answer) {
  ConsoleState& console = state.console;
  console.sending = false;
  const std::size_t index = index_of(console, action_id);
  if (index >= console.pending.size()) return;
  PendingAction& pending = console.pending[index];
  const bool about_open = console.open && console.open->report.id == pending.request.report_id;
  if (!answer.reached || answer.http_status == 429 || answer.http_status >= 500) {
    ++pending.attempts;
    pending.last_error = answer.reached ? answer.code : "console.offline_pending";
    console.next_send_at = state.app.services.now() + kRetryAfterMs;
    ui::request_frame_at(static_cast<double>(console.next_send_at));
    save_pending(state);
    return;
  }
  if (answer.http_status == 401) return console_session_expired(state);
  if (answer.http_status == 200) {
    auto done = wire::decode<wire::OfficerActionResponse>(answer.body);
    if (about_open && done) {
      console.open->status = done.value().status;
      console.open->agency_id = done.value().agency_id;
      console.notice = "console.action_done";
      console.refusal.clear();
    }
    finish(state, index);
    console_load_queue(state);
    return;
  }
  // Refused for good (400, 403, 404, 409): kept and shown until the officer dismisses it.
  pending.refused = true;
  pending.last_error = answer.code;
  pending.last_message = answer.message;
  if (about_open) {
    console.refusal = console_error_text(state, answer.code, answer.message);
    console.refusal_now.clear();
    console.notice.clear();
    if (!answer.current_status.empty()) {  // show the report as it stands now, and why
      console.open->status = answer.current_status;
      console.open->agency_id = answer.current_agency_id;
      if (!answer.last_action.empty() && answer.last_at > 0) {
        console.refusal_now = state.format(
            "console.last_step",
            {std::string(state.t("action." + answer.last_action)),
             std::string(state.t("role." + answer.last_actor_role)), format_time(answer.last_at)});
      }
    }
  }
  save_pending(state);
  console.rows_loaded = false;  // on 409 the queue shows the report as it is now
  console_load_queue(state);
}

}  // namespace

std::string encode_pending(const std::vector<PendingAction>& pending) {
  std::string out(kFormatLine);
  out += '\n';
  for (const auto& p : pending) {
    const std::string fields[kFields] = {p.action_id,
                                         p.request.report_id.to_string(),
                                         p.request.action,
                                         p.request.note,
                                         p.request.target_agency_id,
                                         std::to_string(p.request.rating),
                                         p.request.expected_status,
                                         p.report_title,
                                         p.officer_id,
                                         std::to_string(p.created_at),
                                         std::to_string(p.attempts),
                                         p.refused ? "1" : "0",
                                         p.last_error,
                                         p.last_message};
    for (std::size_t i = 0; i < kFields; ++i) {
      if (i) out += '\t';
      out += escape(fields[i]);
    }
    out += '\n';
  }
  return out;
}

bool decode_pending(const std::string& text, std::vector<PendingAction>& out) {
  std::vector<PendingAction> result;
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (first) {
      if (line != kFormatLine) return false;
      first = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::size_t from = 0;
    while (true) {
      const std::size_t tab = line.find('\t', from);
      std::string value;
      if (!unescape(
              line.substr(from, tab == std::string_view::npos ? line.size() - from : tab - from),
              value))
        return false;
      fields.push_back(std::move(value));
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    if (fields.size() != kFields) return false;
    auto id = domain::ReportId::parse(fields[1]);
    if (!id || fields[0].size() != 32) return false;
    PendingAction p;
    p.action_id = fields[0];
    p.request.report_id = *id;
    p.request.action = fields[2];
    p.request.note = fields[3];
    p.request.target_agency_id = fields[4];
    p.request.rating = static_cast<std::int32_t>(std::strtol(fields[5].c_str(), nullptr, 10));
    p.request.expected_status = fields[6];
    p.report_title = fields[7];
    p.officer_id = fields[8];
    p.created_at = std::strtoll(fields[9].c_str(), nullptr, 10);
    p.attempts = static_cast<int>(std::strtol(fields[10].c_str(), nullptr, 10));
    p.refused = fields[11] == "1";
    p.last_error = fields[12];
    p.last_message = fields[13];
    result.push_back(std::move(p));
  }
  if (first) return false;
  out = std::move(result);
  return true;
}

void save_pending(ConsoleScreen& state) {
  auto* store = state.store();
  if (!store) return;
  if (state.console.pending.empty())
    (void)store->erase_setting(kPendingKey);
  else
    (void)store->set_setting(kPendingKey, encode_pending(state.console.pending));
}

void queue_action(ConsoleScreen& state, wire::OfficerActionRequest request, std::string title) {
  ConsoleState& console = state.console;
  PendingAction pending;
  pending.action_id = new_action_id();
  pending.request = std::move(request);
  pending.report_title = std::move(title);
  pending.officer_id = console.session ? console.session->officer_id : std::string();
  pending.created_at = state.app.services.now();
  console.pending.push_back(std::move(pending));
  console.next_send_at = 0;
  console.notice = state.app.services.online() ? "console.action_sending" : "console.action_queued";
  console.refusal.clear();
  save_pending(state);
  console_tick(state);
}

void console_tick(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  console_restore(state);
  evidence_tick(state);
  if (!console.session || console.sending || console.pending.empty()) return;
  const bool online = state.app.services.online();
  if (online && !console.was_online) console.next_send_at = 0;  // the link is back: try now
  console.was_online = online;
  if (state.app.services.now() < console.next_send_at) {
    // A timer may fire a little early; ask again rather than wait for some other frame.
    ui::request_frame_at(static_cast<double>(console.next_send_at));
    return;
  }
  if (console.session->expires_at <= state.app.services.now())
    return console_session_expired(state);
  for (const PendingAction& pending : console.pending) {
    if (pending.refused || pending.officer_id != console.session->officer_id) continue;
    auto body = wire::encode(pending.request);
    if (!body) continue;
    console.sending = true;
    const std::string action_id = pending.action_id;
    console_send(
        state, "/api/v1/officer/actions", std::move(body.value()),
        [action_id](ConsoleScreen& s, const ServerAnswer& answer) {
          on_answer(s, action_id, answer);
        },
        action_id);
    return;
  }
}

}  // namespace aduan::app
