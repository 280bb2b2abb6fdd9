// shell/portal/screen_settings.cpp: language, text size, storage, lite mode, and the server to
// sync with.
//
// The server address is for self-hosting (a district running its own aduan-server): it must be
// an http(s) URL with a host and nothing after the path, and an empty field means "the server
// this portal was loaded from". A wrong address would silently strand every report, so it is
// checked before it is saved, and the outbox's status line shows the result of the next try.
#include <string>

#include "shell/portal/portal_state.h"
#include "shell/ui/program.h"

namespace aduan::app {
namespace {

constexpr int kTextSizes[] = {100, 125, 150};

bool valid_server_address(std::string_view address) {
  if (address.empty()) return true;
  std::string_view rest;
  if (address.starts_with("https://")) {
    rest = address.substr(8);
  } else if (address.starts_with("http://")) {
    rest = address.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return false;
  for (char c : rest) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '/' || c == '_' || c == '[' ||
                    c == ']';
    if (!ok) return false;  // no spaces, queries, fragments or credentials
  }
  return true;
}

// Lite mode (core/sync/link_policy.h): automatic by the link, or forced; photos may wait for a
// fast link. The engine holds what is in force; the device keeps it across visits.
void draw_lite_mode(PortalState& state) {
  sync::SyncEngine* engine = state.services.sync();
  if (engine == nullptr) return;  // no storage, nothing to send
  ui::heading(state.t("settings.lite"), 2);
  ui::muted(state.t("settings.lite_hint"));
  const std::vector<std::string> modes = {std::string(state.t("settings.lite_auto")),
                                          std::string(state.t("settings.lite_on")),
                                          std::string(state.t("settings.lite_off"))};
  constexpr sync::LiteSetting kModes[] = {sync::LiteSetting::automatic, sync::LiteSetting::on,
                                          sync::LiteSetting::off};
  int mode = 0;
  while (mode < 2 && kModes[mode] != engine->lite_setting()) ++mode;
  bool wait = engine->wait_for_wifi();
  const bool mode_changed =
      ui::radio_group("settings.lite_mode", state.t("settings.lite_mode"), modes, mode);
  const bool wait_changed = ui::checkbox("settings.lite_wait", state.t("settings.lite_wait"), wait,
                                         state.t("settings.lite_wait_hint"));
  if (mode_changed || wait_changed) state.services.set_lite_mode(kModes[mode], wait);
}

}  // namespace

void draw_settings(PortalState& state) {
  SettingsState& settings = state.settings;
  if (!settings.loaded) {
    settings.loaded = true;
    settings.server_address = state.services.server_address();
  }
  ui::heading(state.t("nav.settings"));

  std::vector<std::string> languages = {std::string(state.t("settings.language_id")),
                                        std::string(state.t("settings.language_en"))};
  int language = state.language == "en" ? 1 : 0;
  if (ui::radio_group("settings.language", state.t("settings.language"), languages, language))
    set_language(state, language == 1 ? "en" : "id");

  std::vector<std::string> sizes;
  int size = 0;
  const int current = static_cast<int>(ui::text_scale() * 100.0f + 0.5f);
  for (int i = 0; i < 3; ++i) {
    sizes.push_back(std::to_string(kTextSizes[i]) + "%");
    if (current == kTextSizes[i]) size = i;
  }
  if (ui::radio_group("settings.text_size", state.t("settings.text_size"), sizes, size)) {
    ui::set_text_scale(static_cast<float>(kTextSizes[size]) / 100.0f);
    if (auto* store = state.store())
      (void)store->set_setting(store::kSettingTextSize, std::to_string(kTextSizes[size]));
  }

  ui::heading(state.t("settings.storage"), 2);
  const StorageEstimate estimate = state.services.storage_estimate();
  ui::text(estimate.quota_bytes > 0
               ? state.format("settings.storage_used_of", {format_bytes(estimate.used_bytes),
                                                           format_bytes(estimate.quota_bytes)})
               : state.format("settings.storage_used", {format_bytes(estimate.used_bytes)}));
  switch (state.services.persistence()) {
    case Persistence::granted: ui::text(state.t("settings.persistent")); break;
    case Persistence::refused: ui::error_text(state.t("settings.not_persistent")); break;
    case Persistence::unknown: ui::muted(state.t("settings.persistence_unknown")); break;
  }

  ui::heading(state.t("settings.server"), 2);
  ui::muted(state.t("settings.server_hint"));
  if (ui::text_field("settings.server_address", state.t("settings.server_address"),
                     settings.server_address,
                     field_options(settings.server_error, 200, ui::InputMode::url,
                                   state.t("settings.server_placeholder")))) {
    settings.server_error.clear();
    settings.server_saved = false;
  }
  if (ui::button("settings.server_save", state.t("settings.server_save"),
                 ui::ButtonKind::secondary)) {
    while (!settings.server_address.empty() && settings.server_address.back() == '/')
      settings.server_address.pop_back();
    if (!valid_server_address(settings.server_address)) {
      settings.server_error = std::string(state.t("settings.server_invalid"));
    } else {
      state.services.set_server_address(settings.server_address);
      settings.server_saved = true;
      if (auto* engine = state.services.sync()) engine->retry_now();
    }
  }
  if (settings.server_saved) ui::muted(state.t("settings.server_saved"));

  draw_lite_mode(state);

  // For an agency admin setting up a shared touchscreen in an office: the set-up form is the
  // kiosk's program (kiosk.html, kiosk_screens.cpp), which the citizen's does not hold.
  ui::heading(state.t("kiosk.setup_title"), 2);
  if (ui::button("settings.kiosk", state.t("kiosk.setup_open"), ui::ButtonKind::secondary))
    ui::open_page(kKioskMode.page);
  // A village official signs in on their own phone in the official's program (official.html,
  // official_screens.cpp), which the citizen's does not hold either.
  ui::heading(state.t("official.setup_title"), 2);
  if (ui::button("settings.official", state.t("official.setup_open"), ui::ButtonKind::secondary))
    ui::open_page(kOfficialMode.page);
}

}  // namespace aduan::app
