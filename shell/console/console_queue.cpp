// shell/console/console_queue.cpp: the console's copy of the officer's queue: the reports
// (POST /api/v1/officer/reports, wire) and the server's clocks and order for them (GET
// /api/v1/officer/queue, JSON), and the copy kept in the device store for a reload offline.
//
// The queue is read a page of wire::kMaxBatchReports at a time (the decoder's bound) until a
// page comes back short, up to kMaxQueuePages pages: an office's whole queue, so the desk sorts,
// filters and pages all of it; past that bound the screens say the list is cut. Does not own
// how the queue is shown (console_screens.cpp, console_desk*.cpp) or the session
// (console_session.cpp). The copy is the server's wire pages themselves, in hex, so reading it
// back is the same decoder as reading the network; it is forgotten at logout.
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "core/wire/messages.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

// The last queue the server sent, as its wire bytes in hex, so an officer who reloads offline
// still sees the reports to act on. Forgotten at logout.
constexpr std::string_view kQueueKey = "console.queue";
constexpr std::size_t kMaxQueuePages = 20;  // 10,000 reports

// Page 0 is kept under kQueueKey itself, as before pages existed.
std::string page_key(std::size_t page) {
  return page == 0 ? std::string(kQueueKey) : std::string(kQueueKey) + "." + std::to_string(page);
}

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

// One reading of the queue, page after page; it is applied only if no newer reading began.
struct QueueReading {
  std::uint64_t generation = 0;
  std::vector<wire::OfficerReportRow> rows;
  std::set<std::string> ids;  // a report that moved to the next page while reading comes once
  std::vector<wire::Bytes> pages;
  std::vector<std::pair<std::string, json::Value>> clocks;
  std::size_t clock_pages = 0;
};

bool current(const ConsoleScreen& state, const QueueReading& reading) {
  return state.console.queue_generation == reading.generation;
}

// The server's clocks and its order of the queue, page after page, after the reports.
void read_clock_page(ConsoleScreen& state, std::shared_ptr<QueueReading> reading) {
  const std::size_t offset = reading->clock_pages * wire::kMaxBatchReports;
  console_send(state,
               "/api/v1/officer/queue?limit=" + std::to_string(wire::kMaxBatchReports) +
                   "&offset=" + std::to_string(offset),
               {}, [reading, offset](ConsoleScreen& s, const ServerAnswer& answer) {
                 if (!current(s, *reading) || !answer.reached || answer.http_status != 200) return;
                 auto parsed = json::parse(std::string(answer.body.begin(), answer.body.end()));
                 const json::Value* items = parsed ? parsed.value().get("items") : nullptr;
                 if (!items) return;
                 for (const auto& item : items->items) {
                   if (const json::Value* clock = item.get("clock"))
                     reading->clocks.emplace_back(item.string_at("report_id"), *clock);
                 }
                 ++reading->clock_pages;
                 const auto total = static_cast<std::size_t>(parsed.value().number_at("total"));
                 if (items->items.size() == wire::kMaxBatchReports &&
                     offset + wire::kMaxBatchReports < total &&
                     reading->clock_pages < kMaxQueuePages)
                   return read_clock_page(s, reading);
                 s.console.server_clocks = std::move(reading->clocks);
               });
}

void keep_copy(ConsoleScreen& state, const QueueReading& reading) {
  auto* store = state.store();
  if (!store) return;
  for (std::size_t page = 0; page < kMaxQueuePages; ++page) {
    if (page < reading.pages.size())
      (void)store->set_setting(page_key(page), to_hex(reading.pages[page]));
    else
      (void)store->erase_setting(page_key(page));
  }
}

void read_report_page(ConsoleScreen& state, std::shared_ptr<QueueReading> reading) {
  wire::OfficerReportsRequest request;
  request.limit = wire::kMaxBatchReports;
  request.offset = static_cast<std::uint32_t>(reading->pages.size() * wire::kMaxBatchReports);
  auto body = wire::encode(request);
  if (!body) {
    state.console.busy = false;
    state.console.error = "console.server_error";
    return;
  }
  console_send(state, "/api/v1/officer/reports", std::move(body.value()),
               [reading](ConsoleScreen& s, const ServerAnswer& answer) {
                 if (!current(s, *reading)) return;
                 ConsoleState& c = s.console;
                 auto stop = [&c](std::string error) {
                   c.busy = false;
                   c.error = std::move(error);
                 };
                 if (!answer.reached) return stop("console.offline_queue");
                 if (answer.http_status == 401) return console_session_expired(s);
                 if (answer.http_status != 200) return stop(answer.code);
                 auto page = wire::decode<wire::OfficerReportsResponse>(answer.body);
                 if (!page) return stop("console.server_error");
                 const bool full = page.value().reports.size() == wire::kMaxBatchReports;
                 for (auto& row : page.value().reports) {
                   if (reading->ids.insert(row.report.id.to_string()).second)
                     reading->rows.push_back(std::move(row));
                 }
                 reading->pages.push_back(answer.body);
                 if (full && reading->pages.size() < kMaxQueuePages)
                   return read_report_page(s, reading);

                 c.busy = false;
                 c.rows = std::move(reading->rows);
                 c.queue_cut = full;
                 c.rows_loaded = true;
                 keep_copy(s, *reading);
                 read_clock_page(s, reading);
                 if (c.open) {  // the detail shows the report as it is now
                   for (const auto& row : c.rows) {
                     if (row.report.id == c.open->report.id) c.open = row;
                   }
                 }
                 if (c.reload_queue) console_load_queue(s);
               });
}

}  // namespace

void console_restore_queue(ConsoleScreen& state) {
  auto* store = state.store();
  state.console.rows.clear();
  std::set<std::string> ids;  // the pages are kept as read: a report can be on two of them
  for (std::size_t page = 0; page < kMaxQueuePages; ++page) {
    auto saved = store->setting(page_key(page));
    if (!saved || !saved.value()) break;
    auto bytes = from_hex(*saved.value());
    if (!bytes) break;
    auto reports = wire::decode<wire::OfficerReportsResponse>(*bytes);
    if (!reports) break;
    for (auto& row : reports.value().reports) {
      if (ids.insert(row.report.id.to_string()).second)
        state.console.rows.push_back(std::move(row));
    }
  }
}

void console_forget_queue(ConsoleScreen& state) {
  // A reading still on its way belongs to the session that ended: its answer is dropped, and
  // the next session's first reading does not wait for it.
  ++state.console.queue_generation;
  state.console.busy = false;
  if (auto* store = state.store()) {
    for (std::size_t page = 0; page < kMaxQueuePages; ++page)
      (void)store->erase_setting(page_key(page));
  }
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
  console.busy = true;
  console.error.clear();
  auto reading = std::make_shared<QueueReading>();
  reading->generation = ++console.queue_generation;
  read_report_page(state, std::move(reading));
}

}  // namespace aduan::app
