// shell/console/console_details.cpp: completing what a report arrived without.
//
// Owns the notice on a report whose details are pending (an Open311 request without a region;
// an SMS without a region and, unless its #hint named one, a category), the region picker and
// the category list for what is pending, one "Simpan" that sends what was picked in one POST
// /api/v1/officer/reports/<id>/details, its refusals in plain words, and reading the report
// again once it is saved, after which the server offers verify. Does not own who may verify
// (core/workflow answers it for the picker; the server, with the agency hierarchy, for the
// save) nor the list of pending details: that is the server's detail (`details_pending`), and
// without it core/rules' pending_details, the rule the server applies.
// Saving needs the server: a detail is not queued offline like an action, because the admin
// verifies right after it and that verify needs the saved details anyway.
// The words follow what is pending: "wilayah", "kategori" or "wilayah dan kategori", one key
// each (words_for), so each language says it whole rather than from pieces.
#include <string>
#include <string_view>
#include <vector>

#include "core/rules/report_rules.h"
#include "core/workflow/machine.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

bool server_detail_read(const ConsoleState& console, const wire::OfficerReportRow& row) {
  return console.server_detail &&
         console.server_detail_for == row.report.id.to_string() + "/" + row.status;
}

// The names the server and core/rules use ("region", "category") as flags.
PendingDetails details_named(const std::vector<std::string>& names) {
  PendingDetails pending;
  for (const auto& name : names) {
    if (name == "region") pending.region = true;
    if (name == "category") pending.category = true;
  }
  return pending;
}

PendingDetails details_listed(const json::Value& list) {
  std::vector<std::string> names;
  for (const auto& item : list.items) {
    if (item.kind == json::Value::Kind::string) names.push_back(item.text);
  }
  return details_named(names);
}

// The key saying it of the region alone, of the category alone, or of both.
std::string_view words_for(PendingDetails what, std::string_view region, std::string_view category,
                           std::string_view both) {
  if (what.region && what.category) return both;
  return what.category ? category : region;
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

// The catalog's categories in its order ("lainnya" last), named in the officer's language: ten
// rows, all shown at once, so a radio list rather than a search.
void draw_category_list(ConsoleScreen& state, DetailsForm& form) {
  if (!state.app.catalog) return;
  const auto& categories = state.app.catalog->categories();
  std::vector<std::string> labels;
  int picked = -1;
  for (const auto& category : categories) {
    if (category.id == form.category_id) picked = static_cast<int>(labels.size());
    labels.push_back(category_name(state, category.id));
  }
  if (ui::radio_group("console.details.category", state.t("console.details_category"), labels,
                      picked) &&
      picked >= 0) {
    form.category_id = categories[static_cast<std::size_t>(picked)].id;
    form.error.clear();
  }
}

// A catalog code or id is letters, digits, dots, hyphens and underscores ("32.12",
// "pelayanan_publik"): it goes into the form body as it is, nothing to escape.
bool form_safe(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       c == '.' || c == '-' || c == '_';
    if (!plain) return false;
  }
  return true;
}

void on_saved(ConsoleScreen& state, const std::string& report_id, PendingDetails sent,
              const ServerAnswer& answer) {
  ConsoleState& console = state.console;
  if (console.details.report_id != report_id) return;  // another report was opened meanwhile
  DetailsForm& form = console.details;
  form.saving = false;
  if (!answer.reached) {
    form.error = std::string(
        state.t(words_for(sent, "console.details_offline", "console.details_offline_category",
                          "console.details_offline_both")));
    return;
  }
  if (answer.http_status == 401) return console_session_expired(state);
  if (answer.http_status != 200) {
    form.error = console_error_text(state, answer.code, answer.message);
    // Someone completed it first: read the report as it is now, and let that reading decide.
    if (answer.code == "details.not_pending") {
      form.saved = false;
      console.server_detail_for = report_id + "/";
      console_load_queue(state);
    }
    return;
  }
  auto parsed = json::parse(json::text_of(answer.body));
  const json::Value* left = parsed ? parsed.value().get("details_pending") : nullptr;
  const std::string region_code = parsed ? parsed.value().string_at("region_code") : "";
  const std::string category_id = parsed ? parsed.value().string_at("category_id") : "";
  // The detail names them at once; the queue's reading brings the server's row after.
  const auto complete = [&](wire::OfficerReportRow& row) {
    if (row.report.id.to_string() != report_id) return;
    if (!region_code.empty()) row.report.location.region_code = region_code;
    if (!category_id.empty()) row.report.category_id = category_id;
  };
  if (console.open) complete(*console.open);
  for (auto& row : console.rows) complete(row);
  form = DetailsForm{.report_id = report_id,
                     .saved = true,
                     .left = left ? details_listed(*left) : PendingDetails{}};
  console.notice = words_for(sent, "console.details_saved", "console.details_saved_category",
                             "console.details_saved_both");
  console.refusal.clear();
  // Read the server's detail again (its actions now include verify). The key keeps the report's
  // id, so the detail in hand stays on screen until the new one arrives.
  console.server_detail_for = report_id + "/";
  console_load_queue(state);
}

