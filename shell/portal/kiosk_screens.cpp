// shell/portal/kiosk_screens.cpp: what kiosk mode draws: its home screen, set-up, leaving, the
// on-screen keyboard and the idle countdown (see kiosk_state.h).
//
// The kiosk's home offers only what a passer-by may do: a new report and tracking a code. The
// way out is a small link for staff; it asks for an officer's sign-in, or, with no server to
// ask, the PIN set at set-up, whose wrong tries lock it (domain::PinLock).
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "shell/device/device_services.h"
#include "shell/portal/kiosk_state.h"
#include "shell/portal/portal_state.h"
#include "shell/ui/onscreen_keyboard.h"
#include "shell/ui/program.h"

namespace aduan::app {
namespace {

constexpr float kHiddenKeyboardBar = 64.0f;

bool keyboard_wanted(const PortalState& state) {
  const KioskState& kiosk = state.kiosk;
  return kiosk.active && (kiosk.view == KioskState::View::leave ||
                          state.screen == ScreenId::new_report || state.screen == ScreenId::track);
}

void draw_setup(PortalState& state) {
  KioskState& kiosk = state.kiosk;
  ui::heading(state.t("kiosk.setup_title"));
  ui::text(state.t("kiosk.setup_intro"));
  ui::text_field("kiosk.username", state.t("console.username"), kiosk.username,
                 field_options({}, 64, ui::InputMode::text, {}, true));
  ui::text_field("kiosk.password", state.t("console.password"), kiosk.password,
                 field_options({}, 200, ui::InputMode::password, {}, true));
  ui::text_field("kiosk.office", state.t("kiosk.office"), kiosk.office_typed,
                 field_options({}, 200, ui::InputMode::text, {}, true));
  ui::text_field("kiosk.pin", state.t("kiosk.pin"), kiosk.pin,
                 field_options({}, 12, ui::InputMode::password, {}, true));
  ui::text_field("kiosk.pin_again", state.t("kiosk.pin_again"), kiosk.pin_again,
                 field_options({}, 12, ui::InputMode::password, {}, true));
  ui::text_field("kiosk.idle", state.t("kiosk.idle_seconds"), kiosk.idle_seconds,
                 field_options({}, 4, ui::InputMode::numeric));
  if (!kiosk.message.empty()) ui::error_text(state.t(kiosk.message));
  if (kiosk.busy) ui::muted(state.t("kiosk.working"));
  if (ui::button("kiosk.activate", state.t("kiosk.activate")) && !kiosk.busy) {
    const long idle = std::strtol(kiosk.idle_seconds.c_str(), nullptr, 10) * 1000;
    if (kiosk.username.empty() || kiosk.password.empty() || kiosk.office_typed.empty())
      kiosk.message = "console.login_missing";
    else if (auto problem = pin_choice_problem(kiosk.pin, kiosk.pin_again); !problem.empty())
      kiosk.message = problem;
    else if (!all_digits(kiosk.idle_seconds) || idle < kKioskMinIdleMs || idle > kKioskMaxIdleMs)
      kiosk.message = "kiosk.idle_invalid";
    else
      kiosk_start_setup(state);
  }
  // Not set up: back to the citizen's page.
  if (ui::button("kiosk.cancel", state.t("kiosk.cancel"), ui::ButtonKind::secondary)) {
    kiosk.view = KioskState::View::none;
    kiosk.password.clear();
    kiosk.pin.clear();
    kiosk.pin_again.clear();
    ui::open_page("./");
  }
}

void try_pin(PortalState& state) {
  KioskState& kiosk = state.kiosk;
  const auto problem = try_unlock(kiosk.lock, kiosk.pin_hash, kiosk.pin, state.services.now());
  if (problem.empty()) return kiosk_leave(state);
  kiosk_save_lock(state);
  kiosk.message = problem;
  kiosk.pin.clear();
}

void draw_leave(PortalState& state) {
  KioskState& kiosk = state.kiosk;
  ui::heading(state.t("kiosk.leave_title"));
  ui::text(state.t("kiosk.leave_officer"));
  ui::text_field("kiosk.username", state.t("console.username"), kiosk.username,
                 field_options({}, 64));
  ui::text_field("kiosk.password", state.t("console.password"), kiosk.password,
                 field_options({}, 200, ui::InputMode::password));
  if (ui::button("kiosk.officer_leave", state.t("kiosk.officer_leave")) && !kiosk.busy) {
    if (kiosk.username.empty() || kiosk.password.empty())
      kiosk.message = "console.login_missing";
    else
      kiosk_check_officer(state);
  }
  // The PIN is for a kiosk with no server to ask: online, only an officer lets it go.
  if (!state.services.online() || kiosk.server_unreachable) {
    ui::text(state.t("kiosk.leave_pin"));
    ui::text_field("kiosk.unlock_pin", state.t("kiosk.pin"), kiosk.pin,
                   field_options({}, 12, ui::InputMode::password));
    if (ui::button("kiosk.pin_leave", state.t("kiosk.pin_leave"))) try_pin(state);
  }
  if (!kiosk.message.empty()) ui::error_text(state.t(kiosk.message));
  if (kiosk.busy) ui::muted(state.t("kiosk.working"));
  if (ui::button("kiosk.cancel", state.t("kiosk.cancel"), ui::ButtonKind::secondary))
    kiosk_reset(state);
}

void draw_countdown(PortalState& state, float viewport_width) {
  KioskState& kiosk = state.kiosk;
  if (!kiosk.in_use) return;
  const domain::Timestamp now = state.services.now();
  const domain::Timestamp left = kiosk.last_input_ms + kiosk.idle_ms - now;
  if (left > kiosk_countdown_ms(kiosk.idle_ms) || left <= 0) return;
  const float width = std::min(viewport_width, 560.0f);
  ImGui::SetNextWindowPos(ImVec2((viewport_width - width) / 2, 80));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::Begin("countdown", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ui::heading(state.format("kiosk.countdown", {std::to_string((left + 999) / 1000)}), 2);
  if (ui::button("kiosk.still_here", state.t("kiosk.still_here"))) kiosk.last_input_ms = now;
  ImGui::End();
}

}  // namespace

bool draw_kiosk_home(PortalState& state) {
  if (!state.kiosk.active) return false;
  ui::heading(state.t("app.title"));
  ui::text(state.format("kiosk.welcome", {state.kiosk.office}));
  if (ui::button("home.new_report", state.t("nav.new_report"))) {
    open_form(state, nullptr);
    return true;
  }
  if (ui::button("home.track", state.t("nav.track_code"), ui::ButtonKind::secondary))
    state.go(ScreenId::track);
  if (ui::button("kiosk.leave", state.t("kiosk.leave"), ui::ButtonKind::link)) {
    state.kiosk.view = KioskState::View::leave;
    state.kiosk.message.clear();
  }
  return true;
}

bool kiosk_draw(PortalState& state) {
  // The kiosk's page is only ever a kiosk or its set-up: otherwise it is on its way to "/".
  if (!state.kiosk.active && state.kiosk.view != KioskState::View::setup) return true;
  switch (state.kiosk.view) {
    case KioskState::View::none: return false;
    case KioskState::View::setup:
      if (state.kiosk.active) return false;
      draw_setup(state);
      return true;
    case KioskState::View::leave:
      if (!state.kiosk.active) return false;
      draw_leave(state);
      return true;
  }
  return false;
}

float kiosk_reserved_height(const PortalState& state, float viewport_width) {
  if (!keyboard_wanted(state)) return 0;
  return state.kiosk.keyboard_hidden ? kHiddenKeyboardBar : ui::onscreen_keyboard_height(viewport_width);
}

void kiosk_overlay(PortalState& state, float viewport_width, float viewport_height) {
  if (!state.kiosk.active) return;
  if (keyboard_wanted(state)) {
    KioskState& kiosk = state.kiosk;
    if (kiosk.keyboard_hidden) {
      ImGui::SetNextWindowPos(ImVec2(0, viewport_height - kHiddenKeyboardBar));
      ImGui::SetNextWindowSize(ImVec2(viewport_width, kHiddenKeyboardBar));
      ImGui::Begin("keyboard-bar", nullptr,
                   ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                       ImGuiWindowFlags_NoSavedSettings);
      if (ui::button("kiosk.keyboard_show", state.t("kiosk.keyboard_show"), ui::ButtonKind::secondary))
        kiosk.keyboard_hidden = false;
      ImGui::End();
    } else {
      const ui::KeyboardLabels labels{state.t("kiosk.key_space"), state.t("kiosk.key_erase"),
                                      state.t("kiosk.key_shift"), state.t("kiosk.key_hide")};
      if (!ui::onscreen_keyboard(viewport_width, viewport_height, labels)) kiosk.keyboard_hidden = true;
    }
  }
  draw_countdown(state, viewport_width);
}

}  // namespace aduan::app
