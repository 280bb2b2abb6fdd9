// shell/console/console_screens.cpp: the officer console's login and queue screens.
//
// Owns what the officer sees before opening a report: the login form (Enter in the password
// signs in), the phone's queue with its filters (status, search, overdue first), each row with
// its status chip and deadline, and the actions still waiting to be sent. On a wide screen the
// queue is the desk (console_desk.cpp) instead. Does not own the report detail and its actions
// (console_detail.cpp) or the requests (console_session.cpp). The queue is read from the
// server, never from the citizen's tables; offline it shows what was last read plus the
// actions queued on this device.
#include <algorithm>
#include <string>
#include <vector>

#include "core/workflow/status.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

constexpr std::uint32_t kRed = 0xC62828FFU;
constexpr std::uint32_t kAmber = 0x8D6E00FFU;

void draw_login(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  ui::heading(state.t("console.login_title"));
  ui::muted(state.t("console.login_hint"));
  ui::text_field("console.username", state.t("console.username"), console.username,
                 {.mode = ui::InputMode::text, .max_bytes = 100, .required = true});
  ui::text_field("console.password", state.t("console.password"), console.password,
                 {.mode = ui::InputMode::password,
                  .max_bytes = 200,
                  .required = true,
                  .submit = "console.login"});
  if (!console.login_error.empty())
    ui::error_text(console_error_text(state, console.login_error, {}));
  if (console.busy) {
    ui::muted(state.t("console.logging_in"));
  } else if (ui::button("console.login", state.t("console.login"))) {
    console_login(state);
  }
}

std::string status_label(const ConsoleScreen& state, const std::string& status) {
  return std::string(state.t(status_key(status)));
}

bool has_pending(const ConsoleState& console, const domain::ReportId& id) {
  return std::any_of(console.pending.begin(), console.pending.end(), [&](const PendingAction& p) {
    return p.request.report_id == id && !p.refused;
  });
}

}  // namespace

void draw_pending_actions(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (console.pending.empty()) return;
  ui::heading(state.t("console.pending_title"), 2);
  for (std::size_t i = 0; i < console.pending.size(); ++i) {
    PendingAction& p = console.pending[i];
    const std::string action = std::string(state.t("action." + p.request.action));
    std::string line = action + " · " + p.report_title;
    if (p.refused) {
      ui::error_text(line + ": " + console_error_text(state, p.last_error, p.last_message));
      if (ui::button("console.pending.dismiss." + std::to_string(i), state.t("console.dismiss"),
                     ui::ButtonKind::secondary)) {
        console.pending.erase(console.pending.begin() + static_cast<std::ptrdiff_t>(i));
        save_pending(state);
        return;
      }
    } else {
      ui::chip(state.t("console.pending"), kAmber);
      ui::text(line);
      if (!p.last_error.empty()) ui::muted(console_error_text(state, p.last_error, p.last_message));
    }
  }
}

void open_report(ConsoleState& console, const wire::OfficerReportRow& row) {
  console.open = row;
  console.server_detail.reset();
  console.server_detail_for.clear();
  console.form = {};
  console.details = {};
  console.notice.clear();
  console.refusal.clear();
  console.view = ConsoleView::detail;
}

namespace {

void draw_queue(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  ui::heading(state.t("console.queue_title"));
  if (console.session) {
    std::string who =
        console.session->username + " · " + std::string(state.t("role." + console.session->role));
    if (!console.session->agency_id.empty())
      who += " · " + agency_name(state, console.session->agency_id);
    ui::muted(who);
  }
  if (ui::button("console.logout", state.t("console.logout"), ui::ButtonKind::secondary)) {
    console_logout(state);
    return;
  }
  if (!state.app.services.online()) ui::muted(state.t("console.offline_note"));
  draw_pending_actions(state);

  std::vector<ui::PickerOption> statuses{{"", std::string(state.t("console.all_statuses")), ""}};
  for (auto status : workflow::kAllStatuses) {
    const std::string name(workflow::to_string(status));
    statuses.push_back({name, status_label(state, name), ""});
  }
  ui::picker("console.filter.status", state.t("console.filter_status"), statuses,
             console.status_filter);
  ui::checkbox("console.filter.overdue", state.t("console.overdue_first"), console.overdue_first);
  ui::text_field("console.search", state.t("console.search"), console.search, {.max_bytes = 100});
  if (ui::button("console.refresh", state.t("console.refresh"), ui::ButtonKind::secondary))
    console_load_queue(state);
  if (!console.rows_loaded && !console.busy && console.error.empty()) console_load_queue(state);
  struct Shown {
    const wire::OfficerReportRow* row;
    RowClock clock;
  };
  std::vector<Shown> shown;
  const std::string& wanted = console.status_filter;
  for (const auto& row : console.rows) {
    if (!wanted.empty() && row.status != wanted) continue;
    if (!console.search.empty() &&
        !domain::contains_ignoring_case(row.report.title, console.search) &&
        !domain::contains_ignoring_case(row.report.tracking_code, console.search))
      continue;
    shown.push_back({&row, row_clock(state, row)});
  }
  std::stable_sort(shown.begin(), shown.end(), [&](const Shown& a, const Shown& b) {
    if (console.overdue_first && a.clock.overdue != b.clock.overdue) return a.clock.overdue;
    return a.row->report.received_at.value_or(0) < b.row->report.received_at.value_or(0);
  });
  if (console.rows_loaded && shown.empty()) ui::muted(state.t("console.queue_empty"));
  if (console.queue_cut)
    ui::muted(state.format("console.queue_cut", {std::to_string(console.rows.size())}));
  for (const Shown& item : shown) {
    const auto& row = *item.row;
    // The status is in the words too: the chip is drawn, a screen reader reads the subtitle.
    std::string subtitle = status_label(state, row.status) + " · " + row.report.tracking_code;
    if (item.clock.known) subtitle += " · " + item.clock.text;
    if (item.clock.ombudsman_due) subtitle += " · " + std::string(state.t("console.ombudsman"));
    if (!item.clock.markers.empty()) subtitle += " · " + item.clock.markers;
    if (has_pending(console, row.report.id))
      subtitle += " · " + std::string(state.t("console.pending"));
    std::string chip = status_label(state, row.status);
    std::uint32_t colour = status_colour(status_key(row.status));
    if (item.clock.overdue) {
      chip += " · " + std::string(state.t("console.overdue"));
      colour = kRed;
    }
    if (ui::list_row("console.row." + row.report.tracking_code, row.report.title, subtitle, chip,
                     colour))
      open_report(console, row);
  }
  // Below the rows, never above: a line that comes and goes above them (a refresh starting or
  // ending) would move every row under a finger that is about to tap one.
  if (console.busy) ui::muted(state.t("console.loading"));
  if (!console.error.empty()) ui::error_text(console_error_text(state, console.error, {}));
}

}  // namespace

void draw_console(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  console_restore(state);
  if (ui::button("console.back", state.t("console.back"), ui::ButtonKind::link)) {
    if (console.view == ConsoleView::detail && !desk_layout(console)) {
      console.view = ConsoleView::queue;
    } else {
      state.leave();
      return;
    }
  }
  if (console.session && console.session->expires_at <= state.app.services.now())
    console_session_expired(state);
  if (!console.session) console.view = ConsoleView::login;
  if (console.view != ConsoleView::login && desk_layout(console)) return draw_desk(state);
  switch (console.view) {
    case ConsoleView::login: draw_login(state); break;
    case ConsoleView::queue: draw_queue(state); break;
    case ConsoleView::detail: draw_console_detail(state); break;
  }
}

}  // namespace aduan::app
