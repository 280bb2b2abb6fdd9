// shell/console/console.h: the officer console and the public performance dashboard.
//
// Owns the state of the officer's screens between frames (the session, the queue and its
// filters, the report opened, the action being filled in, the actions queued offline) and the
// dashboard's figures. Does not own drawing (shell/ui/widgets.h), the texts, the catalog, the
// network or the store (AppContext, shared with the citizen's portal) or any rule: who may do
// what is core/workflow's, the figures are the server's (core/metrics defines them). Nothing
// here includes the citizen's portal (shell/portal), nor it this: today both run in one
// program, joined only by that program's main (shell/portal/portal_main.cpp).
//
// Shape: plain state plus draw functions over one ConsoleScreen. Answers from the server
// arrive in callbacks after the frame that asked; each callback holds a weak_ptr to `alive`,
// so an answer that arrives after the console is gone is dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/report.h"
#include "core/json/json_reader.h"
#include "core/store/records.h"
#include "core/wire/officer_messages.h"
#include "shell/console/console_evidence.h"
#include "shell/ui/app_context.h"
#include "shell/ui/widgets.h"

namespace aduan::workflow {
struct Actor;  // core/workflow/machine.h
}

namespace aduan::app {

// One officer action taken in the console and not yet answered by the server. Kept in the
// device store (console_outbox.cpp) so an action taken offline survives a reload.
struct PendingAction {
  std::string action_id;  // client action id: 32 hex digits, made once, sent with every try
  wire::OfficerActionRequest request;
  std::string report_title;
  std::string officer_id;  // only this officer's session sends it
  domain::Timestamp created_at = 0;
  int attempts = 0;
  std::string last_error;    // a catalog key or server code; "" while waiting to be sent
  std::string last_message;  // the server's own words with it
  bool refused = false;      // the server said no for good: shown, never retried
};

struct ConsoleSession {
  std::string token;
  domain::Timestamp expires_at = 0;
  std::string officer_id;
  std::string role;
  std::string agency_id;
  std::string username;
};

// Where the officer is in the console.
enum class ConsoleView { login, queue, detail };

struct ActionForm {
  std::string action;  // "" when no action is being filled in
  std::string note;
  std::string target_agency;
  std::string error;  // plain words, shown beside the form
};

// What a report still lacks before it may be verified (console_details.cpp).
struct PendingDetails {
  bool region = false;
  bool category = false;
  bool any() const { return region || category; }
};

// Completing what a report arrived without (console_details.cpp): an Open311 request may come
// without its region, an SMS without its region and category; a verifying admin picks them
// before verifying.
struct DetailsForm {
  std::string report_id;    // the report the form is for; another report starts afresh
  std::string region_code;  // the region picked, a code of the catalog
  std::string category_id;  // the category picked, an id of the catalog
  bool saving = false;      // the POST is on its way
  // The server took a save: what its answer left pending (`left`) counts, whatever the detail
  // in hand still says until the server's new one arrives.
  bool saved = false;
  PendingDetails left;
  std::string error;  // plain words, shown under the button
};

// The desk's filters and order (console_desk.cpp), remembered per officer on this device.
struct DeskFilters {
  std::string status;  // "" for every status
  std::string agency;  // an agency id: held by it
  std::string region;  // a region code: located in it or below it
  bool overdue_only = false;
  std::string search;
  int sort_column = -1;  // -1: the server's queue order (overdue first, then by due day)
  bool ascending = true;
};

struct ConsoleState {
  ConsoleView view = ConsoleView::login;
  float viewport_width = 0;  // set by the program each frame: the desk needs a wide screen
  std::optional<ConsoleSession> session;
  bool session_loaded = false;  // the saved session and queue were read from the store
  std::string username, password;
  std::string login_error;

  bool busy = false;          // a login or queue request is on its way
  bool reload_queue = false;  // asked for while one was on its way: read it again after
  std::string error;          // the last request's failure in plain words
  std::vector<wire::OfficerReportRow> rows;
  bool rows_loaded = false;
  bool queue_cut = false;              // the queue is longer than the console reads
  std::uint64_t queue_generation = 0;  // the latest reading of the queue (console_queue.cpp)
  std::string status_filter;           // a status name; "" for every status
  bool overdue_first = true;
  std::string search;

