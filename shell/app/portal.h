// shell/app/portal.h: the portal's screens, drawn with Dear ImGui once per frame.
//
// Owns what the citizen sees and the state of the screens. Does not own the window, the GL
// context, fonts on disk or the browser (platform_web.cpp does), nor any SQL or wire format
// (the core does). Platform code calls draw() and asks wants_another_frame() so that an idle
// portal draws nothing.
#pragma once

namespace aduan::app {

class Portal {
 public:
  // Builds the ImGui widgets of the current screen. Call between ImGui::NewFrame and Render.
  void draw(float viewport_width, float viewport_height);

  // True while something on screen still changes without new input (an animation, a
  // pending request): the platform keeps drawing frames only while this holds.
  bool wants_another_frame() const { return frames_still_changing_ > 0; }

 private:
  enum class Screen { home, new_report, my_reports, track };
  void draw_home();
  void draw_placeholder(const char* title);

  Screen screen_ = Screen::home;
  int frames_still_changing_ = 2;  // ImGui settles its layout over the first frames
};

}  // namespace aduan::app
