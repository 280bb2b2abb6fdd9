// shell/device/device_services.h: what the portal's screens need from the device they run on.
//
// Owns the contract between the screens (portal*.cpp, platform-neutral ImGui code) and the
// browser side (device_services_web.cpp with web/ glue): the local SQLite store kept in
// IndexedDB page by page, durability of commits, one writer across tabs, the sync engine on a
// fetch transport, storage persistence, exporting unsent reports and small browser chores.
// Does not own drawing, text input or the accessibility tree (widgets*.cpp) nor any SQL or
// wire format (the core's store and sync do those).
//
// Durability: every SQLite commit gets a generation number. The browser writes the commit's
// dirty pages in one IndexedDB transaction with strict durability; when that transaction
// completes, durable_generation() reaches it. A screen shows "saved on this device" only when
// durable_generation() >= the generation its save produced.
//
// Order of use: the platform creates the services at start-up and calls tick() once per loop
// turn; screens read state() and, once ready, use store() and sync(). on_change() is called
// whenever something a screen shows may have changed (a commit became durable, a request
// ended, the network came back), so the platform draws a frame.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/domain/report.h"
#include "core/store/local_store.h"
#include "core/sync/sync_engine.h"

namespace aduan::app {

enum class StorageState {
  opening,                // reading the database's pages from IndexedDB
  waiting_for_other_tab,  // another tab holds the writer lock; this one takes over when it closes
  ready,
  failed,  // see storage_error(): no IndexedDB (private mode), quota, corrupt pages
};

enum class Persistence { unknown, granted, refused };

struct StorageEstimate {
  std::uint64_t used_bytes = 0;
  std::uint64_t quota_bytes = 0;  // 0 when the browser does not say
};

// Little room left: under 50 MB free or under 10% of the quota. With persistence refused, the
// screens say so in plain words and offer export_unsent().
inline bool storage_is_short(const StorageEstimate& e) {
  if (e.quota_bytes == 0) return false;
  const std::uint64_t free_bytes = e.quota_bytes > e.used_bytes ? e.quota_bytes - e.used_bytes : 0;
  return free_bytes < 50ull * 1000 * 1000 || free_bytes * 10 < e.quota_bytes;
}

// An agency's public answer, as the tracking page shows it.
struct TrackAnswer {
  std::string agency_id;
  domain::Timestamp at = 0;
  std::string text;
};

// The public tracking answer for a code that may not be on this device.
struct TrackResult {
  bool found = false;
  bool from_cache = false;  // offline: the timeline last seen on this device
  std::string status;       // workflow status name, "" when not found
  std::string title;        // empty for a confidential report
  std::vector<store::TimelineEvent> timeline;  // actor = agency id; report_id only from cache
  std::vector<TrackAnswer> answers;            // empty from cache
  // A message id of assets/i18n for the screens to translate, empty on success:
  // "track.not_found", "track.offline" (no answer and nothing cached), "track.failed".
  std::string error;
};

class DeviceServices {
 public:
  virtual ~DeviceServices() = default;

  virtual StorageState state() const = 0;
  // Why state() is failed, or, while ready, why the last write to IndexedDB failed (quota, a
  // browser error): it is retried at the next save and on tick(); until it succeeds
  // durable_generation() stays behind and nothing may be shown as saved. "" when all is well.
  virtual std::string storage_error() const = 0;
  // False where the browser has no Web Locks: then nothing stops a second tab from writing,
  // and the screens should say "use one tab".
  virtual bool single_writer_guaranteed() const { return true; }

  // Null until state() is ready.
  virtual store::LocalStore* store() = 0;
  virtual sync::SyncEngine* sync() = 0;

  // The generation of the last commit made through store(), and the highest one IndexedDB has
  // durably committed. Read committed_generation() right after a save.
  virtual std::uint64_t committed_generation() const = 0;
  virtual std::uint64_t durable_generation() const = 0;

  virtual bool online() const = 0;  // navigator.onLine and the sync engine's own guess
  virtual Persistence persistence() const = 0;
  virtual StorageEstimate storage_estimate() const = 0;

  // Saves the reports still on their way (queued, sending, rejected) to a file the citizen
  // keeps: a download in the browser. Returns false with a reason when nothing could be saved.
  virtual bool export_unsent(std::string& error) = 0;

  // The server this device syncs with; "" means the origin the app was loaded from.
  virtual std::string server_address() const = 0;
  virtual void set_server_address(const std::string& address) = 0;
  // Lite mode (core/sync/link_policy.h) as Settings chose it: kept on the device and given to
  // the sync engine, which says what is in force (SyncEngine::lite_setting, wait_for_wifi).
  virtual void set_lite_mode(sync::LiteSetting setting, bool wait_for_wifi) = 0;

  // The fetch transport the sync engine uses, for the other requests screens make (the
  // officer console, the reporter's reply and rating). Requests go to server_address().
  virtual sync::Transport& transport() = 0;

  // Asks the server for any tracking code; falls back to the cached timeline when offline.
  virtual void track(const std::string& code, std::function<void(TrackResult)> done) = 0;

  virtual void copy_to_clipboard(const std::string& text) = 0;

  // Milliseconds since the Unix epoch, UTC.
  virtual domain::Timestamp now() const = 0;

  // Does what is due (the sync engine's timer, storage estimates). Returns when it next wants
  // to run, so an idle portal can sleep until then.
  virtual domain::Timestamp tick() = 0;

  virtual void set_on_change(std::function<void()> handler) = 0;
};

// The browser's implementation (device_services_web.cpp). Starts opening storage at once.
std::unique_ptr<DeviceServices> make_device_services();

}  // namespace aduan::app
