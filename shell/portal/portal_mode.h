// shell/portal/portal_mode.h: a mode of the portal, what a program of its own adds to the
// citizen's screens: kiosk mode (kiosk_state.h, kiosk.html) and the village official's mode
// (official_state.h, official.html).
//
// Owns the hooks through which the citizen's screens reach a mode's code, the device settings
// that say a device belongs to a mode, and what both modes do alike with their settings and
// their unlock PIN (portal_mode.cpp). Does not own any mode's behaviour.
//
// Why hooks: each mode is linked into its own program (kiosk_main.cpp, official_main.cpp),
// which hands its hooks to the Portal; the citizen's program hands none, so its link keeps no
// mode's code and a citizen never downloads it. A device set up in a mode that opens "/" is sent
// to the mode's page as soon as the citizen's program has read the device store (portal.cpp).
#pragma once

#include <string>
#include <string_view>

#include "core/domain/pin_hash.h"
#include "core/domain/report.h"

namespace aduan::store {
class LocalStore;
}

namespace aduan::app {

class PortalState;

// The mode's part of a frame, as the citizen's screens call it (portal.cpp, screen_receipt.cpp,
// screen_new_report.cpp). Every hook is set; `for_whom` may be null.
struct ModeHooks {
  void (*frame)(PortalState&);  // before the screen: settings, clocks, what the mode forbids
  bool (*draw)(PortalState&);   // true: the mode drew a screen of its own instead
  void (*overlay)(PortalState&, float viewport_width, float viewport_height);
  float (*reserved_height)(const PortalState&, float viewport_width);
  bool (*draw_home)(PortalState&);  // true: the mode's home was drawn in place of the citizen's
  void (*reset)(PortalState&);      // a clean start (the kiosk's "Selesai")
  // The form's "for whom" part, drawn above the privacy choices; true when something changed.
  bool (*for_whom)(PortalState&);
};

// A device setting that, when "1", says the device belongs to a mode, and the mode's page.
struct ModePage {
  std::string_view active_key;
  const char* page;
};
inline constexpr ModePage kKioskMode{"kiosk.active", "kiosk.html"};
inline constexpr ModePage kOfficialMode{"official.active", "official.html"};
inline constexpr ModePage kModePages[] = {kKioskMode, kOfficialMode};

// portal_mode.cpp: what the kiosk's and the official's modes share.
// A device setting's value, "" when unset or unreadable.
std::string mode_setting(store::LocalStore& store, std::string_view key);
// Whether `text` is digits only ("" counts: callers check the length).
bool all_digits(std::string_view text);
// A PIN being chosen at set-up, typed twice: "" when it will do, else the catalog key of why not.
std::string_view pin_choice_problem(const std::string& pin, const std::string& again);
// An unlock try at `now`: "" when `pin` matches `hash` (the lock cleared), else the catalog key
// to show (the lock counted the try, or was already closed). The caller keeps the lock.
std::string_view try_unlock(domain::PinLock& lock, std::string_view hash, std::string_view pin,
                            domain::Timestamp now);

}  // namespace aduan::app
