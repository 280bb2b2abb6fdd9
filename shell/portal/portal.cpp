// shell/portal/portal.cpp: the portal's frame: services, the screen column, and the switch
// between screens (see portal.h). The screens themselves live in screen_*.cpp.
//
// The window the screens draw in is ui::begin_screen()'s (the console's program uses the same):
// on a phone the whole viewport; on a wide screen a centred column.
#include "shell/portal/portal.h"

#include <imgui.h>

#include <utility>

#include "core/sync/transport.h"
#include "shell/device/device_services.h"
#include "shell/portal/portal_state.h"
#include "shell/ui/program.h"
#include "shell/ui/receipt_slip.h"
#include "shell/ui/widgets.h"

namespace aduan::app {
namespace {

constexpr float kWideLayout = 720.0f;   // from here the form is one page
constexpr float kColumnWidth = 820.0f;  // the widest column a screen uses

// A page opened at a receipt's claim address (its QR code) starts on "Klaim laporan", filled.
// Read once the store is ready, which the claim needs; the address loses its secret then.
void take_claim_address(PortalState& state) {
  static bool taken = false;
  if (taken) return;
  taken = true;
  std::string code, secret;
  if (ui::take_claim_from_page(code, secret)) open_claim(state, std::move(code), std::move(secret));
}

}  // namespace

Portal::Portal(const ModeHooks* mode) : mode_(mode) {}
Portal::~Portal() = default;

void Portal::start() {
  if (services_) return;
  services_ = make_device_services();
  state_ = std::make_unique<PortalState>(*services_);
  state_->mode = mode_;
  // The citizen's program (no mode) shows only the citizen's texts; the kiosk and the official
  // show their modes' too, so they fetch every program's (tools/make-dist.sh).
  if (!mode_) state_->texts_part = ".citizen";
  services_->set_on_change([this] {
    state_->changed();
    ui::request_frame();
  });
  start_loading_texts(*state_);
}

domain::Timestamp Portal::tick() {
  start();
  const domain::Timestamp next = services_->tick();
  if (!store_seen_ready_ && services_->state() == StorageState::ready) {
    store_seen_ready_ = true;
    load_cached_resources(*state_);
    state_->changed();
    ui::request_frame();
  }
  return next;
}

bool Portal::usable() const {
  return state_ && state_->texts_ready && services_ && services_->state() != StorageState::opening;
}

bool Portal::wants_another_frame() const {
  return frames_still_changing_ > 0;
}

void Portal::draw(float viewport_width, float viewport_height) {
  const domain::Timestamp next = tick();
  if (next != sync::kNever) ui::request_frame_at(static_cast<double>(next));
  if (frames_still_changing_ > 0) --frames_still_changing_;

  // A new screen or step starts at its top, and is drawn again until its layout has settled,
  // so the mirror's rectangles are where the next tap will land.
  const int view = static_cast<int>(state_->screen) * 16 + state_->form.step;
  if (view != last_view_) {
    last_view_ = view;
    // A printed slip holds the code and the secret: it leaves the page with the receipt.
    if (state_->screen != ScreenId::receipt) ui::clear_receipt_slip();
    ImGui::SetNextWindowScroll(ImVec2(0, 0));
    frames_still_changing_ = 3;
  }
  state_->wide = viewport_width >= kWideLayout;
  // A kiosk's on-screen keyboard takes the bottom of the screen: the column ends above it.
  const float keyboard = mode_ != nullptr ? mode_->reserved_height(*state_, viewport_width) : 0;
  ui::begin_screen(viewport_width, kColumnWidth, viewport_height - keyboard);
  draw_screen();
  ui::end_screen();
  if (mode_ != nullptr && state_->texts_ready)
    mode_->overlay(*state_, viewport_width, viewport_height);
}

// The citizen's program on a device set up in a mode (a kiosk, a village official's phone): the
// mode's page instead, before any screen is drawn, so loading "/" is no way out of the mode.
// True while that page opens.
bool Portal::leave_for_mode() {
  if (mode_ != nullptr || leaving_for_mode_) return leaving_for_mode_;
  auto* store = state_->store();
  if (mode_looked_up_ || store == nullptr) return false;
  mode_looked_up_ = true;
  for (const ModePage& mode : kModePages) {
    const auto active = store->setting(mode.active_key);
    if (!active || !active.value() || *active.value() != "1") continue;
    leaving_for_mode_ = true;
    ui::open_page(mode.page);
    return true;
  }
  return false;
}

void Portal::draw_screen() {
  PortalState& state = *state_;
  if (!state.texts_ready) {
    // Nothing to say yet in any language: the texts are on their way (a few KB).
    ui::progress_bar("loading", 0.3f, "");
    return;
  }
  switch (services_->state()) {
    case StorageState::opening:
      ui::heading(state.t("app.title"));
      ui::progress_bar("storage.opening", 0.5f, state.t("storage.opening"));
      return;
    case StorageState::waiting_for_other_tab:
      ui::heading(state.t("app.title"));
      ui::text(state.t("storage.other_tab"));
      return;
    case StorageState::failed:
      ui::heading(state.t("app.title"));
      ui::error_text(state.t("storage.failed"));
      ui::muted(services_->storage_error());
      if (state.screen != ScreenId::track && state.screen != ScreenId::settings)
        state.screen = ScreenId::track;  // tracking needs no storage
      break;
    case StorageState::ready:
      if (leave_for_mode()) return;
      take_claim_address(state);
      break;
  }
  if (mode_ != nullptr) {
    mode_->frame(state);
    if (mode_->draw(state)) return;
  }
  draw_status_bar(state);
  switch (state.screen) {
    case ScreenId::home:
      if (mode_ == nullptr || !mode_->draw_home(state)) draw_home(state);
      break;
    case ScreenId::new_report: draw_new_report(state); break;
    case ScreenId::receipt: draw_receipt(state); break;
    case ScreenId::my_reports: draw_my_reports(state); break;
    case ScreenId::report_detail: draw_report_detail(state); break;
    case ScreenId::outbox: draw_outbox(state); break;
    case ScreenId::track: draw_track(state); break;
    case ScreenId::settings: draw_settings(state); break;
    case ScreenId::claim: draw_claim(state); break;
  }
}

}  // namespace aduan::app
