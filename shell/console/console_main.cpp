// shell/console/console_main.cpp: the officers' program (console.html): the officer console,
// and the public dashboard when the page's address ends in "#dashboard".
//
// Owns the program the browser loop runs in this build (ui::program()): the device services,
// the context the screens share, the console's screens and the frame's column. It is a
// WebAssembly program of its own, linked without the citizen's screens, so a citizen never
// downloads it; the citizen's home screen opens this page and "back" opens the citizen's page
// again (ui::open_page), which closes this one and hands the device store's lock back.
//
// Both programs open the same device store (one IndexedDB database, one Web Lock), so the
// session, the actions queued offline and the citizen's reports are where either program left
// them. The dashboard needs no store (its figures come from the server), so it draws while
// another tab holds the lock instead of waiting for it.
#include <imgui.h>

#include <memory>

#include "core/sync/transport.h"
#include "shell/console/console.h"
#include "shell/device/device_services.h"
#include "shell/ui/app_context.h"
#include "shell/ui/program.h"
#include "shell/ui/widgets.h"

namespace aduan::app {
namespace {

constexpr float kColumnWidth = 820.0f;  // the portal's column, so both pages look alike
constexpr float kDeskMaxWidth = 2400.0f;  // the desk: wide, but not one line across two screens
constexpr float kDashboardWideWidth = 1200.0f;  // the dashboard's tables and chart on a desk

class ConsoleProgram : public ui::Program {
 public:
  void start() override {
    if (services_) return;
    dashboard_ = ui::page_fragment() == "dashboard";
    services_ = make_device_services();
    app_ = std::make_unique<AppContext>(*services_);
    screen_ = std::make_unique<ConsoleScreen>(*app_, [] { ui::open_page("./"); });
    services_->set_on_change([this] {
      app_->changed();
      ui::request_frame();
    });
    start_loading_texts(*app_);
  }

  void draw(float viewport_width, float viewport_height) override {
    start();
    const domain::Timestamp next = services_->tick();
    if (next != sync::kNever) ui::request_frame_at(static_cast<double>(next));
    if (!store_seen_ready_ && services_->state() == StorageState::ready) {
      store_seen_ready_ = true;
      load_cached_resources(*app_);
      app_->changed();
    }
    if (frames_still_changing_ > 0) --frames_still_changing_;
    const int view = static_cast<int>(screen_->console.view);
    if (view != last_view_) {
      last_view_ = view;
      ImGui::SetNextWindowScroll(ImVec2(0, 0));
      frames_still_changing_ = 3;
    }
    // The officer's desk uses the whole width of an office screen; the rest keeps the column.
    screen_->console.viewport_width = viewport_width;
    const bool desk = desk_layout(screen_->console) &&
                      (dashboard_ || screen_->console.view != ConsoleView::login);
    const float column = !desk ? kColumnWidth : dashboard_ ? kDashboardWideWidth : kDeskMaxWidth;
    ui::begin_screen(viewport_width, column, viewport_height);
    draw_screen();
    ui::end_screen();
  }

  bool wants_another_frame() const override { return frames_still_changing_ > 0; }

  bool usable() const override {
    return app_ && app_->texts_ready &&
           (dashboard_ || services_->state() != StorageState::opening);
  }

 private:
  void draw_screen() {
    if (!app_->texts_ready) {
      ui::progress_bar("loading", 0.3f, "");
      return;
    }
    if (dashboard_) return draw_dashboard(*screen_);
    switch (services_->state()) {
      case StorageState::opening:
        ui::progress_bar("storage.opening", 0.5f, app_->t("storage.opening"));
        return;
      case StorageState::waiting_for_other_tab:
        ui::text(app_->t("storage.other_tab"));
        return;
      case StorageState::failed:
        ui::error_text(app_->t("storage.failed"));
        ui::muted(services_->storage_error());
        return;
      case StorageState::ready:
        console_tick(*screen_);
        break;
    }
    ui::muted(app_->t(services_->online() ? "net.online" : "net.offline"));
    draw_console(*screen_);
  }

  std::unique_ptr<DeviceServices> services_;
  std::unique_ptr<AppContext> app_;
  std::unique_ptr<ConsoleScreen> screen_;
  bool dashboard_ = false;
  bool store_seen_ready_ = false;
  int last_view_ = -1;
  int frames_still_changing_ = 2;
};

}  // namespace

ui::Program& ui::program() {
  static ConsoleProgram program;
  return program;
}

}  // namespace aduan::app
