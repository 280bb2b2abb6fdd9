// shell/device/web_device_services.h: the browser's DeviceServices, as its two files share it
// (device_services_web.cpp: start-up, storage, sync and the page's answers;
// device_tracking_web.cpp: tracking a code online and from the device's copy). Not for screens:
// they use device_services.h. The functions in extern "C" are web/storage.js's and
// web/device.js's, linked into the program with --js-library.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "shell/device/device_services.h"
#include "shell/device/fetch_transport_web.h"
#include "shell/device/page_vfs.h"

extern "C" {
void aduan_storage_start();
void aduan_storage_commit(double generation, double file_size, const std::uint8_t* bytes,
                          const std::uint32_t* indexes, int count);
void aduan_storage_report(const char* state, double generation, double durable, const char* error,
                          int persistence, double used, double quota, int online);
int aduan_storage_enable_diagnostics();
void aduan_device_start();
void aduan_device_estimate();
int aduan_device_online();
void aduan_clipboard_write(const char* text);
int aduan_download(const char* name, const char* type, const char* data, int length);
char* aduan_track_flatten(const std::uint8_t* data, int length);
}

namespace aduan::app {

class SystemClock final : public sync::Clock {
 public:
  sync::Timestamp now() const override {
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(since).count();
  }
};

class WebDeviceServices;
// The page's one services object, which the answers from JavaScript are delivered to.
extern WebDeviceServices* current;

class WebDeviceServices final : public DeviceServices {
 public:
  WebDeviceServices() {
    current = this;
    browser_online_ = aduan_device_online() != 0;
    aduan_storage_start();
    aduan_device_start();
    aduan_storage_enable_diagnostics();
  }
  ~WebDeviceServices() override {
    if (current == this) current = nullptr;
  }
  WebDeviceServices(const WebDeviceServices&) = delete;
  WebDeviceServices& operator=(const WebDeviceServices&) = delete;

  StorageState state() const override { return state_; }
  std::string storage_error() const override {
    return state_ == StorageState::failed ? error_ : PageVfs::instance().last_error();
  }
  bool single_writer_guaranteed() const override { return lock_supported_; }
  store::LocalStore* store() override { return store_ ? &*store_ : nullptr; }
  sync::SyncEngine* sync() override { return engine_.get(); }
  std::uint64_t committed_generation() const override {
    return PageVfs::instance().committed_generation();
  }
  std::uint64_t durable_generation() const override {
    return PageVfs::instance().durable_generation();
  }
  bool online() const override { return browser_online_ && (!engine_ || engine_->status().online); }
  Persistence persistence() const override { return persistence_; }
  StorageEstimate storage_estimate() const override { return estimate_; }

  bool export_unsent(std::string& error) override;
  std::string server_address() const override { return transport_.base_url(); }
  void set_server_address(const std::string& address) override;
  sync::Transport& transport() override { return transport_; }
  void track(const std::string& code, std::function<void(TrackResult)> done) override;
  void copy_to_clipboard(const std::string& text) override { aduan_clipboard_write(text.c_str()); }
  domain::Timestamp now() const override { return clock_.now(); }
  domain::Timestamp tick() override;
  void set_on_change(std::function<void()> handler) override { on_change_ = std::move(handler); }

  // From JavaScript.
  void lock_answered(int how);
  void pages_loaded(std::uint64_t file_size, std::uint64_t generation);
  void storage_failed(std::string message);
  void batch_durable(std::uint64_t generation);
  void batch_failed(std::uint64_t generation, std::string message);
  void network_changed(bool online);
  void set_lite_mode(sync::LiteSetting setting, bool wait_for_wifi) override;
  // navigator.connection: kind 0 unknown, 1 slow-2g, 2 2g, 3 3g, 4 4g (web/device.js).
  void connection_changed(int kind, bool save_data);
  void persistence_answered(bool granted) {
    persistence_ = granted ? Persistence::granted : Persistence::refused;
    changed();
  }
  void hold_sync(bool held) { sync_held_ = held; }  // diagnostics: storage tests alone
  void estimate_answered(std::uint64_t used, std::uint64_t quota) {
    estimate_ = {used, quota};
    changed();
  }

 private:
  void changed() {
    report();
    if (on_change_) on_change_();
  }
  void report();  // the page's copy for tests and support (Module.aduanStorage)
  TrackResult cached_track(const std::string& code, std::string error_if_missing);

  StorageState state_ = StorageState::opening;
  std::string error_;
  bool lock_supported_ = true;
  std::optional<store::LocalStore> store_;
  SystemClock clock_;
  FetchTransport transport_;
  std::unique_ptr<sync::SyncEngine> engine_;
  bool browser_online_ = true;
  void apply_lite_settings();  // the store's settings -> the engine
  sync::LinkHints link_hints_;  // kept for the engine, which starts once storage is open
  Persistence persistence_ = Persistence::unknown;
  StorageEstimate estimate_;
  domain::Timestamp next_estimate_at_ = 0;
  domain::Timestamp storage_retry_at_ = 0;
  std::function<void()> on_change_;
  bool sync_held_ = false;
};

}  // namespace aduan::app
