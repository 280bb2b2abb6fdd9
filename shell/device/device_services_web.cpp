// shell/device/device_services_web.cpp: DeviceServices in the browser (device_services.h).
//
// Owns the order of start-up and the state the screens read: take the Web Lock (or wait for
// the tab that holds it), read the database's pages from IndexedDB (web/storage.js), register
// the page VFS, open the LocalStore over it, start the SyncEngine on the fetch transport; then
// report each commit's durability and run the engine when tick() is called. Does not own the
// pages' bookkeeping (page_vfs.cpp), HTTP (fetch_transport_web.cpp), the export format
// (device_export.cpp) or any screen.
//
// JavaScript answers through the exported aduan_* functions at the end of this file; each finds
// the one services object of the page through `current`. The class is declared in
// web_device_services.h; tracking a code is device_tracking_web.cpp's.
#include <emscripten.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shell/device/device_export.h"
#include "shell/device/web_device_services.h"

namespace aduan::app {

WebDeviceServices* current = nullptr;

namespace {

constexpr domain::Timestamp kEstimateEveryMs = 5 * 60'000;
constexpr domain::Timestamp kStorageRetryMaxMs = 30'000;

const char* state_name(StorageState state) {
  switch (state) {
    case StorageState::opening: return "opening";
    case StorageState::waiting_for_other_tab: return "waiting_for_other_tab";
    case StorageState::ready: return "ready";
    case StorageState::failed: return "failed";
  }
  return "failed";
}

}  // namespace

void WebDeviceServices::report() {
  aduan_storage_report(state_name(state_), static_cast<double>(committed_generation()),
                       static_cast<double>(durable_generation()), storage_error().c_str(),
                       static_cast<int>(persistence_), static_cast<double>(estimate_.used_bytes),
                       static_cast<double>(estimate_.quota_bytes), online() ? 1 : 0);
}

void WebDeviceServices::lock_answered(int how) {
  if (how == 0) {
    state_ = StorageState::waiting_for_other_tab;
  } else {
    lock_supported_ = how == 1;
    state_ = StorageState::opening;
  }
  changed();
}

void WebDeviceServices::pages_loaded(std::uint64_t file_size, std::uint64_t generation) {
  PageVfs& vfs = PageVfs::instance();
  vfs.database().set_loaded_size(file_size);
  vfs.finish_loading(generation);
  vfs.set_sink([](const PageBatch& batch) {
    aduan_storage_commit(static_cast<double>(batch.generation),
                         static_cast<double>(batch.file_size), batch.bytes.data(),
                         batch.indexes.data(), static_cast<int>(batch.indexes.size()));
  });
  if (vfs.register_as_default() != 0)
    return storage_failed("the page store could not be registered");
  store::OpenOptions options;
  options.journal_mode = store::JournalMode::memory;  // the IndexedDB transaction is the unit
  options.synchronous = store::Synchronous::full;     // xSync per commit is what sends pages
  // A kiosk forgets each citizen's report once sent; any device may be shared. Zeroed cells and
  // free pages cost a few more page writes on a delete, nothing on a save.
  options.secure_delete = true;
  auto opened = store::LocalStore::open(kDatabaseFileName, options);
  if (!opened) return storage_failed(opened.error().code + ": " + opened.error().detail);
  store_.emplace(std::move(opened).value());
  if (auto address = store_->setting(store::kSettingServerUrl); address && address.value()) {
    transport_.set_base_url(*address.value());
  }
  sync::SyncConfig config;
  config.channel = domain::Channel::web;
  engine_ = std::make_unique<sync::SyncEngine>(*store_, transport_, clock_, config);
  engine_->set_wake_handler([this] { changed(); });
  engine_->set_link_hints(link_hints_);
  // A page opened with no network sends nothing until the browser says it is online again.
  if (!browser_online_) engine_->network_changed(false);
  apply_lite_settings();
  state_ = StorageState::ready;
  changed();
}

void WebDeviceServices::storage_failed(std::string message) {
  error_ = std::move(message);
  state_ = StorageState::failed;
  std::fprintf(stderr, "aduan storage: %s\n", error_.c_str());
  changed();
}

void WebDeviceServices::batch_durable(std::uint64_t generation) {
  PageVfs::instance().batch_durable(generation);
  changed();
}

void WebDeviceServices::batch_failed(std::uint64_t generation, std::string message) {
  PageVfs& vfs = PageVfs::instance();
  vfs.batch_failed(generation, std::move(message));
  const int shift = std::min(vfs.consecutive_failures() - 1, 5);
  storage_retry_at_ =
      clock_.now() + std::min<domain::Timestamp>(1000LL << shift, kStorageRetryMaxMs);
  std::fprintf(stderr, "aduan storage: %s\n", vfs.last_error().c_str());
  changed();
}

void WebDeviceServices::connection_changed(int kind, bool save_data) {
  static constexpr std::string_view kKinds[] = {"", "slow-2g", "2g", "3g", "4g"};
  const bool known = kind >= 1 && kind <= 4;
  link_hints_ = sync::LinkHints{known, std::string(known ? kKinds[kind] : ""), save_data};
  if (engine_) engine_->set_link_hints(link_hints_);
}

void WebDeviceServices::apply_lite_settings() {
  if (!engine_ || !store_) return;
  auto mode = store_->setting(store::kSettingLiteMode);
  auto wait = store_->setting(store::kSettingPhotosWaitForWifi);
  engine_->set_lite(
      sync::lite_setting_from(mode && mode.value() ? std::string_view(*mode.value()) : ""),
      wait && wait.value() && *wait.value() == "1");
}

void WebDeviceServices::network_changed(bool online) {
  browser_online_ = online;
  if (engine_) engine_->network_changed(online);
  changed();
}

domain::Timestamp WebDeviceServices::tick() {
  const domain::Timestamp now = clock_.now();
  domain::Timestamp next = sync::kNever;
  if (now >= next_estimate_at_) {
    next_estimate_at_ = now + kEstimateEveryMs;
    aduan_device_estimate();
  }
  next = std::min(next, next_estimate_at_);
  if (state_ != StorageState::ready) return next;
  PageVfs& vfs = PageVfs::instance();
  vfs.flush();
  if (vfs.consecutive_failures() > 0 && !vfs.in_flight()) {
    if (now >= storage_retry_at_) {
      vfs.retry();
    } else {
      next = std::min(next, storage_retry_at_);
    }
  }
  if (engine_ && !sync_held_) next = std::min(next, engine_->tick(now));
  return next;
}

void WebDeviceServices::set_server_address(const std::string& address) {
  transport_.set_base_url(address);
  if (store_) {
    auto saved = address.empty()
                     ? store_->erase_setting(store::kSettingServerUrl)
                     : store_->set_setting(store::kSettingServerUrl, transport_.base_url());
    (void)saved;  // a failed save shows as a storage error; the address holds for this visit
  }
  if (engine_) engine_->retry_now();
  changed();
}

void WebDeviceServices::set_lite_mode(sync::LiteSetting setting, bool wait_for_wifi) {
  if (store_) {
    // A failed save shows as a storage error; the choice holds for this visit.
    (void)store_->set_setting(store::kSettingLiteMode, std::string(sync::to_string(setting)));
    (void)store_->set_setting(store::kSettingPhotosWaitForWifi, wait_for_wifi ? "1" : "0");
  }
  if (engine_) engine_->set_lite(setting, wait_for_wifi);
  changed();
}

bool WebDeviceServices::export_unsent(std::string& error) {
  if (!store_) {
    error = "penyimpanan belum siap";
    return false;
  }
  auto exported = export_unsent_reports(*store_, clock_.now());
  if (!exported) {
    error = exported.error().code;
    return false;
  }
  if (exported.value().report_count == 0) {
    error = "tidak ada laporan yang belum terkirim";
    return false;
  }
  std::string stamp = iso_utc(clock_.now()).substr(0, 16);
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const std::string name = "aduan-belum-terkirim-" + stamp + ".json";
  const std::string& json = exported.value().json;
  if (aduan_download(name.c_str(), "application/json", json.data(),
                     static_cast<int>(json.size())) == 0) {
    error = "peramban menolak unduhan";
    return false;
  }
  return true;
}

std::unique_ptr<DeviceServices> make_device_services() {
  return std::make_unique<WebDeviceServices>();
}

DeviceServices* current_device_services() {
  return current;
}

}  // namespace aduan::app

