// shell/ui/widgets_state.h: what the widgets' files share inside the widget layer (widgets.cpp,
// widgets_input.cpp): the state the browser feeds in, the frame's accessibility nodes, the
// colours and the small drawing helpers. Not for screens: they use widgets.h only.
#pragma once

#include <imgui.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shell/ui/widgets.h"
#include "shell/ui/widgets_text.h"

namespace aduan::app::ui::detail {

struct State {
  std::vector<Node> nodes;
  std::string last_published;
  std::vector<std::string> activations;  // ids activated by a screen reader, used next frame
  std::map<std::string, Edit, std::less<>> edits;
  std::string focused_field;  // the field the browser's text element edits
  Edit focused_caret;
  double focused_since_ms = 0;
  bool reveal_focused = false;  // scroll the focused field into view next frame
  std::map<std::string, std::function<void(Photo)>, std::less<>> photo_handlers;
  std::vector<std::pair<std::string, Photo>> photos;
  std::map<std::string, std::string, std::less<>> searches;  // a picker's search text, by id
  std::string open_dropdown;  // the one dropdown listing its options (widgets_desk.cpp)
  float text_scale = 1.0f;
  ImFont* heading_font = nullptr;
  int anonymous = 0;
};

State& state();

inline constexpr ImU32 kAccent = IM_COL32(0x1d, 0x5c, 0x4b, 0xff);
inline constexpr ImU32 kAccentText = IM_COL32(0xff, 0xff, 0xff, 0xff);
inline constexpr ImU32 kDanger = IM_COL32(0xa4, 0x00, 0x00, 0xff);
inline constexpr ImU32 kFieldBg = IM_COL32(0xff, 0xff, 0xff, 0xff);
inline constexpr ImU32 kBorder = IM_COL32(0x8a, 0x8a, 0x85, 0xff);
inline constexpr ImU32 kMutedText = IM_COL32(0x55, 0x55, 0x55, 0xff);
inline constexpr ImU32 kSecondaryBg = IM_COL32(0xe4, 0xe8, 0xe2, 0xff);

// An id for a widget that has none of its own (headings, texts): "t3", "h0".
std::string auto_id(const char* prefix);
// Adds the last ImGui item to the frame's accessibility tree.
Node& record(std::string_view id, const char* role, std::string_view name);
// A pressed widget changes what is drawn (a new screen, a ticked box): draw it at once.
bool pressed_now(bool pressed);
// True once when a screen reader activated `id` since the last frame.
bool take_activation(std::string_view id);
inline float full_width() {
  return ImGui::GetContentRegionAvail().x;
}
// An invisible button of `size` at the cursor: true when tapped or clicked.
bool tap_area(std::string_view id, ImVec2 size);
void wrapped_colored(std::string_view text, ImU32 colour);

}  // namespace aduan::app::ui::detail
