// shell/ui/web_input.h: the browser's pointer, touch, wheel and keyboard events, fed to ImGui.
//
// Owns the translation from DOM events (through html5.h) to ImGui's input queue. Does not own
// the frame loop: it only calls `wake` so the loop draws the frames the input needs.
#pragma once

namespace aduan::app {

using WakeFunction = void (*)();

// Listens on the canvas (pointer, touch, wheel) and the window (keys, focus).
void install_web_input(const char* canvas_selector, WakeFunction wake);

}  // namespace aduan::app