// Sends what is pending and picked, in one request; says what to pick when nothing is.
void save_details(ConsoleScreen& state, const wire::OfficerReportRow& row, PendingDetails pending) {
  DetailsForm& form = state.console.details;
  form.error.clear();
  if (form.saving) return;
  const domain::Catalog* catalog = state.app.catalog ? &*state.app.catalog : nullptr;
  PendingDetails sent;
  sent.region = pending.region && catalog && catalog->find_region(form.region_code) &&
                form_safe(form.region_code);
  sent.category = pending.category && catalog && catalog->find_category(form.category_id) &&
                  form_safe(form.category_id);
  if (!sent.any()) {
    form.error = std::string(
        state.t(words_for(pending, "console.details_pick_region", "console.details_pick_category",
                          "console.details_pick_both")));
    return;
  }
  if (!state.app.services.online()) {
    form.error = std::string(
        state.t(words_for(pending, "console.details_offline", "console.details_offline_category",
                          "console.details_offline_both")));
    return;
  }
  std::string body;
  if (sent.region) body = "region_code=" + form.region_code;
  if (sent.category)
    body += (body.empty() ? "" : "&") + std::string("category_id=") + form.category_id;
  form.saving = true;
  const std::string report_id = row.report.id.to_string();
  console_send_form(state, "/api/v1/officer/reports/" + report_id + "/details", std::move(body),
                    [report_id, sent](ConsoleScreen& s, const ServerAnswer& answer) {
                      on_saved(s, report_id, sent, answer);
                    });
}

}  // namespace

PendingDetails pending_details(const ConsoleState& console, const wire::OfficerReportRow& row) {
  const std::string id = row.report.id.to_string();
  // Just saved: the detail in hand still lists it until the server's new one arrives.
  if (console.details.saved && console.details.report_id == id) return console.details.left;
  if (server_detail_read(console, row)) {
    if (const json::Value* pending = console.server_detail->get("details_pending"))
      return details_listed(*pending);
  }
  return details_named(rules::pending_details(row.report));
}

void draw_pending_details(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  ConsoleState& console = state.console;
  const std::string id = row.report.id.to_string();
  if (console.details.report_id != id) console.details = DetailsForm{.report_id = id};
  const PendingDetails pending = pending_details(console, row);
  if (!pending.any()) return;
  DetailsForm& form = console.details;
  const auto say = [&](std::string_view region, std::string_view category, std::string_view both) {
    return state.t(words_for(pending, region, category, both));
  };
  ui::heading(
      say("console.details_title", "console.details_title_category", "console.details_title_both"),
      2);
  if (!may_complete(console, row)) {
    ui::text(say("console.details_region_pending_other", "console.details_category_pending_other",
                 "console.details_both_pending_other"));
    return;
  }
  ui::text(say("console.details_region_pending", "console.details_category_pending",
               "console.details_both_pending"));
  if (!state.app.catalog) ui::muted(state.t("form.no_catalog"));
  if (pending.region && ui::picker("console.details.region", state.t("console.details_region"),
                                   region_options(state), form.region_code))
    form.error.clear();
  if (pending.category) draw_category_list(state, form);
  if (!state.app.services.online())
    ui::muted(say("console.details_offline", "console.details_offline_category",
                  "console.details_offline_both"));
  if (ui::button("console.details.save",
                 say("console.details_save", "console.details_save_category",
                     "console.details_save_both")))
    save_details(state, row, pending);
  if (form.saving)
    ui::muted(say("console.details_saving", "console.details_saving_category",
                  "console.details_saving_both"));
  if (!form.error.empty()) ui::error_text(form.error);
}

}  // namespace aduan::app
