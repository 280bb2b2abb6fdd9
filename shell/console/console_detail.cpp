// shell/console/console_detail.cpp: one report in the officer console, its history and actions.
//
// Owns the detail view: the report as the agency may see it (an anonymous reporter's contact
// never arrives), its timeline, and exactly the actions this officer may take now, as buttons.
// Which actions is core/workflow's answer (available_actions on the row's status and holder
// for this officer's role and agency), the same decision the server makes, so a button never
// leads to a refusal the console could have known. Each action asks for what it needs (a
// reason, a text, a target agency from the catalog); the core checks the input before it is
// queued, and the server's refusal, if it still comes, is shown in plain words with the
// report's current status. Details the report arrived without (region, category) are completed in
// console_details.cpp, drawn here above the actions.
#include <string>
#include <vector>

#include "core/workflow/machine.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

void load_timeline(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (!console.open || console.timeline_pending) return;
  if (console.timeline_code == console.open->report.tracking_code + "/" + console.open->status)
    return;
  if (console.timeline_code.rfind(console.open->report.tracking_code + "/", 0) != 0)
    console.timeline.clear();
  console.timeline_code = console.open->report.tracking_code + "/" + console.open->status;
  console.timeline_pending = true;
  std::weak_ptr<bool> alive = console.alive;
  ConsoleScreen* target = &state;
  state.app.services.track(console.open->report.tracking_code, [alive, target](TrackResult result) {
    if (alive.expired()) return;
    target->console.timeline_pending = false;
    if (result.found) target->console.timeline = std::move(result.timeline);
    ui::request_frame();
  });
}

// The server's view of the report: the clock, the full timeline and the actions this officer
// may take under the agency hierarchy. Asked again whenever the report's status changes.
void load_server_detail(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (!console.open || console.server_detail_pending) return;
  const std::string id = console.open->report.id.to_string();
  const std::string key = id + "/" + console.open->status;
  if (console.server_detail_for == key) return;
  if (console.server_detail_for.rfind(id + "/", 0) != 0) console.server_detail.reset();
  console.server_detail_for = key;
  console.server_detail_pending = true;
  console_send(state, "/api/v1/officer/reports/" + id, {},
               [key](ConsoleScreen& s, const ServerAnswer& answer) {
                 ConsoleState& c = s.console;
                 c.server_detail_pending = false;
                 if (answer.reached && answer.http_status == 401) return console_session_expired(s);
                 // On failure the key stays: the fallback is shown until the report is opened
                 // again.
                 if (!answer.reached || answer.http_status != 200) return;
                 if (c.server_detail_for != key) return;  // another report was opened meanwhile
                 auto parsed = json::parse(std::string(answer.body.begin(), answer.body.end()));
                 if (parsed)
                   c.server_detail = std::move(parsed).value();
                 else
                   c.server_detail.reset();
               });
}

// The actions to offer: the server's list when it judged this very status, else the core's.
std::vector<std::string> offered_actions(const ConsoleState& console,
                                         const wire::OfficerReportRow& row);

std::vector<ui::PickerOption> agency_options(const ConsoleScreen& state) {
  std::vector<ui::PickerOption> options;
  if (!state.app.catalog) return options;
  for (const auto& agency : state.app.catalog->agencies()) {
    options.push_back({agency.id, agency.name, ""});  // the officer reads names, not ids
  }
  return options;
}

