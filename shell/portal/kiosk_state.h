// shell/portal/kiosk_state.h: kiosk mode, the portal on a shared touchscreen in a public
// service office, one citizen after another.
//
// Owns what kiosk mode keeps (kept in the device store's settings: on, the office, the idle
// time, the unlock PIN's hash and its lock) and the state of its screens: set-up, leaving, the
// idle countdown. Does not own the citizen's screens (they stay screen_*.cpp and see only
// `kiosk.active`), the server's binding of the device (shell/server/api_kiosk.cpp) or the
// keyboard (shell/ui/onscreen_keyboard.h).
//
// Order of use, every frame: kiosk_frame() before the screen (loads the settings once, forgets
// acknowledged reports, counts down, resets); kiosk_draw() in place of the screen when it
// returns true (set-up or leaving on show); kiosk_overlay() after the screen (the keyboard,
// the countdown). kiosk_reset() is the one way back to a clean start, for "Selesai" and idle.
//
// Kiosk mode is a program of its own (kiosk.html, kiosk_main.cpp): the citizen's screens plus
// kiosk_*.cpp and the on-screen keyboard. The citizen's screens reach the kiosk's code only
// through its ModeHooks (portal_mode.h), which the kiosk's program hands to its Portal and the
// citizen's program does not, so the citizen's link keeps none of it. Set-up starts in the
// citizen's settings and continues on kiosk.html; a device in kiosk mode that opens "/" is sent to
// kiosk.html (portal.cpp); leaving kiosk mode opens "/" again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/domain/pin_hash.h"
#include "core/domain/report.h"
#include "shell/portal/portal_mode.h"

namespace aduan::app {

class PortalState;

struct KioskState {
  bool loaded = false;  // the settings were read once the store was ready
  bool active = false;
  std::string office;
  std::string agency_id;
  std::string pin_hash;
  std::int64_t idle_ms = 90'000;
  domain::PinLock lock;

  enum class View { none, setup, leave } view = View::none;
  // The set-up form (an agency admin at the device) and the leaving form (an officer or the PIN).
  std::string username, password, office_typed, pin, pin_again, idle_seconds = "90";
  std::string message;  // a catalog key: the outcome of the last try
  bool busy = false;    // a request is open
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);  // guards request callbacks

  // Someone is at the kiosk since this time: the idle clock runs only then.
  bool in_use = false;
  domain::Timestamp last_input_ms = 0;
  double input_seen_ms = 0;       // the widgets' last input when last looked at
  bool keyboard_hidden = false;   // the citizen hid the on-screen keyboard
  bool server_unreachable = false;  // the officer check found no server: the PIN may serve
  std::uint64_t forgotten_revision = 0;  // the store's revision last looked at for sent reports
};

// kiosk_mode.cpp: the hooks of kiosk mode (portal_mode.h), for kiosk_main.cpp only.
const ModeHooks& kiosk_hooks();

inline constexpr std::int64_t kKioskMinIdleMs = 10'000;
inline constexpr std::int64_t kKioskMaxIdleMs = 3'600'000;
// The countdown shows in the last part of the idle time: 15 s, or less of a short idle time.
inline std::int64_t kiosk_countdown_ms(std::int64_t idle_ms) {
  return idle_ms * 6 / 10 < 15'000 ? idle_ms * 6 / 10 : 15'000;
}

// kiosk_mode.cpp
void kiosk_frame(PortalState& state);
void kiosk_reset(PortalState& state);  // a clean start for the next citizen
void kiosk_enter(PortalState& state, std::string office, std::string agency_id,
                 std::string pin_hash, std::int64_t idle_ms);
void kiosk_leave(PortalState& state);
void kiosk_save_lock(PortalState& state);  // after a wrong or right PIN
// kiosk_screens.cpp
bool kiosk_draw(PortalState& state);  // true: a kiosk screen was drawn instead of the screen
void kiosk_overlay(PortalState& state, float viewport_width, float viewport_height);
float kiosk_reserved_height(const PortalState& state, float viewport_width);
bool draw_kiosk_home(PortalState& state);  // false: not a kiosk (yet)
// kiosk_server.cpp: the requests of set-up and leaving.
void kiosk_start_setup(PortalState& state);
void kiosk_check_officer(PortalState& state);

}  // namespace aduan::app
