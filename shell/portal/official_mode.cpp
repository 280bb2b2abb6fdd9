// shell/portal/official_mode.cpp: the village official's mode's life: its settings, the PIN
// that unlocks it on the device, and the list of what the official entered (official_state.h).
//
// Locked by default: every time the page opens, and whenever the official taps "Kunci". A
// neighbour holding the phone then sees only the unlock screen, so no one reports as the
// official without the PIN (wrong tries lock it for longer and longer, domain::PinLock, kept
// across reloads). Unlocked, the official uses the citizen's screens with the form's "for whom"
// part, and the mode's home, list and slips (official_screens.cpp).
//
// The list is read from the store once per revision: each report's state (saved here, sent,
// acknowledged, answered: official_entry_state.h) and what is still to send of it, so the home
// screen's progress in reports and bytes is a sum of stored rows and survives a reload or a cut
// link like the outbox itself.
#include <cstdlib>
#include <string>

#include "shell/device/device_services.h"
#include "shell/portal/official_entry_state.h"
#include "shell/portal/official_state.h"
#include "shell/portal/portal_state.h"
#include "shell/ui/onscreen_keyboard.h"
#include "shell/ui/program.h"

namespace aduan::app {
namespace {

constexpr std::string_view kActiveKey = kOfficialMode.active_key;
constexpr std::string_view kUsernameKey = "official.username";
constexpr std::string_view kRegionKey = "official.region";
constexpr std::string_view kBindingKey = "official.binding";
constexpr std::string_view kExpiresKey = "official.expires_at";
constexpr std::string_view kPinKey = "official.pin";
constexpr std::string_view kLockKey = "official.lock";
constexpr std::string_view kAreaKey = "official.area";
constexpr std::size_t kEntriesLimit = 500;

void load(PortalState& state, store::LocalStore& store) {
  OfficialState& official = state.official;
  official.loaded = true;
  official.active = mode_setting(store, kActiveKey) == "1";
  if (!official.active) {
    official.view = OfficialState::View::sign_in;
    return;
  }
  official.username = mode_setting(store, kUsernameKey);
  official.username_typed = official.username;
  official.region_code = mode_setting(store, kRegionKey);
  official.binding_id = mode_setting(store, kBindingKey);
  official.expires_at = std::strtoll(mode_setting(store, kExpiresKey).c_str(), nullptr, 10);
  official.pin_hash = mode_setting(store, kPinKey);
  official.lock = domain::PinLock::from_text(mode_setting(store, kLockKey));
  official_lock(state);
}

// The official's districts and villages, which the portal's catalog (the citizen's download)
// leaves out: added to the catalog in use, one region at a time so that a region the two
// catalogs name differently costs only itself, then the pickers are built again.
void add_area(PortalState& state, store::LocalStore& store) {
  OfficialState& official = state.official;
  official.area_revision = state.catalog_revision;
  const std::string area = mode_setting(store, kAreaKey);
  bool added = false;
  for (std::size_t at = 0; at < area.size();) {
    std::size_t end = area.find('\n', at);
    if (end == std::string::npos) end = area.size();
    const std::string_view line(area.data() + at, end - at);
    at = end + 1;
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    const domain::Region region{std::string(line.substr(0, tab)),
                                std::string(line.substr(tab + 1))};
    if (state.catalog->find_region(region.code) != nullptr) continue;
    auto result = state.catalog->add_regions({region}, "official.area", {});
    added = (result && result.value() > 0) || added;
  }
  if (!added) return;
  official.area_revision = ++state.catalog_revision;
}

}  // namespace

void official_frame(PortalState& state) {
  OfficialState& official = state.official;
  auto* store = state.store();
  if (store == nullptr) return;
  if (!official.loaded) load(state, *store);
  if (official.active && state.catalog && official.area_revision != state.catalog_revision)
    add_area(state, *store);
  if (!official.active || official.unlocked) return;
  if (official.view != OfficialState::View::sign_in) official.view = OfficialState::View::unlock;
}

void official_enter(PortalState& state, std::string username, std::string region_code,
                    std::string binding_id, std::int64_t expires_at, std::string pin_hash,
                    const std::string& area_tsv) {
  auto* store = state.store();
  if (store == nullptr) return;
  OfficialState& official = state.official;
  official.username = std::move(username);
  official.region_code = std::move(region_code);
  official.binding_id = std::move(binding_id);
  official.expires_at = expires_at;
  official.pin_hash = std::move(pin_hash);
  official.lock = domain::PinLock{};
  (void)store->set_setting(kUsernameKey, official.username);
  (void)store->set_setting(kRegionKey, official.region_code);
  (void)store->set_setting(kBindingKey, official.binding_id);
  (void)store->set_setting(kExpiresKey, std::to_string(official.expires_at));
  (void)store->set_setting(kPinKey, official.pin_hash);
  (void)store->set_setting(kAreaKey, area_tsv);
  (void)store->erase_setting(kLockKey);
  official.area_revision = 0;  // the next frame adds the area to the catalog
  // Last: the mode is on only once everything it needs is stored.
  if (!store->set_setting(kActiveKey, "1")) {
    official.message = "official.sign_in_failed";
    return;
  }
  official.active = true;
  official.unlocked = true;
  official.view = OfficialState::View::none;
  official.message.clear();
  state.go(ScreenId::home);
  state.changed();
  // A renewed binding lets a queue that was refused as expired go out now.
  if (auto* sync = state.services.sync()) sync->retry_now();
}

void official_lock(PortalState& state) {
  OfficialState& official = state.official;
  official.unlocked = false;
  official.view = OfficialState::View::unlock;
  official.pin.clear();
  official.password.clear();
  official.message.clear();
  // What was on screen may be a citizen's name: the next person starts from the home screen.
  state.form = ReportForm{};
  state.receipt = ReceiptState{};
  state.detail = DetailState{};
  state.go(ScreenId::home);
  ui::forget_typed_text();
}

void official_save_lock(PortalState& state) {
  if (auto* store = state.store())
    (void)store->set_setting(kLockKey, state.official.lock.to_text());
}

void official_refresh_entries(PortalState& state) {
  OfficialState& official = state.official;
  if (official.entries_revision == state.revision) return;
  official.entries_revision = state.revision;
  official.entries.clear();
  auto* store = state.store();
  if (store == nullptr) return;
  auto reports = store->my_reports(kEntriesLimit);
  if (!reports) return;
  for (const auto& summary : reports.value()) {
    auto report = store->report(summary.id);
    if (!report || !report.value() || report.value()->channel != domain::Channel::assisted)
      continue;
    OfficialEntry entry;
    entry.summary = summary;
    if (const auto& on_behalf = report.value()->on_behalf; on_behalf && !report.value()->anonymous)
      entry.citizen = on_behalf->citizen_name;
    auto events = store->timeline(summary.id);
    entry.state_key = official_entry_state(
        summary, events ? events.value() : std::vector<store::TimelineEvent>{});
    if (summary.state == store::OutboxState::queued || summary.state == store::OutboxState::sending)
      if (auto outbox = store->outbox_entry(summary.id); outbox && outbox.value())
        entry.waiting_bytes += outbox.value()->payload_bytes;
    if (auto uploads = store->report_uploads(summary.id); uploads && uploads.value().pending > 0)
      entry.waiting_bytes += uploads.value().total_bytes - uploads.value().sent_bytes;
    official.entries.push_back(std::move(entry));
  }
}

const ModeHooks& official_hooks() {
  static constexpr ModeHooks hooks{official_frame,
                                   official_draw,
                                   [](PortalState&, float, float) {},
                                   [](const PortalState&, float) { return 0.0f; },
                                   draw_official_home,
                                   [](PortalState& state) { state.go(ScreenId::home); },
                                   draw_official_for_whom};
  return hooks;
}

}  // namespace aduan::app
