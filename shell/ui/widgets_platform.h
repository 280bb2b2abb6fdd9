// shell/ui/widgets_platform.h: the seam between the widgets (widgets.cpp) and the browser.
//
// Owns the few calls that cross it in each direction, so widgets.cpp stays platform-neutral
// ImGui code. The frame scheduler lives in platform_web.cpp, the DOM glue in widgets_web.cpp
// and web/bridge.js. Screens never include this header; they use widgets.h.
//
// The browser edits text fields in a real text element and tells the widgets what changed;
// the widgets publish, once per frame and only when it differs, the accessibility tree that
// the browser mirrors into DOM (which is also where it finds the text fields and photo
// buttons a tap lands on).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aduan::app::platform {

// Implemented by the platform's frame scheduler (platform_web.cpp).
void request_frame();
void request_frame_at(double epoch_ms);
double now_ms();

// Implemented by the DOM glue (widgets_web.cpp): hands the tree (JSON) to the page.
void publish_accessibility_tree(std::string_view json);
void use_onscreen_keyboard(bool on);
// Empties the page's text elements and the passwords it holds, and drops their focus.
void forget_text_elements();

}  // namespace aduan::app::platform

namespace aduan::app {
// Implemented by the DOM glue: gives web/bridge.js its way back into the widgets.
void install_widget_bridge();
}  // namespace aduan::app

namespace aduan::app::ui::detail {

// Called by the DOM glue when the page's events arrive; each asks for a frame.
// The text element of field `id` now holds `value`; the caret/selection are UTF-8 byte offsets.
void text_edited(std::string_view id, std::string_view value, int selection_start,
                 int selection_end);
// The text element now edits field `id` ("" when no field has it).
void text_focus(std::string_view id);
// A screen reader's default action (a click on the mirror element of `id`).
void activate(std::string_view id);
void photo_arrived(std::string_view id, std::vector<std::uint8_t> bytes,
                   std::string_view media_type, int width, int height, std::string_view error);

// The viewport changed (a phone keyboard opened): the focused field scrolls back into view.
void reveal_focused_field();

// True while a DOM text element edits a field: the canvas's own key handling stands aside.
bool dom_text_focused();

// The text size the screens asked for; the platform rebuilds the font atlas when it changes.
float wanted_text_scale();
// The font used by level-1 and level-2 headings (set by the platform; may be null).
void set_heading_font(void* imgui_font);

}  // namespace aduan::app::ui::detail