// ---- Answers from web/storage.js and web/device.js ------------------------------------------

using aduan::app::current;

extern "C" {

// Where JavaScript puts a string for C++: valid until the next call.
EMSCRIPTEN_KEEPALIVE char* aduan_js_inbox(int size) {
  static std::vector<char> inbox;
  inbox.assign(static_cast<std::size_t>(std::max(size, 1)), '\0');
  return inbox.data();
}

EMSCRIPTEN_KEEPALIVE std::uint8_t* aduan_storage_page_buffer() {
  alignas(8) static std::uint8_t buffer[aduan::app::kPageBytes];
  return buffer;
}

EMSCRIPTEN_KEEPALIVE void aduan_storage_on_page(std::uint32_t index) {
  aduan::app::PageVfs::instance().database().load_page(
      index, std::span<const std::uint8_t>(aduan_storage_page_buffer(), aduan::app::kPageBytes));
}

EMSCRIPTEN_KEEPALIVE void aduan_storage_on_lock(int how) {
  if (current) current->lock_answered(how);
}

EMSCRIPTEN_KEEPALIVE void aduan_storage_on_loaded(double file_size, double generation) {
  if (current) {
    current->pages_loaded(static_cast<std::uint64_t>(file_size),
                          static_cast<std::uint64_t>(generation));
  }
}

EMSCRIPTEN_KEEPALIVE void aduan_storage_on_failed(const char* message) {
  if (current) current->storage_failed(message);
}

EMSCRIPTEN_KEEPALIVE void aduan_storage_on_durable(double generation) {
  if (current) current->batch_durable(static_cast<std::uint64_t>(generation));
}

EMSCRIPTEN_KEEPALIVE void aduan_storage_on_commit_failed(double generation, const char* message) {
  if (current) current->batch_failed(static_cast<std::uint64_t>(generation), message);
}

EMSCRIPTEN_KEEPALIVE void aduan_diag_hold_sync(int held) {
  if (current) current->hold_sync(held != 0);
}

// Diagnostics: the outbox counts as JSON, and the export as the Outbox screen starts it.
EMSCRIPTEN_KEEPALIVE const char* aduan_diag_counts() {
  static std::string json;
  auto* store = current ? current->store() : nullptr;
  auto counts =
      store ? store->outbox_counts()
            : aduan::Result<aduan::store::OutboxCounts>(aduan::Error{"store.not_ready", ""});
  if (!counts) return "null";
  const auto& c = counts.value();
  json = "{\"queued\":" + std::to_string(c.queued) + ",\"sending\":" + std::to_string(c.sending) +
         ",\"delivered\":" + std::to_string(c.delivered) +
         ",\"rejected\":" + std::to_string(c.rejected) + "}";
  return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* aduan_diag_export() {
  static std::string error;
  error.clear();
  if (current == nullptr || !current->export_unsent(error))
    return error.empty() ? "not ready" : error.c_str();
  return "";
}

EMSCRIPTEN_KEEPALIVE void aduan_device_on_online(int online) {
  if (current) current->network_changed(online != 0);
}

EMSCRIPTEN_KEEPALIVE void aduan_device_on_connection(int kind, int save_data) {
  if (current) current->connection_changed(kind, save_data != 0);
}

EMSCRIPTEN_KEEPALIVE void aduan_device_on_persistence(int answer) {
  if (current) current->persistence_answered(answer == 1);
}

EMSCRIPTEN_KEEPALIVE void aduan_device_on_estimate(double used, double quota) {
  if (current) {
    current->estimate_answered(static_cast<std::uint64_t>(used), static_cast<std::uint64_t>(quota));
  }
}

}  // extern "C"
