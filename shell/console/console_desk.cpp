// shell/console/console_desk.cpp: the officer's desk, the console on a wide office screen.
//
// Owns the wide layout: a bar with the officer and the session's buttons, then two panes: the
// queue as a dense table (filter bar, batch bar, sortable headers, a page of rows, tick boxes)
// and beside it the actions waiting or refused and the selected report with its actions (the
// same detail the phone shows, console_detail.cpp). Nothing above the table comes and goes.
// Keys: up and down move the selection, and the report beside follows (selecting is opening:
// there is room for both); Tab and Shift+Tab reach every widget in the order drawn, Enter
// presses the focused one. Batch work queues one action per ticked report through the
// console's outbox (console_outbox.cpp): each has its own action id, is checked by the server
// against the status the officer saw (409 when another officer moved it first) and is audited
// on its own; the ones refused stay listed beside with the reason. Does not own the filters and
// the order (console_desk_filters.cpp), the requests or the phone's one-column flow
// (console_screens.cpp).
#include <algorithm>
#include <string>
#include <vector>

#include "shell/console/console.h"

namespace aduan::app {
namespace {

constexpr std::size_t kPageRows = 50;
constexpr std::uint32_t kOverdueRed = 0xC62828FFU;
constexpr float kQueueShare = 0.64f;      // of the width: the table; the rest is the report
constexpr float kTableTextScale = 0.85f;  // many rows and eight columns on an office screen

std::vector<ui::TableColumn> columns(const ConsoleScreen& state) {
  return {{state.t("console.col_code"), 1.5f},      {state.t("console.col_title"), 2.2f},
          {state.t("console.col_category"), 1.1f},  {state.t("console.col_agency"), 1.7f},
          {state.t("console.col_region"), 1.2f},    {state.t("console.col_status"), 1.3f},
          {state.t("console.col_received"), 1.05f}, {state.t("console.col_due"), 1.45f}};
}

bool is_marked(const ConsoleState& console, const domain::ReportId& id) {
  return std::find(console.marked.begin(), console.marked.end(), id) != console.marked.end();
}

std::vector<std::string> cells_of(const ConsoleScreen& state, const DeskRow& shown) {
  const auto& row = *shown.row;
  const auto& report = row.report;
  std::string status(state.t(status_key(row.status)));
  for (const auto& pending : state.console.pending) {
    if (pending.request.report_id == report.id && !pending.refused)
      status += " · " + std::string(state.t("console.pending"));
  }
  std::string due = "—";
  if (shown.clock.known) {
    due = shown.clock.overdue
              ? state.format("console.due_overdue",
                             {shown.clock.due, std::to_string(-shown.clock.days_left)})
              : state.format("console.due_left",
                             {shown.clock.due, std::to_string(shown.clock.days_left)});
  }
  const std::string received =
      report.received_at ? format_time(*report.received_at).substr(0, 10) : "";
  return {report.tracking_code,
          report.title,
          category_name(state, report.category_id),
          agency_name(state, row.agency_id),
          region_name(state, report.location.region_code),
          status,
          received,
          due};
}

// Up and down move the selection through the rows shown; the page follows it.
void handle_keys(ConsoleScreen& state, const std::vector<DeskRow>& rows) {
  ConsoleState& console = state.console;
  const bool down = ui::key_pressed(ui::Key::down), up = ui::key_pressed(ui::Key::up);
  if ((!down && !up) || rows.empty()) return;
  std::size_t at = rows.size();
  for (std::size_t i = 0; i < rows.size() && console.open; ++i) {
    if (rows[i].row->report.id == console.open->report.id) at = i;
  }
  std::size_t next = 0;
  if (at < rows.size()) next = down ? std::min(at + 1, rows.size() - 1) : (at > 0 ? at - 1 : 0);
  open_report(console, *rows[next].row);
  console.desk_page = next / kPageRows;
}

void draw_batch_bar(ConsoleScreen& state, const std::vector<DeskRow>& rows) {
  ConsoleState& console = state.console;
  // Always drawn, ticked rows or not: a bar that came and went would move every row under the
  // pointer about to tick the next one.
  ui::muted(state.format("console.marked", {std::to_string(console.marked.size())}));
  ui::same_line();
  auto send = [&](const std::string& action, const std::string& target) {
    std::size_t sent = 0;
    for (const DeskRow& shown : rows) {
      const auto& row = *shown.row;
      if (!is_marked(console, row.report.id)) continue;
      wire::OfficerActionRequest request;
      request.report_id = row.report.id;
      request.action = action;
      request.target_agency_id = target;
      request.expected_status = row.status;  // the status this officer saw: 409 if it moved
      // The code too: a refusal must say which of several reports of the same title it was.
      queue_action(state, std::move(request), row.report.tracking_code + " · " + row.report.title);
      ++sent;
    }
    console.marked.clear();
    console.batch_notice = state.format("console.batch_sent", {std::to_string(sent)});
  };
  if (ui::small_button("console.batch.verify", state.t("console.batch_verify")) &&
      !console.marked.empty()) {
    send("verify", {});
    return;
  }
  ui::same_line();
  std::vector<ui::PickerOption> agencies;
  if (state.app.catalog) {
    for (const auto& agency : state.app.catalog->agencies())
      agencies.push_back({agency.id, agency.name, ""});
  }
  ui::dropdown("console.batch.agency", state.t("console.batch_agency"), agencies,
               console.batch_agency, 320.0f);
  ui::same_line();
  if (ui::small_button("console.batch.route", state.t("console.batch_route"), true) &&
      !console.marked.empty()) {
    if (console.batch_agency.empty()) {
      console.batch_notice = std::string(state.t("console.batch_need_agency"));
      return;
    }
    send("disposition", console.batch_agency);
  }
}

void draw_table(ConsoleScreen& state, const std::vector<DeskRow>& rows) {
  ConsoleState& console = state.console;
  const auto cols = columns(state);
  const int pressed =
      ui::table_header("console.desk.sort", cols, console.desk.sort_column, console.desk.ascending);
  if (pressed >= 0) sort_desk_by(state, pressed);
  if (console.rows_loaded && rows.empty()) ui::muted(state.t("console.queue_empty"));
  if (console.queue_cut)
    ui::muted(state.format("console.queue_cut", {std::to_string(console.rows.size())}));
  const std::size_t pages = std::max<std::size_t>(1, (rows.size() + kPageRows - 1) / kPageRows);
  console.desk_page = std::min(console.desk_page, pages - 1);
  const std::size_t first = console.desk_page * kPageRows;
  const std::size_t last = std::min(rows.size(), first + kPageRows);
  for (std::size_t i = first; i < last; ++i) {
    const auto& row = *rows[i].row;
    const bool selected = console.open && console.open->report.id == row.report.id;
    bool marked = is_marked(console, row.report.id);
    const bool was_marked = marked;
    if (ui::table_row("console.row." + row.report.tracking_code, cells_of(state, rows[i]), cols,
                      selected, rows[i].clock.overdue ? kOverdueRed : 0, &marked))
      open_report(console, row);
    if (marked && !was_marked) console.marked.push_back(row.report.id);
    if (!marked && was_marked) std::erase(console.marked, row.report.id);
  }
  if (rows.size() > kPageRows) {
    ui::muted(state.format("console.page", {std::to_string(first + 1), std::to_string(last),
                                            std::to_string(rows.size())}));
    if (console.desk_page > 0 &&
        ui::small_button("console.desk.prev", state.t("console.page_prev")))
      --console.desk_page;
    ui::same_line();
    if (console.desk_page + 1 < pages &&
        ui::small_button("console.desk.next", state.t("console.page_next")))
      ++console.desk_page;
  }
}

}  // namespace

bool desk_layout(const ConsoleState& console) {
  return console.viewport_width >= kDeskMinWidth;
}

void draw_desk(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (console.session) {
    std::string who =
        console.session->username + " · " + std::string(state.t("role." + console.session->role));
    if (!console.session->agency_id.empty())
      who += " · " + agency_name(state, console.session->agency_id);
    ui::muted(who);
    ui::same_line();
  }
  if (ui::small_button("console.refresh", state.t("console.refresh"))) console_load_queue(state);
  ui::same_line();
  if (ui::small_button("console.logout", state.t("console.logout"))) {
    console_logout(state);
    return;
  }
  if (!state.app.services.online()) ui::muted(state.t("console.offline_note"));
  if (!console.rows_loaded && !console.busy && console.error.empty()) console_load_queue(state);

  ui::begin_pane("console.desk.queue", console.viewport_width * kQueueShare, kTableTextScale);
  draw_desk_filters(state);
  const std::vector<DeskRow> rows = desk_rows(state);
  handle_keys(state, rows);
  draw_batch_bar(state, rows);
  draw_table(state, rows);
  if (console.busy) ui::muted(state.t("console.loading"));
  if (!console.error.empty()) ui::error_text(console_error_text(state, console.error, {}));
  ui::end_pane();

  // Beside the table, not above it: the lines of actions waiting, refused or just sent come and
  // go, and the table stays where it is.
  ui::begin_pane("console.desk.detail", 0);
  if (!console.batch_notice.empty()) ui::muted(console.batch_notice);
  draw_pending_actions(state);
  if (console.open)
    draw_console_detail(state);
  else
    ui::muted(state.t("console.pick_report"));
  ui::end_pane();
}

}  // namespace aduan::app
