// shell/portal/portal_status_bar.cpp: the line at the top of every screen that says whether the
// device is online and what is still waiting to be sent, and the way back home.
//
// One row, not a toolbar of icons: "Online · 2 reports waiting" with the last problem in plain
// words beneath, and a tap opens the outbox where each report can be retried. A citizen who
// walks out of signal should see at a glance that nothing is lost. In lite mode a second line
// says what goes first and what sync has cost in bytes, for a citizen who pays by the megabyte.
#include <string>

#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

// Lite mode's line: what the engine does with the thin link, and what sync has cost in bytes
// (request and answer bodies since the page opened), so a citizen paying per MB can see it.
void draw_lite_line(PortalState& state) {
  const sync::SyncEngine* engine = state.services.sync();
  if (engine == nullptr || (!engine->status().lite && !engine->status().photos_held)) return;
  const sync::SyncStatus& status = engine->status();
  const std::string used = format_bytes(status.wire_bytes_sent + status.wire_bytes_received);
  if (status.photos_held) {
    ui::muted(state.format("bar.lite_held", {std::to_string(status.uploads_pending), used}));
  } else if (status.uploads_pending > 0) {
    ui::muted(state.format("bar.lite_photos", {format_bytes(status.upload_bytes_sent),
                                               format_bytes(status.upload_bytes_total), used}));
  } else {
    ui::muted(state.format("bar.lite", {used}));
  }
}

}  // namespace

void draw_status_bar(PortalState& state) {
  DeviceServices& services = state.services;
  const bool online = services.online();
  std::string title;
  std::string subtitle;
  if (const sync::SyncEngine* engine = services.sync()) {
    const sync::SyncStatus& status = engine->status();
    if (status.in_flight && status.queued > 0) {
      title = state.format("bar.sending", {std::to_string(status.queued)});
    } else if (status.queued > 0) {
      title = state.format("bar.queued", {std::to_string(status.queued)});
    } else {
      title = std::string(state.t("bar.all_sent"));
    }
    if (status.rejected > 0)
      subtitle = state.format("bar.rejected", {std::to_string(status.rejected)});
    if (!status.last_error.empty()) {
      if (!subtitle.empty()) subtitle += " · ";
      subtitle += state.t(error_key(status.last_error));
    }
  } else {
    title = std::string(state.t("bar.no_storage"));
  }
  const std::string_view chip = state.t(online ? "net.online" : "net.offline");
  if (ui::list_row("statusbar", title, subtitle, chip, online ? 0x2E7D32FF : 0x616161FF))
    state.go(ScreenId::outbox);
  draw_lite_line(state);
  if (!services.single_writer_guaranteed()) ui::muted(state.t("storage.one_tab"));
  if (services.state() == StorageState::ready && !services.storage_error().empty())
    ui::error_text(state.t("storage.write_failed"));
  if (ui::update_available()) {
    ui::muted(state.t("app.update_available"));
    if (ui::button("app.update", state.t("app.update_now"), ui::ButtonKind::secondary))
      ui::accept_update();
  }
  if (state.screen != ScreenId::home) {
    if (ui::button("nav.home", state.t("nav.home"), ui::ButtonKind::link)) state.go(ScreenId::home);
  }
}

}  // namespace aduan::app