void draw_action_form(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  // Ctrl+Enter in the note sends the form, as Enter does the login: no Tab to the button.
  constexpr std::string_view kSubmit = "console.form.submit";
  ConsoleState& console = state.console;
  ActionForm& form = console.form;
  const auto action = workflow::parse_action(form.action);
  if (!action) return;
  ui::heading(state.t("action." + form.action), 2);
  switch (workflow::needs(*action)) {
    case workflow::Needs::reason:
      ui::text_field("console.form.note", state.t("console.reason"), form.note,
                     {.mode = ui::InputMode::multiline,
                      .max_bytes = 2000,
                      .required = true,
                      .submit = kSubmit});
      break;
    case workflow::Needs::text:
      ui::text_field("console.form.note", state.t("console.answer"), form.note,
                     {.mode = ui::InputMode::multiline,
                      .max_bytes = 4000,
                      .required = true,
                      .submit = kSubmit});
      break;
    case workflow::Needs::target_agency:
      ui::picker("console.form.agency", state.t("console.target_agency"), agency_options(state),
                 form.target_agency);
      ui::text_field("console.form.note", state.t("console.comment"), form.note,
                     {.mode = ui::InputMode::multiline, .max_bytes = 2000, .submit = kSubmit});
      break;
    case workflow::Needs::nothing:
    case workflow::Needs::rating:  // officers never rate; available_actions does not offer it
      ui::text_field("console.form.note", state.t("console.comment"), form.note,
                     {.mode = ui::InputMode::multiline, .max_bytes = 2000, .submit = kSubmit});
      break;
  }
  if (!form.error.empty()) ui::error_text(form.error);
  if (ui::button(kSubmit, state.t("console.submit"))) {
    workflow::Case current;
    current.status = workflow::parse_status(row.status).value_or(workflow::Status::received);
    current.holding_agency_id = row.agency_id;
    workflow::ActionRequest check{*action, actor_of(console),       form.note, form.target_agency,
                                  0,       state.app.services.now()};
    // Only the input is judged here; who may act is the server's (it knows the hierarchy).
    auto decided = workflow::decide(current, check);
    const std::string code = decided ? std::string() : decided.error().code;
    if (code == workflow::errors::kReasonRequired || code == workflow::errors::kTextRequired ||
        code == workflow::errors::kTargetAgencyRequired || code == workflow::errors::kSameAgency) {
      form.error = console_error_text(state, decided.error().code, decided.error().detail);
      return;
    }
    wire::OfficerActionRequest request;
    request.report_id = row.report.id;
    request.action = form.action;
    request.note = form.note;
    request.target_agency_id = form.target_agency;
    request.expected_status = row.status;
    form = {};
    queue_action(state, std::move(request), row.report.title);
    return;
  }
  if (ui::button("console.form.cancel", state.t("console.cancel"), ui::ButtonKind::secondary))
    form = {};
}

// "Entered by <official> for <citizen, or anonymous>. Consent: <how>": the report's on-behalf
// details (protocol version 3) and the official's name from the server's detail, which alone
// knows who entered it (from the device's credentials).
void draw_assisted(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  const auto& on_behalf = row.report.on_behalf;
  if (!on_behalf) return;
  const ConsoleState& console = state.console;
  std::string official = "…";
  const std::string key = row.report.id.to_string() + "/" + row.status;
  if (console.server_detail && console.server_detail_for == key) {
    if (const json::Value* assisted = console.server_detail->get("assisted");
        assisted && assisted->is_object())
      official = assisted->string_at("entered_by");
  }
  const bool named = !row.report.anonymous && !on_behalf->citizen_name.empty();
  const std::string citizen =
      named ? on_behalf->citizen_name : std::string(state.t("console.assisted_anonymous"));
  const auto& consent = on_behalf->consent;
  std::string how(state.t(!consent.given ? "console.consent_refused"
                          : consent.method == domain::ConsentMethod::written
                              ? "console.consent_written"
                              : "console.consent_spoken"));
  if (!consent.witness.empty())
    how += " · " + state.format("console.consent_witness", {consent.witness});
  ui::muted(state.format("console.assisted_line", {official, citizen, how}));
  if (named && !on_behalf->citizen_phone.empty())
    ui::muted(state.format("console.assisted_phone", {on_behalf->citizen_phone}));
}

void draw_report(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  const domain::Report& report = row.report;
  ui::heading(report.title);
  ui::chip(state.t(status_key(row.status)), status_colour(status_key(row.status)));
  const RowClock clock = row_clock(state, row);
  if (clock.known) {
    if (clock.overdue)
      ui::error_text(clock.text);
    else
      ui::muted(clock.text);
  }
  if (clock.ombudsman_due) ui::error_text(state.t("console.ombudsman"));
  ui::muted(state.format("console.code_line", {report.tracking_code}));
  if (report.received_at)
    ui::muted(state.format("console.received_line", {format_time(*report.received_at)}));
  if (!row.agency_id.empty())
    ui::muted(state.format("console.holder_line", {agency_name(state, row.agency_id)}));
  if (!report.category_id.empty()) ui::muted(category_name(state, report.category_id));
  ui::text(report.body);
  if (!report.location.place.empty() || !report.location.region_code.empty()) {
    std::string where = region_name(state, report.location.region_code);
    if (!report.location.place.empty())
      where += (where.empty() ? "" : " · ") + report.location.place;
    ui::muted(where);
  }
  if (report.anonymous)
    ui::muted(state.t("console.anonymous"));
  else if (report.contact)
    ui::muted(state.format("console.contact_line", {report.contact->name}));
  draw_assisted(state, row);
}

