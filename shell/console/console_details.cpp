// shell/console/console_details.cpp: completing what a report arrived without.
//
// Owns the notice on a report whose details are pending (an Open311 request without a region;
// later maybe a category), the region picker and "Simpan wilayah" (POST
// /api/v1/officer/reports/<id>/details), its refusals in plain words, and reading the report
// again once it is saved, after which the server offers verify. Does not own who may verify
// (core/workflow answers it for the picker; the server, with the agency hierarchy, for the
// save) nor the list of pending details: that is the server's detail (`details_pending`).
// Saving needs the server: a region is not queued offline like an action, because the admin
// verifies right after it and that verify needs the saved region anyway.
#include <string>
#include <vector>

#include "core/workflow/machine.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

bool server_detail_read(const ConsoleState& console, const wire::OfficerReportRow& row) {
  return console.server_detail &&
         console.server_detail_for == row.report.id.to_string() + "/" + row.status;
}

// Only an officer who may verify the report completes it; the others are told who will.
bool may_complete(const ConsoleState& console, const wire::OfficerReportRow& row) {
  if (!console.session) return false;
  workflow::Case current;
  current.status = workflow::parse_status(row.status).value_or(workflow::Status::received);
  current.holding_agency_id = row.agency_id;
  for (auto action : workflow::available_actions(current, actor_of(console))) {
    if (action == workflow::Action::verify) return true;
  }
  return false;
}

// The catalog's regions as the citizen's form lists them: the name, the parent's name small.
const std::vector<ui::PickerOption>& region_options(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (!state.app.catalog) {
    console.region_options.clear();
    return console.region_options;
  }
  if (!console.region_options.empty() &&
      console.region_options_revision == state.app.catalog_revision)
    return console.region_options;
  const domain::Catalog& catalog = *state.app.catalog;
  console.region_options.clear();
  for (const auto& region : catalog.regions()) {
    const auto* parent = catalog.find_region(region.parent_code());
    console.region_options.push_back(
        {region.code, region.name, parent ? parent->name : std::string()});
  }
  console.region_options_revision = state.app.catalog_revision;
  return console.region_options;
}

// A catalog code is digits and dots: it goes into the form body as it is, nothing to escape.
bool plain_code(const std::string& code) {
  if (code.empty()) return false;
  for (char c : code) {
    if ((c < '0' || c > '9') && c != '.') return false;
  }
  return true;
}

void on_saved(ConsoleScreen& state, const std::string& report_id, const std::string& picked,
              const ServerAnswer& answer) {
  ConsoleState& console = state.console;
  if (console.details.report_id != report_id) return;  // another report was opened meanwhile
  DetailsForm& form = console.details;
  form.saving = false;
  if (!answer.reached) {
    form.error = std::string(state.t("console.details_offline"));
    return;
  }
  if (answer.http_status == 401) return console_session_expired(state);
  if (answer.http_status != 200) {
    form.error = console_error_text(state, answer.code, answer.message);
    // Someone completed it first: read the report as it is now.
    if (answer.code == "details.not_pending") {
      console.server_detail_for = report_id + "/";
      console_load_queue(state);
    }
    return;
  }
  std::string saved = picked;
  if (auto parsed = json::parse(json::text_of(answer.body))) {
    if (const std::string code = parsed.value().string_at("region_code"); !code.empty())
      saved = code;
  }
  // The detail names the region at once; the queue's reading brings the server's row after.
  if (console.open && console.open->report.id.to_string() == report_id)
    console.open->report.location.region_code = saved;
  for (auto& row : console.rows) {
    if (row.report.id.to_string() == report_id) row.report.location.region_code = saved;
  }
  form = DetailsForm{.report_id = report_id, .saved = true};
  console.notice = "console.details_saved";
  console.refusal.clear();
  // Read the server's detail again (its actions now include verify). The key keeps the report's
  // id, so the detail in hand stays on screen until the new one arrives.
  console.server_detail_for = report_id + "/";
  console_load_queue(state);
}

void save_region(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  DetailsForm& form = state.console.details;
  form.error.clear();
  if (form.saving) return;
  const bool known = state.app.catalog && state.app.catalog->find_region(form.region_code);
  if (!known || !plain_code(form.region_code)) {
    form.error = std::string(state.t("console.details_pick_region"));
    return;
  }
  if (!state.app.services.online()) {
    form.error = std::string(state.t("console.details_offline"));
    return;
  }
  form.saving = true;
  const std::string report_id = row.report.id.to_string();
  const std::string picked = form.region_code;
  console_send_form(state, "/api/v1/officer/reports/" + report_id + "/details",
                    "region_code=" + picked,
                    [report_id, picked](ConsoleScreen& s, const ServerAnswer& answer) {
                      on_saved(s, report_id, picked, answer);
                    });
}

}  // namespace

bool region_pending(const ConsoleState& console, const wire::OfficerReportRow& row) {
  const std::string id = row.report.id.to_string();
  // Just saved: the detail in hand still lists it until the server's new one arrives.
  if (console.details.saved && console.details.report_id == id) return false;
  if (server_detail_read(console, row)) {
    if (const json::Value* pending = console.server_detail->get("details_pending")) {
      for (const auto& item : pending->items) {
        if (item.kind == json::Value::Kind::string && item.text == "region") return true;
      }
      return false;
    }
  }
  return row.report.location.region_code.empty();
}

void draw_pending_details(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  ConsoleState& console = state.console;
  const std::string id = row.report.id.to_string();
  if (console.details.report_id != id) console.details = DetailsForm{.report_id = id};
  if (!region_pending(console, row)) return;
  DetailsForm& form = console.details;
  ui::heading(state.t("console.details_title"), 2);
  if (!may_complete(console, row)) {
    ui::text(state.t("console.details_region_pending_other"));
    return;
  }
  ui::text(state.t("console.details_region_pending"));
  if (!state.app.catalog) ui::muted(state.t("form.no_catalog"));
  if (ui::picker("console.details.region", state.t("console.details_region"), region_options(state),
                 form.region_code))
    form.error.clear();
  if (!state.app.services.online()) ui::muted(state.t("console.details_offline"));
  if (ui::button("console.details.save", state.t("console.details_save"))) save_region(state, row);
  if (form.saving) ui::muted(state.t("console.details_saving"));
  if (!form.error.empty()) ui::error_text(form.error);
}

}  // namespace aduan::app
