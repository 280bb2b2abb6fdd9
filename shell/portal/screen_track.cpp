// shell/portal/screen_track.cpp: follow any tracking code, also one made on another device.
//
// The code is checked on the device first (core/domain/tracking_code.h): look-alike letters
// are read as the digits they resemble and a typo is caught by the check symbol before any
// request, which matters on a slow link. Offline, DeviceServices::track answers from the
// timeline last seen on this device, and the screen says so.
#include "core/domain/tracking_code.h"
#include "shell/portal/portal_state.h"

namespace aduan::app {

void draw_track(PortalState& state) {
  TrackState& track = state.track;
  ui::heading(state.t("nav.track_code"));
  if (ui::text_field("track.code", state.t("track.code_label"), track.typed,
                     field_options(track.field_error, 40, ui::InputMode::text,
                                   state.t("track.code_hint"), true)))
    track.field_error.clear();
  if (ui::button("track.submit", state.t("track.button")) && !track.pending) {
    auto code = domain::normalize_tracking_code(track.typed);
    if (!code) {
      track.field_error = std::string(state.t(code.error().code));
    } else {
      track.typed = code.value();
      track.asked_code = code.value();
      track.pending = true;
      track.result.reset();
      // An answer that comes after the kiosk's clean start (or a newer question) belongs to no
      // one on screen: the state it would fill was wiped, and the next citizen asked nothing.
      state.services.track(code.value(), [&track, asked = code.value()](TrackResult result) {
        if (!track.pending || track.asked_code != asked) return;
        track.pending = false;
        track.result = std::move(result);
        ui::request_frame();
      });
    }
  }
  if (track.pending) ui::progress_bar("track.pending", 0.5f, state.t("track.searching"));
  if (!track.result) return;
  const TrackResult& result = *track.result;
  if (!result.found) {
    ui::error_text(result.error.empty() ? state.t("track.not_found") : state.t(result.error));
    return;
  }
  ui::heading(track.asked_code, 2);
  if (result.from_cache) ui::muted(state.t("track.from_cache"));
  const std::string key = status_key(result.status);
  ui::chip(state.t(key), status_colour(key));
  if (!result.title.empty()) ui::text(result.title);
  ui::heading(state.t("track.timeline"), 2);
  for (const auto& event : result.timeline) {
    ui::text(timeline_line(state, event));
    if (!event.note.empty()) ui::text(state.format("detail.answer", {event.note}));
  }
  if (!result.answers.empty()) ui::heading(state.t("track.answers"), 2);
  for (const auto& answer : result.answers) {
    ui::muted(format_time(answer.at));
    ui::text(answer.text);
  }
}

}  // namespace aduan::app
