// shell/portal/kiosk_mode.cpp: kiosk mode's life: its settings, the idle clock, the clean start
// for the next citizen, and forgetting reports once the server has them (see kiosk_state.h).
//
// What a clean start wipes, and where each lives: the draft (the device store) and the form with
// its photos, the receipt, the lists, the opened report with its reply and rating, the tracking
// answer (PortalState, in memory); the text typed (the widgets and the page's text elements,
// ui::forget_typed_text); the clipboard (overwritten: browsers offer no way to empty it). The
// accessibility mirror is rebuilt from the home screen's frame. The store runs with
// PRAGMA secure_delete (device_services_web.cpp), so a forgotten report's bytes are zeroed in the
// pages written to IndexedDB, not merely unlinked.
//
// A report is forgotten as soon as the server acknowledged it (and its photos are uploaded),
// except the one whose receipt is on screen: its citizen still reads it; the clean start after
// "Selesai" or the idle time forgets it.
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

#include "shell/device/device_services.h"
#include "shell/portal/kiosk_state.h"
#include "shell/portal/portal_state.h"
#include "shell/ui/onscreen_keyboard.h"
#include "shell/ui/program.h"

namespace aduan::app {
namespace {

constexpr std::string_view kActiveKey = kKioskMode.active_key;
constexpr std::string_view kOfficeKey = "kiosk.office";
constexpr std::string_view kAgencyKey = "kiosk.agency";
constexpr std::string_view kPinKey = "kiosk.pin";
constexpr std::string_view kIdleKey = "kiosk.idle_ms";
constexpr std::string_view kLockKey = "kiosk.lock";

// Kiosk mode was left: "/" opens once the store has made the erased settings durable, or the
// citizen's program would still read this device as a kiosk and send it back here. One per
// program, as the page it leaves is.
std::optional<std::uint64_t> leave_at_generation;

void load(PortalState& state, store::LocalStore& store) {
  KioskState& kiosk = state.kiosk;
  kiosk.loaded = true;
  kiosk.active = mode_setting(store, kActiveKey) == "1";
  // The kiosk's page on a device that is no kiosk (yet): an agency admin came to set it up.
  if (!kiosk.active) {
    kiosk.view = KioskState::View::setup;
    return;
  }
  kiosk.office = mode_setting(store, kOfficeKey);
  kiosk.agency_id = mode_setting(store, kAgencyKey);
  kiosk.pin_hash = mode_setting(store, kPinKey);
  const std::int64_t idle = std::strtoll(mode_setting(store, kIdleKey).c_str(), nullptr, 10);
  kiosk.idle_ms = idle >= kKioskMinIdleMs && idle <= kKioskMaxIdleMs ? idle : 90'000;
  kiosk.lock = domain::PinLock::from_text(mode_setting(store, kLockKey));
  ui::use_onscreen_keyboard(true);
  kiosk_reset(state);  // a reload in the middle of a citizen's report starts clean too
}

// Reports the server has: gone from the device, bytes and all.
void forget_acknowledged(PortalState& state, store::LocalStore& store) {
  auto reports = store.my_reports(500);
  if (!reports) return;
  bool forgot = false;
  for (const auto& report : reports.value()) {
    if (report.state != store::OutboxState::delivered) continue;
    if (state.screen == ScreenId::receipt && report.id == state.receipt.id) continue;
    // Refused while a photo still has to go up: tried again at the next change.
    forgot = store.forget_report(report.id).ok() || forgot;
  }
  if (forgot) state.changed();
}

// Screens a citizen at a kiosk never reaches: other people's reports, the device's settings,
// the officers' console.
bool reachable(ScreenId screen) {
  return screen == ScreenId::home || screen == ScreenId::new_report ||
         screen == ScreenId::receipt || screen == ScreenId::track;
}

}  // namespace

void kiosk_frame(PortalState& state) {
  if (leave_at_generation) {
    if (state.services.durable_generation() >= *leave_at_generation) {
      leave_at_generation.reset();
      ui::open_page("./");
    }
    return;
  }
  KioskState& kiosk = state.kiosk;
  auto* store = state.store();
  if (store == nullptr) return;
  if (!kiosk.loaded) load(state, *store);
  if (!kiosk.active) return;
  ui::type_pending_keys();
  if (!reachable(state.screen)) state.go(ScreenId::home);

  if (kiosk.forgotten_revision != state.revision) {
    kiosk.forgotten_revision = state.revision;
    forget_acknowledged(state, *store);
  }

  const domain::Timestamp now = state.services.now();
  if (ui::input_this_frame() || (!kiosk.in_use && state.screen != ScreenId::home)) {
    kiosk.in_use = true;
    kiosk.last_input_ms = now;
  }
  if (!kiosk.in_use) return;  // no one here: no timer, no frames
  const domain::Timestamp deadline = kiosk.last_input_ms + kiosk.idle_ms;
  if (now >= deadline) return kiosk_reset(state);
  const domain::Timestamp countdown_from = deadline - kiosk_countdown_ms(kiosk.idle_ms);
  // One frame per second of the countdown, and none before it starts.
  const domain::Timestamp next =
      now < countdown_from ? countdown_from : now + 1000 - (deadline - now) % 1000;
  ui::request_frame_at(static_cast<double>(std::min(next, deadline)));
}

void kiosk_reset(PortalState& state) {
  if (auto* store = state.store()) {
    if (auto drafts = store->drafts())
      for (const auto& draft : drafts.value()) (void)store->delete_draft(draft.id);
  }
  state.form = ReportForm{};
  state.open_draft.reset();
  state.receipt = ReceiptState{};
  state.list = ListCache{};
  state.detail = DetailState{};
  state.outbox = OutboxCache{};
  state.track = TrackState{};
  state.claim = ClaimState{};
  state.services.copy_to_clipboard(" ");
  KioskState& kiosk = state.kiosk;
  kiosk.view = KioskState::View::none;
  kiosk.username.clear();
  kiosk.password.clear();
  kiosk.pin.clear();
  kiosk.pin_again.clear();
  kiosk.message.clear();
  kiosk.in_use = false;
  kiosk.keyboard_hidden = false;
  ui::forget_typed_text();
  state.go(ScreenId::home);
  state.changed();
  if (auto* store = state.store()) forget_acknowledged(state, *store);
}

void kiosk_enter(PortalState& state, std::string office, std::string agency_id,
                 std::string pin_hash, std::int64_t idle_ms) {
  auto* store = state.store();
  if (store == nullptr) return;
  KioskState& kiosk = state.kiosk;
  kiosk.office = std::move(office);
  kiosk.agency_id = std::move(agency_id);
  kiosk.pin_hash = std::move(pin_hash);
  kiosk.idle_ms = idle_ms;
  kiosk.lock = domain::PinLock{};
  (void)store->set_setting(kOfficeKey, kiosk.office);
  (void)store->set_setting(kAgencyKey, kiosk.agency_id);
  (void)store->set_setting(kPinKey, kiosk.pin_hash);
  (void)store->set_setting(kIdleKey, std::to_string(kiosk.idle_ms));
  (void)store->erase_setting(kLockKey);
  // Last: a kiosk is on only once everything it needs is stored.
  if (!store->set_setting(kActiveKey, "1")) {
    kiosk.message = "kiosk.setup_failed";
    return;
  }
  kiosk.active = true;
  kiosk.office_typed.clear();
  ui::use_onscreen_keyboard(true);
  kiosk_reset(state);
}

void kiosk_leave(PortalState& state) {
  if (auto* store = state.store()) {
    for (auto key : {kActiveKey, kOfficeKey, kAgencyKey, kPinKey, kIdleKey, kLockKey})
      (void)store->erase_setting(key);
  }
  kiosk_reset(state);
  state.kiosk = KioskState{};
  state.kiosk.loaded = true;
  ui::use_onscreen_keyboard(false);
  // Back to the citizen's program (kiosk_frame); this page draws nothing until then (kiosk_draw).
  leave_at_generation = state.services.committed_generation();
}

void kiosk_save_lock(PortalState& state) {
  if (auto* store = state.store()) (void)store->set_setting(kLockKey, state.kiosk.lock.to_text());
}

const ModeHooks& kiosk_hooks() {
  static constexpr ModeHooks hooks{
      kiosk_frame,     kiosk_draw,  kiosk_overlay, kiosk_reserved_height,
      draw_kiosk_home, kiosk_reset, nullptr};
  return hooks;
}

}  // namespace aduan::app