  std::optional<wire::OfficerReportRow> open;  // the report in the detail view
  std::string timeline_code;                   // the tracking code the timeline was asked for
  bool timeline_pending = false;
  std::vector<store::TimelineEvent> timeline;  // the public history, through tracking
  // The server's own view (GET /api/v1/officer/reports/<id>): clock, full timeline and the
  // actions this officer may take, judged with the agency hierarchy. Preferred when present;
  // offline the console falls back to the tracking timeline and core/workflow's own answer.
  std::optional<json::Value> server_detail;
  std::string server_detail_for;  // report id + status it was read for
  bool server_detail_pending = false;
  // Clocks of the queue's rows from GET /api/v1/officer/queue, by report id.
  std::vector<std::pair<std::string, json::Value>> server_clocks;
  ActionForm form;
  DetailsForm details;
  // Every region of the catalog as the picker lists it, built once per catalog (514 regencies
  // and 38 provinces: not rebuilt each frame).
  std::vector<ui::PickerOption> region_options;
  std::uint64_t region_options_revision = 0;
  EvidenceState evidence;   // the open report's photos and documents (console_evidence.cpp)
  std::string notice;       // "sent", "queued": plain words above the detail
  std::string refusal;      // the server's refusal in plain words
  std::string refusal_now;  // on 409: who moved the report last, in words

  std::vector<PendingAction> pending;
  bool sending = false;                // one pending action is on its way
  domain::Timestamp next_send_at = 0;  // after a failed try: when to try again
  bool was_online = true;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);

  // The desk (wide screens): the table's filters, page, the row selected and the rows ticked
  // for batch work.
  DeskFilters desk;
  std::string desk_filters_for;  // the officer whose saved filters `desk` holds
  std::size_t desk_page = 0;
  std::vector<domain::ReportId> marked;
  std::string batch_agency;
  std::string batch_notice;

  // Dashboard.
  int dashboard_year = 0;  // 0: this year
  int dashboard_month = 0;
  std::string dashboard_agency;
  bool dashboard_asked = false;
  std::string dashboard_error;
  std::string dashboard_raw;  // the last JSON answer, parsed on draw (dashboard_screen.cpp)
};

// The console's screens: the context shared with the citizen's portal, and the console's own.
class ConsoleScreen {
 public:
  // `leave` goes back to the program's home screen, whichever program that is.
  ConsoleScreen(AppContext& shared, std::function<void()> leave_console)
      : app(shared), leave(std::move(leave_console)) {}

  AppContext& app;
  ConsoleState console;
  std::function<void()> leave;

  std::string_view t(std::string_view key) const { return app.t(key); }
  std::string format(std::string_view key, std::initializer_list<std::string> args) const {
    return app.format(key, args);
  }
  store::LocalStore* store() { return app.store(); }
};

// The screens (console_*.cpp, dashboard_screen.cpp).
void draw_console(ConsoleScreen& state);
void draw_dashboard(ConsoleScreen& state);
void draw_console_detail(ConsoleScreen& state);  // console_detail.cpp
// Sends the actions queued offline, oldest first, one at a time, when online and logged in.
void console_tick(ConsoleScreen& state);

// console_session.cpp: requests and the session.
struct ServerAnswer {
  bool reached = false;  // false: offline, or no answer at all
  int http_status = 0;
  wire::Bytes body;
  std::string code;  // from a JSON error body, e.g. "officer.stale"
  std::string message;
  // A refused action's body also says where the report stands now (error.current).
  std::string current_status;
  std::string current_agency_id;
  std::string last_action;
  std::string last_actor_role;
  domain::Timestamp last_at = 0;
};
// Sends `body` to `path` with the session's header; `done` runs later, only while the console
// still exists. An empty body is sent as a GET.
// `action_id`, when given, travels as X-Aduan-Action-Id: the server applies a retried action once.
void console_send(ConsoleScreen& state, std::string path, wire::Bytes body,
                  std::function<void(ConsoleScreen&, ServerAnswer)> done,
                  const std::string& action_id = {});
