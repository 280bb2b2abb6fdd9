// shell/ui/web_input.cpp: DOM input to ImGui (see web_input.h).
//
// Touch is reported to ImGui as a touch-screen mouse (no hover before a press). Keys are mapped
// by the DOM `code` (the physical key) for shortcuts and navigation, and characters come from
// the DOM `key` text, so any keyboard layout types what it shows.
#include "shell/ui/web_input.h"

#include <emscripten/html5.h>
#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <cstring>

#include "shell/ui/widgets_platform.h"

namespace aduan::app {
namespace {

WakeFunction wake_loop = nullptr;

// A finger that moves further than this from where it went down scrolls instead of tapping.
constexpr float kDragSlop = 10.0f;

struct TouchDrag {
  float start_x = 0, start_y = 0, last_y = 0, last_x = 0;
  bool scrolling = false;
};
TouchDrag drag;

ImGuiKey key_for_code(const char* code) {
  struct Entry {
    const char* code;
    ImGuiKey key;
  };
  static constexpr Entry kKeys[] = {
      {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
      {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
      {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
      {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
      {"Space", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter},
      {"Escape", ImGuiKey_Escape}, {"ShiftLeft", ImGuiKey_LeftShift},
      {"ShiftRight", ImGuiKey_RightShift}, {"ControlLeft", ImGuiKey_LeftCtrl},
      {"ControlRight", ImGuiKey_RightCtrl}, {"AltLeft", ImGuiKey_LeftAlt},
      {"AltRight", ImGuiKey_RightAlt}, {"MetaLeft", ImGuiKey_LeftSuper},
      {"MetaRight", ImGuiKey_RightSuper},
  };
  for (const auto& entry : kKeys)
    if (std::strcmp(entry.code, code) == 0) return entry.key;
  if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && code[4] == 0)
    return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
  if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && code[6] == 0)
    return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
  return ImGuiKey_None;
}

void set_modifiers(ImGuiIO& io, bool ctrl, bool shift, bool alt, bool meta) {
  io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
  io.AddKeyEvent(ImGuiMod_Shift, shift);
  io.AddKeyEvent(ImGuiMod_Alt, alt);
  io.AddKeyEvent(ImGuiMod_Super, meta);
}

// DOM `key` is either one character ("a", "é", "€") or a name ("Enter", "Shift").
bool is_one_character(const char* key) {
  const auto lead = static_cast<unsigned char>(key[0]);
  if (lead < 0x20 || lead == 0x7f) return false;
  const std::size_t expected = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return std::strlen(key) == expected;
}

// DOM buttons: 0 left, 1 middle, 2 right. ImGui: 0 left, 1 right, 2 middle.
int imgui_button(unsigned short dom_button) {
  return dom_button == 1 ? 2 : dom_button == 2 ? 1 : dom_button;
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* event, void*) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  io.AddMousePosEvent(static_cast<float>(event->targetX), static_cast<float>(event->targetY));
  if (type == EMSCRIPTEN_EVENT_MOUSEDOWN || type == EMSCRIPTEN_EVENT_MOUSEUP)
    io.AddMouseButtonEvent(imgui_button(event->button), type == EMSCRIPTEN_EVENT_MOUSEDOWN);
  wake_loop();
  return EM_FALSE;
}

// A tap presses and releases ImGui's left button. A drag releases it away from every widget
// (so nothing is clicked) and then scrolls the window under the finger by the distance moved,
// as a phone's own pages do; ImGui has no drag-to-scroll of its own.
EM_BOOL on_touch(int type, const EmscriptenTouchEvent* event, void*) {
  if (event->numTouches < 1) return EM_FALSE;
  const EmscriptenTouchPoint& touch = event->touches[0];
  const auto x = static_cast<float>(touch.targetX), y = static_cast<float>(touch.targetY);
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
    drag = TouchDrag{x, y, y, x, false};
    io.AddMousePosEvent(x, y);
    io.AddMouseButtonEvent(0, true);
  } else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
    if (!drag.scrolling && std::hypot(x - drag.start_x, y - drag.start_y) > kDragSlop) {
      drag.scrolling = true;
      io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
      io.AddMouseButtonEvent(0, false);
    }
    if (drag.scrolling) {
      io.AddMousePosEvent(x, y);  // the wheel goes to the window under the finger
      // ImGui scrolls 5 lines of text per wheel step.
      const float step = 5.0f * ImGui::GetFontSize();
      io.AddMouseWheelEvent((x - drag.last_x) / step, (y - drag.last_y) / step);
      drag.last_x = x;
      drag.last_y = y;
    } else {
      io.AddMousePosEvent(x, y);
    }
  } else {
    if (!drag.scrolling) {
      io.AddMousePosEvent(x, y);
      io.AddMouseButtonEvent(0, false);
    }
    io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);  // a lifted finger hovers nothing
    drag.scrolling = false;
  }
  wake_loop();
  return EM_TRUE;  // no emulated mouse events, no page scroll or zoom
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* event, void*) {
  // deltaMode 0 is pixels, 1 lines, 2 pages; ImGui counts in lines.
  const double unit = event->deltaMode == DOM_DELTA_PIXEL ? 100.0 : event->deltaMode == DOM_DELTA_LINE ? 3.0 : 1.0;
  ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-event->deltaX / unit),
                                    static_cast<float>(-event->deltaY / unit));
  wake_loop();
  return EM_TRUE;
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* event, void*) {
  // The page's text element is typing into a field: the keys are its own, not ImGui's.
  if (ui::detail::dom_text_focused()) return EM_FALSE;
  ImGuiIO& io = ImGui::GetIO();
  const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
  set_modifiers(io, event->ctrlKey, event->shiftKey, event->altKey, event->metaKey);
  const ImGuiKey key = key_for_code(event->code);
  if (key != ImGuiKey_None) io.AddKeyEvent(key, down);
  const bool printable = is_one_character(event->key);
  if (down && printable && !event->ctrlKey && !event->metaKey) io.AddInputCharactersUTF8(event->key);
  wake_loop();
  // Keep the browser's own shortcuts (reload, copy) unless ImGui is typing or navigating.
  return io.WantCaptureKeyboard && (printable || key != ImGuiKey_None) ? EM_TRUE : EM_FALSE;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
  ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
  wake_loop();
  return EM_FALSE;
}

}  // namespace

void install_web_input(const char* canvas, WakeFunction wake) {
  wake_loop = wake;
  emscripten_set_mousedown_callback(canvas, nullptr, EM_FALSE, on_mouse);
  emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, on_mouse);
  emscripten_set_mousemove_callback(canvas, nullptr, EM_FALSE, on_mouse);
  emscripten_set_touchstart_callback(canvas, nullptr, EM_FALSE, on_touch);
  emscripten_set_touchmove_callback(canvas, nullptr, EM_FALSE, on_touch);
  emscripten_set_touchend_callback(canvas, nullptr, EM_FALSE, on_touch);
  emscripten_set_touchcancel_callback(canvas, nullptr, EM_FALSE, on_touch);
  emscripten_set_wheel_callback(canvas, nullptr, EM_FALSE, on_wheel);
  emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
  emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
  emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_focus);
  emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_focus);
}

}  // namespace aduan::app
