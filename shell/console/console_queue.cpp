// shell/console/console_queue.cpp: the console's copy of the officer's queue: the reports
// (POST /api/v1/officer/reports, wire) and the server's clocks and order for them (GET
// /api/v1/officer/queue, JSON), and the copy kept in the device store for a reload offline.
//
// Does not own how the queue is shown (console_screens.cpp, console_desk*.cpp) or the session
// (console_session.cpp). The copy is the server's wire answer itself, in hex, so reading it back
// is the same decoder as reading the network; it is forgotten at logout.
#include <string>
#include <utility>

#include "core/wire/messages.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

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

}  // namespace

void console_restore_queue(ConsoleScreen& state) {
  if (auto saved = state.store()->setting(kQueueKey); saved && saved.value()) {
    if (auto bytes = from_hex(*saved.value())) {
      if (auto reports = wire::decode<wire::OfficerReportsResponse>(*bytes))
        state.console.rows = std::move(reports.value().reports);
    }
  }
}

void console_forget_queue(ConsoleScreen& state) {
  if (auto* store = state.store()) (void)store->erase_setting(kQueueKey);
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
