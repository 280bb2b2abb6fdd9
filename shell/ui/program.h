// shell/ui/program.h: the one program the browser loop (platform_web.cpp) runs.
//
// Owns nothing: it is the seam between the loop, which every program of the portal shares
// (start-up, fonts, frames on demand, input), and a program's screens. Each program's main file
// defines program(); the loop never names a program, so it is compiled the same for all.
#pragma once

namespace aduan::app::ui {

class Program {
 public:
  virtual ~Program() = default;

  // Builds the widgets of the current screen for a viewport of this size (CSS px), between
  // ui::begin_frame() and ui::end_frame().
  virtual void draw(float viewport_width, float viewport_height) = 0;

  // True while something on screen still changes without new input (a pending request,
  // "saving…"): the loop keeps drawing frames only while this holds.
  virtual bool wants_another_frame() const = 0;

  // The screen shows something to use (texts loaded, storage no longer opening): the loop's
  // time-to-interactive mark waits for the first frame drawn in this state.
  virtual bool usable() const = 0;
};

// The program this build runs, made on first use (cheap: nothing is opened until it draws).
Program& program();

}  // namespace aduan::app::ui
