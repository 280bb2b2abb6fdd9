// shell/portal/official_screens.cpp: what the village official's mode draws: sign-in, the PIN
// unlock, the mode's home with sync progress, the list of what the official entered, one
// citizen's slip, and the form's "for whom" part (see official_state.h).
//
// The home says in reports and bytes where the official's batch stands, because the official
// decides from it whether to wait for a better signal in town. Each report of the list opens the
// slip the official hands the citizen on the next visit: the tracking code, the receipt secret
// and the QR code of the claim address, printable like a kiosk's receipt
// (portal_receipt_card.cpp), so the citizen can follow the report on their own phone.
// Consent is recorded as given or not and how (spoken, written) with an optional witness's
// name: never a photo of a person or a thumbprint.
#include <algorithm>
#include <string>

#include "shell/device/device_services.h"
#include "shell/portal/official_state.h"
#include "shell/portal/portal_state.h"
#include "shell/ui/program.h"

namespace aduan::app {
namespace {

std::string region_name(const PortalState& state, const std::string& code) {
  if (state.catalog)
    if (const domain::Region* region = state.catalog->find_region(code)) return region->name;
  return code;
}

void draw_sign_in(PortalState& state) {
  OfficialState& official = state.official;
  ui::heading(state.t("official.title"));
  ui::text(state.t("official.sign_in_intro"));
  ui::text_field("official.username", state.t("console.username"), official.username_typed,
                 field_options({}, 64, ui::InputMode::text, {}, true));
  ui::text_field("official.password", state.t("console.password"), official.password,
                 field_options({}, 200, ui::InputMode::password, {}, true));
  ui::text_field("official.pin", state.t("official.pin"), official.pin,
                 field_options({}, 12, ui::InputMode::password, {}, true));
  ui::text_field("official.pin_again", state.t("kiosk.pin_again"), official.pin_again,
                 field_options({}, 12, ui::InputMode::password, {}, true));
  if (!official.message.empty()) ui::error_text(state.t(official.message));
  if (official.busy) ui::muted(state.t("kiosk.working"));
  if (ui::button("official.sign_in", state.t("official.sign_in")) && !official.busy) {
    if (official.username_typed.empty() || official.password.empty())
      official.message = "console.login_missing";
    else if (auto problem = pin_choice_problem(official.pin, official.pin_again); !problem.empty())
      official.message = problem;
    else
      official_start_sign_in(state);
  }
  if (ui::button("official.cancel", state.t("kiosk.cancel"), ui::ButtonKind::secondary)) {
    official.password.clear();
    official.pin.clear();
    official.pin_again.clear();
    official.message.clear();
    if (official.active) {
      official.view = OfficialState::View::none;
    } else {
      ui::open_page("./");  // not signed in: back to the citizen's page
    }
  }
}

void try_pin(PortalState& state) {
  OfficialState& official = state.official;
  official.message =
      try_unlock(official.lock, official.pin_hash, official.pin, state.services.now());
  official_save_lock(state);
  official.pin.clear();
  if (!official.message.empty()) return;
  official.unlocked = true;
  official.view = OfficialState::View::none;
}

void draw_unlock(PortalState& state) {
  OfficialState& official = state.official;
  ui::heading(state.t("official.title"));
  ui::text(state.format("official.locked", {official.username}));
  ui::text_field("official.unlock_pin", state.t("official.pin"), official.pin,
                 field_options({}, 12, ui::InputMode::password));
  if (ui::button("official.unlock", state.t("official.unlock"))) try_pin(state);
  if (!official.message.empty()) ui::error_text(state.t(official.message));
}

void draw_progress(PortalState& state) {
  OfficialState& official = state.official;
  official_refresh_entries(state);
  std::size_t acknowledged = 0;
  std::size_t waiting = 0;
  std::uint64_t waiting_bytes = 0;
  for (const auto& entry : official.entries) {
    if (entry.state_key == "official.state_acknowledged" ||
        entry.state_key == "official.state_answered")
      ++acknowledged;
    if (entry.waiting_bytes > 0) ++waiting;
    waiting_bytes += entry.waiting_bytes;
  }
  const std::size_t total = official.entries.size();
  ui::progress_bar(
      "official.progress", total == 0 ? 1.0f : static_cast<float>(acknowledged) / total,
      state.format("official.progress", {std::to_string(acknowledged), std::to_string(total)}));
  if (const sync::SyncEngine* engine = state.services.sync()) {
    const sync::SyncStatus& status = engine->status();
    ui::muted(state.format("official.bytes",
                           {std::to_string(waiting), format_bytes(waiting_bytes),
                            format_bytes(status.wire_bytes_sent + status.wire_bytes_received)}));
  }
}

void draw_entries(PortalState& state) {
  OfficialState& official = state.official;
  official_refresh_entries(state);
  ui::heading(state.t("official.entries"));
  draw_progress(state);
  if (official.entries.empty()) ui::text(state.t("official.entries_empty"));
  for (const auto& entry : official.entries) {
    const std::string citizen =
        entry.citizen.empty() ? std::string(state.t("official.citizen_anonymous")) : entry.citizen;
    const std::string code = entry.summary.tracking_code;
    if (ui::list_row("official.entry." + code, code + " · " + citizen, entry.summary.title,
                     state.t(entry.state_key), status_colour(entry.state_key))) {
      official.slip_id = entry.summary.id;
      official.view = OfficialState::View::slip;
      state.receipt = ReceiptState{};
    }
  }
  if (ui::button("official.back", state.t("nav.home"), ui::ButtonKind::link))
    official.view = OfficialState::View::none;
}

void draw_slip(PortalState& state) {
  OfficialState& official = state.official;
  std::optional<domain::Report> report;
  if (auto* store = state.store())
    if (auto found = store->report(official.slip_id); found && found.value())
      report = *found.value();
  if (!report) {
    official.view = OfficialState::View::entries;
    return;
  }
  ui::heading(state.t("official.slip_title"));
  if (report->on_behalf && !report->anonymous && !report->on_behalf->citizen_name.empty())
    ui::text(state.format("official.slip_for", {report->on_behalf->citizen_name}));
  ui::muted(report->title);
  ui::text(state.t("receipt.code_label"));
  ui::heading(report->tracking_code, 1);
  draw_receipt_handover(state, state.receipt, report->tracking_code, report->receipt_secret);
  if (ui::button("official.back_to_entries", state.t("official.entries"), ui::ButtonKind::link)) {
    state.receipt = ReceiptState{};
    official.view = OfficialState::View::entries;
  }
}

}  // namespace

bool official_draw(PortalState& state) {
  OfficialState& official = state.official;
  if (!official.loaded) return true;  // the store is not read yet: nothing of the mode to show
  if (!official.active || official.view == OfficialState::View::sign_in) {
    draw_sign_in(state);
    return true;
  }
  switch (official.view) {
    case OfficialState::View::none: return false;
    case OfficialState::View::sign_in: return true;
    case OfficialState::View::unlock: draw_unlock(state); return true;
    case OfficialState::View::entries:
      draw_status_bar(state);
      draw_entries(state);
      return true;
    case OfficialState::View::slip:
      draw_status_bar(state);
      draw_slip(state);
      return true;
  }
  return false;
}

bool draw_official_home(PortalState& state) {
  OfficialState& official = state.official;
  ui::heading(state.t("official.title"));
  ui::text(state.format("official.welcome",
                        {official.username, region_name(state, official.region_code)}));
  if (official.expires_at > 0) {
    const bool expired = official.expires_at <= state.services.now();
    ui::muted(state.format(expired ? "official.expired_at" : "official.expires_at",
                           {format_time(official.expires_at)}));
  }
  draw_progress(state);
  if (ui::button("official.new_report", state.t("official.new_report"))) {
    open_form(state, nullptr);
    state.form.on_behalf = true;
    if (state.catalog && state.catalog->find_region(official.region_code) != nullptr)
      state.form.region = official.region_code;
    return true;
  }
  if (ui::button("official.entries",
                 state.format("official.entries_count", {std::to_string(official.entries.size())}),
                 ui::ButtonKind::secondary))
    official.view = OfficialState::View::entries;
  if (ui::button("home.track", state.t("nav.track_code"), ui::ButtonKind::secondary))
    state.go(ScreenId::track);
  if (ui::button("home.settings", state.t("nav.settings"), ui::ButtonKind::secondary))
    state.go(ScreenId::settings);
  if (ui::button("official.sign_in_again", state.t("official.sign_in_again"),
                 ui::ButtonKind::link)) {
    official.message.clear();
    official.view = OfficialState::View::sign_in;
  }
  if (ui::button("official.lock", state.t("official.lock"), ui::ButtonKind::link))
    official_lock(state);
  return true;
}

bool draw_official_for_whom(PortalState& state) {
  ReportForm& form = state.form;
  bool changed = false;
  ui::heading(state.t("official.for_whom"), 2);
  ui::muted(state.t("official.for_whom_hint"));
  if (auto error = field_error(state, "on_behalf");
      !error.empty() && field_error(state, "on_behalf.citizen_name").empty() &&
      field_error(state, "on_behalf.citizen_phone").empty() &&
      field_error(state, "on_behalf.consent").empty())
    ui::error_text(error);
  changed |=
      ui::text_field("report.citizen_name", state.t("official.citizen_name"), form.citizen_name,
                     field_options(field_error(state, "on_behalf.citizen_name"), 400));
  changed |= ui::text_field(
      "report.citizen_phone", state.t("official.citizen_phone"), form.citizen_phone,
      field_options(field_error(state, "on_behalf.citizen_phone"), 40, ui::InputMode::tel));
  changed |= ui::checkbox("report.consent_given", state.t("official.consent_given"),
                          form.consent_given, state.t("official.consent_explained"));
  if (auto error = field_error(state, "on_behalf.consent"); !error.empty()) ui::error_text(error);
  if (form.consent_given) {
    changed |= ui::radio_group("report.consent_method", state.t("official.consent_method"),
                               {std::string(state.t("official.consent_spoken")),
                                std::string(state.t("official.consent_written"))},
                               form.consent_method);
    changed |= ui::text_field("report.consent_witness", state.t("official.consent_witness"),
                              form.consent_witness,
                              field_options(field_error(state, "on_behalf.consent.witness"), 400));
  }
  return changed;
}

}  // namespace aduan::app
