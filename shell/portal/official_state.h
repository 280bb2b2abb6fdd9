// shell/portal/official_state.h: the village official's mode, the portal on the phone of a
// village official who reports for neighbours and is offline for days.
//
// Owns what the mode keeps (in the device store's settings: on, the official's username and
// region, the binding's id and expiry, the PIN's slow hash and its lock) and the state of its
// screens: sign-in, unlock, the list of what the official entered, one citizen's slip. Does not
// own the form (screen_new_report.cpp draws it; the "for whom" part is official_screens.cpp's,
// through ModeHooks::for_whom), the server's binding of the device to the official
// (shell/server/api_officials.cpp), nor sync (the device's one engine sends these reports like
// any other, resuming after a reload or a cut).
//
// Order of use, every frame: official_frame() before the screen (loads the settings once; a
// locked mode shows only the unlock screen); official_draw() in place of the screen when it
// returns true (sign-in, unlock, the list, a slip). A program of its own (official.html,
// official_main.cpp), so a citizen never downloads it; a device an official signed in on that
// opens "/" is sent here (portal.cpp), where the official's PIN unlocks the mode.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/domain/pin_hash.h"
#include "core/domain/report.h"
#include "core/store/records.h"
#include "shell/portal/portal_mode.h"

namespace aduan::app {

class PortalState;

// One report the official entered, as the list shows it.
struct OfficialEntry {
  store::ReportSummary summary;
  std::string citizen;              // the citizen's name, or "" when anonymous or not given
  std::string state_key;            // "official.state_saved" ... "official.state_answered"
  std::uint64_t waiting_bytes = 0;  // what is still to send of it (text and photos)
};

struct OfficialState {
  bool loaded = false;    // the settings were read once the store was ready
  bool active = false;    // an official signed in on this device
  bool unlocked = false;  // the PIN was given since this page opened
  std::string username, region_code, binding_id;
  std::int64_t expires_at = 0;
  std::string pin_hash;
  domain::PinLock lock;
  // The official's area as the server's catalog knows it (districts, villages), added to the
  // portal's catalog at this catalog_revision (official_mode.cpp).
  std::uint64_t area_revision = 0;

  enum class View { none, sign_in, unlock, entries, slip } view = View::none;
  // The sign-in form (once online) and the unlock form.
  std::string username_typed, password, pin, pin_again;
  std::string message;  // a catalog key: the outcome of the last try
  bool busy = false;    // a request is open
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);  // guards request callbacks

  // What the official entered, read from the store once per revision.
  std::uint64_t entries_revision = 0;
  std::vector<OfficialEntry> entries;
  domain::ReportId slip_id;  // the report whose slip is on show
};

// official_mode.cpp: the hooks of the official's mode (portal_mode.h), for official_main.cpp.
const ModeHooks& official_hooks();
void official_frame(PortalState& state);
// After a sign-in the server accepted: the binding and the new PIN are stored, the mode is on.
// `area_tsv`: the official's area of the server's catalog, "code<TAB>name" lines, parents first.
void official_enter(PortalState& state, std::string username, std::string region_code,
                    std::string binding_id, std::int64_t expires_at, std::string pin_hash,
                    const std::string& area_tsv);
void official_lock(PortalState& state);
void official_save_lock(PortalState& state);  // after a wrong or right PIN
void official_refresh_entries(PortalState& state);
// official_screens.cpp
bool official_draw(PortalState& state);
bool draw_official_home(PortalState& state);
bool draw_official_for_whom(PortalState& state);
// official_server.cpp: the sign-in that binds this device to the official.
void official_start_sign_in(PortalState& state);

}  // namespace aduan::app
