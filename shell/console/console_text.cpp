// shell/console/console_text.cpp: the console's plain words: refusals, deadlines and names.
//
// Owns turning a server or workflow error code into a sentence for the officer (the catalog
// keys on the codes; an unknown code still shows the server's own message), the deadline a
// queue row shows, and the names of regions, agencies and categories where the data has codes.
// The deadline is core/workflow's case clock: the console never counts days
// itself, so the tracker, the scheduler and the console agree. The server's clock (from the
// history it holds) is used whenever it was read; offline, a wire queue row carries the status
// and the day received but not the history, so only the clocks that start on the day received
// are placed (verification, and the Ombudsman marker); the others are left blank, never guessed.
#include <string>

#include "core/workflow/case_clock.h"
#include "core/workflow/time_zone.h"
#include "shell/console/console.h"

namespace aduan::app {

std::string console_error_text(const ConsoleScreen& state, const std::string& code,
                               const std::string& message) {
  if (!code.empty() &&
      (state.app.messages.has(state.app.language, code) || state.app.messages.has("id", code)))
    return std::string(state.t(code));
  if (message.empty()) return std::string(state.t("console.server_error"));
  return state.format("console.refused_with", {message});
}

namespace {

// The clock as the server computed it (GET /api/v1/officer/queue or the report's detail): every
// status is placed there, since the server has the history.
RowClock from_server(const ConsoleScreen& state, const json::Value& clock) {
  RowClock out;
  const bool running = clock.string_at("kind") != "none" && !clock.string_at("kind").empty();
  const json::Value* overdue = clock.get("overdue");
  out.overdue = running && overdue && overdue->boolean;
  const json::Value* elapsed = clock.get("ombudsman_elapsed");
  out.ombudsman_due = elapsed && elapsed->boolean;
  if (running) {
    out.known = true;
    const std::string due = clock.string_at("due");
    const auto left = static_cast<long long>(clock.number_at("working_days_left"));
    out.due = due;
    out.days_left = left;
    out.text = out.overdue ? state.format("console.clock_overdue", {due, std::to_string(-left)})
                           : state.format("console.clock_left", {due, std::to_string(left)});
  }
  const json::Value* escalated = clock.get("escalated");
  if (escalated && escalated->boolean) out.markers = std::string(state.t("console.escalated"));
  const json::Value* ombudsman = clock.get("escalated_to_ombudsman");
  if (ombudsman && ombudsman->boolean) {
    if (!out.markers.empty()) out.markers += " · ";
    out.markers += state.t("console.at_ombudsman");
    out.ombudsman_due = false;  // already there
  }
  return out;
}

}  // namespace

RowClock row_clock(const ConsoleScreen& state, const wire::OfficerReportRow& row) {
  const ConsoleState& console = state.console;
  const std::string id = row.report.id.to_string();
  if (console.server_detail && console.open && console.open->report.id == row.report.id &&
      console.server_detail_for == id + "/" + row.status) {
    if (const json::Value* clock = console.server_detail->get("clock"))
      return from_server(state, *clock);
  }
  for (const auto& [report_id, clock] : console.server_clocks) {
    if (report_id == id) return from_server(state, clock);
  }
  RowClock out;
  const auto status = workflow::parse_status(row.status);
  if (!status || !row.report.received_at) return out;
  std::string region;
  if (state.app.catalog) {
    if (const auto* agency = state.app.catalog->find_agency(row.agency_id))
      region = agency->region_code;
  }
  const workflow::TimeZone zone = workflow::zone_of_agency_region(region);
  const workflow::Calendar calendar;  // weekends; the holiday list is not on the device yet
  const workflow::CaseClock clock =
      workflow::case_clock({}, *row.report.received_at, calendar, zone, state.app.services.now());
  out.ombudsman_due = !workflow::is_resolved(*status) && clock.ombudsman.elapsed;
  if (*status != workflow::Status::received) return out;
  out.known = true;
  out.overdue = clock.deadline.overdue;
  const std::string due = domain::to_string(clock.deadline.due);
  out.due = due;
  out.days_left = clock.deadline.days_left;
  if (clock.deadline.overdue) {
    out.text =
        state.format("console.clock_overdue", {due, std::to_string(-clock.deadline.days_left)});
  } else {
    out.text = state.format("console.clock_left", {due, std::to_string(clock.deadline.days_left)});
  }
  return out;
}

std::string region_name(const ConsoleScreen& state, const std::string& code) {
  // A village the device's catalog does not list is named by the nearest region it does.
  if (state.app.catalog) {
    for (std::string_view at = code; !at.empty();) {
      if (const auto* region = state.app.catalog->find_region(at)) return region->name;
      const auto dot = at.rfind('.');
      at = dot == std::string_view::npos ? std::string_view() : at.substr(0, dot);
    }
  }
  return code;
}

std::string agency_name(const ConsoleScreen& state, const std::string& id) {
  if (state.app.catalog) {
    if (const auto* agency = state.app.catalog->find_agency(id)) return agency->name;
  }
  return id;
}

std::string category_name(const ConsoleScreen& state, const std::string& id) {
  if (state.app.catalog) {
    if (const auto* category = state.app.catalog->find_category(id))
      return state.app.language == "en" ? category->name_en : category->name_id;
  }
  return id;
}

}  // namespace aduan::app