std::vector<std::string> offered_actions(const ConsoleState& console,
                                         const wire::OfficerReportRow& row) {
  std::vector<std::string> names;
  const std::string key = row.report.id.to_string() + "/" + row.status;
  if (console.server_detail && console.server_detail_for == key) {
    if (const json::Value* list = console.server_detail->get("available_actions")) {
      for (const auto& item : list->items) names.push_back(item.string_at("action"));
      return names;
    }
  }
  workflow::Case current;
  current.status = workflow::parse_status(row.status).value_or(workflow::Status::received);
  current.holding_agency_id = row.agency_id;
  // Offline too, a report whose region or category is pending offers no verify (core/workflow).
  current.details_pending = pending_details(console, row).any();
  for (auto action : workflow::available_actions(current, actor_of(console)))
    names.emplace_back(workflow::to_string(action));
  return names;
}

void draw_timeline(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  ConsoleState& console = state.console;
  ui::heading(state.t("console.timeline"), 2);
  const std::string key = row.report.id.to_string() + "/" + row.status;
  const json::Value* events = console.server_detail && console.server_detail_for == key
                                  ? console.server_detail->get("timeline")
                                  : nullptr;
  if (events) {
    for (const auto& event : events->items) {
      const auto at = static_cast<domain::Timestamp>(event.number_at("at"));
      std::string line =
          format_time(at) + " · " + std::string(state.t(status_key(event.string_at("status"))));
      const std::string action = event.string_at("action");
      if (!action.empty() && action != "received")
        line += " · " + std::string(state.t("action." + action));
      // Who: the officer's name (the server sends it), "sistem" for the scheduler.
      const std::string role = event.string_at("actor_role");
      const std::string actor = event.string_at("actor");
      const std::string actor_name = event.string_at("actor_name");
      if (actor == "system" || role == "system")
        line += " · " + std::string(state.t("console.actor_system"));
      else if (!actor_name.empty())
        line += " · " + actor_name;
      if (!role.empty() && role != "system")
        line += " (" + std::string(state.t("role." + role)) + ")";
      const std::string agency = event.string_at("agency_id");
      if (!agency.empty()) line += " · " + agency_name(state, agency);
      ui::text(line);
      if (!event.string_at("note").empty()) ui::muted(event.string_at("note"));
    }
    return;
  }
  load_timeline(state);
  if (console.timeline.empty())
    ui::muted(state.t(console.timeline_pending ? "console.loading" : "console.timeline_empty"));
  for (const auto& event : console.timeline) {
    std::string line =
        format_time(event.at) + " · " + std::string(state.t(status_key(event.status)));
    // The public timeline names an agency or a role by its id; the officer reads names.
    if (!event.actor.empty()) {
      if (event.actor == "system")
        line += " · " + std::string(state.t("console.actor_system"));
      else if (state.app.catalog && state.app.catalog->find_agency(event.actor))
        line += " · " + agency_name(state, event.actor);
      else
        line += " · " + std::string(state.t("role." + event.actor));
    }
    ui::text(line);
    if (!event.note.empty()) ui::muted(event.note);
  }
}

}  // namespace

workflow::Actor actor_of(const ConsoleState& console) {
  workflow::Actor actor;
  if (console.session) {
    actor.role = workflow::parse_role(console.session->role).value_or(workflow::Role::reporter);
    actor.agency_id = console.session->agency_id;
  }
  return actor;
}

void draw_console_detail(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (!console.open) {
    console.view = ConsoleView::queue;
    return;
  }
  const wire::OfficerReportRow row = *console.open;  // a copy: a callback may replace it
  load_server_detail(state);  // first: the photos wait for it to know which are uploaded
  if (draw_evidence_full_view(state, row)) return;
  draw_report(state, row);
  draw_evidence(state, row);
  if (!console.notice.empty()) ui::text(state.t(console.notice));
  if (!console.refusal.empty()) {
    ui::error_text(console.refusal);
    ui::text(state.format("console.now_status", {std::string(state.t(status_key(row.status)))}));
    if (!console.refusal_now.empty()) ui::muted(console.refusal_now);
  }

  draw_pending_details(state, row);

  bool waiting = false;
  for (const auto& pending : console.pending) {
    if (pending.request.report_id == row.report.id && !pending.refused) waiting = true;
  }
  if (waiting) {
    ui::muted(state.t("console.action_waiting"));
  } else if (!console.form.action.empty()) {
    draw_action_form(state, row);
  } else {
    const auto actions = offered_actions(console, row);
    if (actions.empty())
      ui::muted(state.t("console.no_actions"));
    else
      ui::heading(state.t("console.actions"), 2);
    for (const auto& name : actions) {
      if (name == "rate" || name == "reporter_reply" || name == "complete")
        continue;  // the citizen's
      if (ui::button("console.action." + name, state.t("action." + name),
                     ui::ButtonKind::secondary)) {
        console.form = {};
        console.form.action = name;
        console.notice.clear();
        console.refusal.clear();
      }
    }
  }

  draw_timeline(state, row);
}

}  // namespace aduan::app