// The same, with a form body (application/x-www-form-urlencoded) for the JSON routes that take
// one; `form` is already encoded ("region_code=32.12").
void console_send_form(ConsoleScreen& state, std::string path, std::string form,
                       std::function<void(ConsoleScreen&, ServerAnswer)> done);
void console_login(ConsoleScreen& state);
void console_logout(ConsoleScreen& state);
void console_restore(ConsoleScreen& state);  // once: reads the saved session and queue
// A 401 from any officer route: the session is over; queued actions stay for the next login.
void console_session_expired(ConsoleScreen& state);

// console_queue.cpp: the officer's queue from the server, and its copy on the device.
void console_load_queue(ConsoleScreen& state);
void console_restore_queue(ConsoleScreen& state);  // the copy of the last queue read
void console_forget_queue(ConsoleScreen& state);   // at logout

// console_outbox.cpp: the queue of actions taken offline.
void queue_action(ConsoleScreen& state, wire::OfficerActionRequest request, std::string title);
std::string encode_pending(const std::vector<PendingAction>& pending);
bool decode_pending(const std::string& text, std::vector<PendingAction>& out);
void save_pending(ConsoleScreen& state);

// console_text.cpp: plain words for the server's and the workflow's codes, and the clock a
// queue row shows.
std::string console_error_text(const ConsoleScreen& state, const std::string& code,
                               const std::string& message);
struct RowClock {
  bool known = false;  // false: the queue row does not say enough to place the deadline
  std::string text;    // "Batas 2026-12-01 · 2 hari kerja lagi"
  bool overdue = false;
  bool ombudsman_due = false;
  std::string markers;      // "escalated to the parent agency", "at the Ombudsman", in words
  std::string due;          // the due day, "2026-12-01"; "" when not known
  long long days_left = 0;  // working days; negative when overdue
};
RowClock row_clock(const ConsoleScreen& state, const wire::OfficerReportRow& row);

// Names an officer reads where the data holds codes: the catalog's names, the code itself when
// the catalog does not know it (an agency an admin created after this device read the catalog).
std::string region_name(const ConsoleScreen& state, const std::string& code);
std::string agency_name(const ConsoleScreen& state, const std::string& id);
std::string category_name(const ConsoleScreen& state, const std::string& id);

// The desk: at least this wide (CSS px), the queue is a table beside the report.
inline constexpr float kDeskMinWidth = 1000.0f;
bool desk_layout(const ConsoleState& console);
void draw_desk(ConsoleScreen& state);  // console_desk.cpp
// console_desk_filters.cpp: the filter bar, the officer's saved filters, and the rows the
// table shows (filtered and sorted; the same call the keys and the batch use).
void draw_desk_filters(ConsoleScreen& state);
struct DeskRow {
  const wire::OfficerReportRow* row = nullptr;
  RowClock clock;
  std::size_t server_rank = 0;  // the place in the server's queue order
};
std::vector<DeskRow> desk_rows(const ConsoleScreen& state);
void sort_desk_by(ConsoleScreen& state, int column);  // a header pressed: up, down, server's
// The table's columns, in order; sort_column indexes them.
enum DeskColumn : int { code, title, category, agency, region, status, received, due, count };
void open_report(ConsoleState& console, const wire::OfficerReportRow& row);
void draw_pending_actions(ConsoleScreen& state);  // console_screens.cpp

// console_details.cpp: the details a report arrived without (`details_pending` in the server's
// detail), still to be completed. Without the server's detail (offline, or not read yet), core/
// rules' pending_details on the report decides: a report without a region or a category.
PendingDetails pending_details(const ConsoleState& console, const wire::OfficerReportRow& row);
// The signed-in officer as core/workflow sees them (console_detail.cpp).
workflow::Actor actor_of(const ConsoleState& console);
// The notice, and for an officer who may verify, the region picker and the category list for
// what is pending, and one "Simpan" for both.
void draw_pending_details(ConsoleScreen& state, const wire::OfficerReportRow& row);

}  // namespace aduan::app
