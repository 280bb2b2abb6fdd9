// shell/portal/portal.h: the portal's screens, drawn with Dear ImGui once per frame.
//
// Owns what the citizen sees and the state of the screens, and the device services the
// screens use (storage, sync, the network). Does not own the window, the GL context, fonts or
// the browser (platform_web.cpp does), nor any SQL or wire format (the core does).
//
// Order of use: construct (cheap, nothing opened: a global may hold it), then per loop turn
// tick() and, when a frame is drawn, draw() between ui::begin_frame() and ui::end_frame().
// The officer console and the dashboard, which the home screen links to, are another
// program (shell/console, its own page and WebAssembly file): the home screen opens that page,
// so this program holds none of their code and a citizen never downloads it.
// start() (or else the first tick() or draw()) creates the device services, which start
// opening storage. An idle portal asks for no frames: it calls ui::request_frame() when the
// services say something changed and ui::request_frame_at() for their next timer.
#pragma once

#include <memory>

#include "core/domain/report.h"
#include "shell/ui/program.h"

namespace aduan::app {

class DeviceServices;
class PortalState;
struct ModeHooks;

class Portal : public ui::Program {
 public:
  // `mode`: a mode's code (portal_mode.h), given by that mode's program only. Without it a
  // device set up in a mode is sent to the mode's page as soon as the store is read.
  explicit Portal(const ModeHooks* mode = nullptr);
  ~Portal() override;
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;

  // Creates the device services (storage starts opening) and asks for the texts; once.
  void start() override;

  // Builds the widgets of the current screen for a viewport of this size (CSS px).
  void draw(float viewport_width, float viewport_height) override;

  // Runs what is due in the device services; returns when it next wants to run (ms epoch).
  domain::Timestamp tick();

  // True while something on screen still changes without new input (a pending request,
  // "saving…"): the platform keeps drawing frames only while this holds.
  bool wants_another_frame() const override;

  // The screen shows something to use: the texts are loaded and the device's storage is no
  // longer opening (ready, or a plain message why not). The platform's time-to-interactive
  // mark waits for the first frame drawn in this state, not for the first frame at all.
  bool usable() const override;

 private:
  void draw_screen();
  bool leave_for_mode();

  std::unique_ptr<DeviceServices> services_;
  std::unique_ptr<PortalState> state_;
  const ModeHooks* mode_;
  bool store_seen_ready_ = false;
  bool mode_looked_up_ = false;    // the citizen's program read the store's mode settings
  bool leaving_for_mode_ = false;  // this device is in a mode: the mode's page is opening
  int last_view_ = -1;             // screen and form step drawn last
  int frames_still_changing_ = 2;  // ImGui settles its layout over the first frames
};

}  // namespace aduan::app
