// shell/ui/widgets_input.cpp: the widgets that take input beyond a tap (see widgets.h): the
// text field, the checkbox, the radio group and the searchable picker.
//
// Owns how each is drawn and what it records in the accessibility tree. Does not own the text
// being typed (the browser's text element edits it; widgets_web.cpp brings it in) nor the
// shared widget state (widgets_state.h). Apart from widgets.cpp because these four are most of
// the widget code and change together (a field's error, required mark and description).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "shell/ui/widgets.h"
#include "shell/ui/widgets_platform.h"
#include "shell/ui/widgets_state.h"
#include "shell/ui/widgets_text.h"

namespace aduan::app::ui {

using namespace detail;  // the widget layer's own helpers (widgets_state.h)

bool text_field(std::string_view id, std::string_view label, std::string& value,
                const FieldOptions& options) {
  State& s = state();
  ImGui::TextUnformatted(label.data(), label.data() + label.size());
  if (options.required) {
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ImColor(kDanger), "*");
  }
  bool changed = false;
  if (auto edit = s.edits.find(id); edit != s.edits.end()) {
    std::string next = detail::truncate_utf8(edit->second.value, options.max_bytes);
    if (next != value) {
      value = std::move(next);
      changed = true;
    }
    s.edits.erase(edit);
  }
  const bool multiline = options.mode == InputMode::multiline;
  const float line = ImGui::GetTextLineHeight();
  const float padding = ImGui::GetStyle().FramePadding.x;
  const float height = multiline ? (options.height > 0 ? options.height : line * 4 + 2 * padding)
                                 : std::max(kTapTargetHeight, line + 2 * padding);
  tap_area(id, ImVec2(full_width(), height));
  const bool focused = s.focused_field == id;
  if (focused && s.reveal_focused) {
    s.reveal_focused = false;
    const float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowHeight();
    if (ImGui::GetItemRectMin().y < top || ImGui::GetItemRectMax().y > bottom) {
      ImGui::SetScrollHereY(0.3f);
      platform::request_frame();
    }
  }
  const double now = platform::now_ms();
  bool caret_on = false;
  if (focused) {
    // The caret blinks at 500 ms; each change of phase is one frame, nothing in between.
    const double phase = (now - s.focused_since_ms) / 500.0;
    caret_on = static_cast<long long>(phase) % 2 == 0;
    platform::request_frame_at(s.focused_since_ms + (std::floor(phase) + 1) * 500.0);
  }
  const bool secret = options.mode == InputMode::password;
  const std::string shown = secret ? detail::masked(value) : std::string();
  const std::string& drawn = secret ? shown : value;
  // Offsets are bytes of the value; an asterisk is one byte for each character.
  auto offset = [&](int bytes) { return secret ? detail::characters_before(value, bytes) : bytes; };
  detail::draw_field_text(drawn, options.placeholder, multiline, focused,
                          caret_on ? offset(s.focused_caret.selection_end) : -1,
                          focused ? offset(s.focused_caret.selection_start) : -1,
                          options.error.empty() ? (focused ? kAccent : kBorder) : kDanger);
  Node& node = record(id, "textbox", label);
  node.value = drawn;
  node.description = options.error;
  node.invalid = !options.error.empty();
  node.required = options.required;
  node.mode = options.mode;
  node.max_bytes = options.max_bytes;
  node.font_size = ImGui::GetFontSize();
  node.focused = focused;
  node.submit = options.submit;
  if (!options.error.empty()) wrapped_colored(options.error, kDanger);
  // A screen reader's activation focuses the text element; the page does that itself.
  take_activation(id);
  return changed;
}

bool checkbox(std::string_view id, std::string_view label, bool& value,
              std::string_view explanation) {
  const float line = ImGui::GetTextLineHeight();
  const float padding = ImGui::GetStyle().FramePadding.x;
  const float box = line + 6;
  const float text_width = full_width() - box - 2 * padding;
  const ImVec2 text_size =
      ImGui::CalcTextSize(label.data(), label.data() + label.size(), false, text_width);
  const float height = std::max(kTapTargetHeight, text_size.y + 2 * padding);
  bool pressed = tap_area(id, ImVec2(full_width(), height));
  pressed = pressed_now(take_activation(id)) || pressed;
  if (pressed) value = !value;
  const ImVec2 min = ImGui::GetItemRectMin();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 box_min(min.x, min.y + (height - box) / 2);
  const ImVec2 box_max(box_min.x + box, box_min.y + box);
  draw->AddRectFilled(box_min, box_max, value ? kAccent : kFieldBg, 4);
  draw->AddRect(box_min, box_max, value ? kAccent : kBorder, 4, 0, 2);
  if (value) {
    const ImVec2 a(box_min.x + box * 0.22f, box_min.y + box * 0.52f);
    const ImVec2 b(box_min.x + box * 0.42f, box_min.y + box * 0.72f);
    const ImVec2 c(box_min.x + box * 0.78f, box_min.y + box * 0.28f);
    draw->AddLine(a, b, kAccentText, 2.5f);
    draw->AddLine(b, c, kAccentText, 2.5f);
  }
  draw->AddText(nullptr, 0, ImVec2(box_max.x + padding, min.y + (height - text_size.y) / 2),
                ImGui::GetColorU32(ImGuiCol_Text), label.data(), label.data() + label.size(),
                text_width);
  Node& node = record(id, "checkbox", label);
  node.checked = value;
  node.description = explanation;
  if (!explanation.empty()) wrapped_colored(explanation, kMutedText);
  return pressed;
}

bool radio_group(std::string_view id, std::string_view label,
                 const std::vector<std::string>& labels, int& selected) {
  ImGui::TextUnformatted(label.data(), label.data() + label.size());
  record(id, "radiogroup", label);
  bool changed = false;
  const float line = ImGui::GetTextLineHeight();
  const float padding = ImGui::GetStyle().FramePadding.x;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string option_id = std::string(id) + "#" + std::to_string(i);
    const std::string& option = labels[i];
    bool pressed = tap_area(option_id, ImVec2(full_width(), kTapTargetHeight));
    pressed = pressed_now(take_activation(option_id)) || pressed;
    if (pressed && selected != static_cast<int>(i)) {
      selected = static_cast<int>(i);
      changed = true;
    }
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float radius = line * 0.5f + 2;
    const ImVec2 centre(min.x + radius + 2, (min.y + max.y) / 2);
    const bool on = selected == static_cast<int>(i);
    draw->AddCircle(centre, radius, on ? kAccent : kBorder, 0, 2);
    if (on) draw->AddCircleFilled(centre, radius * 0.55f, kAccent);
    draw->AddText(ImVec2(centre.x + radius + padding, centre.y - line / 2),
                  ImGui::GetColorU32(ImGuiCol_Text), option.c_str());
    record(option_id, "radio", option).checked = on;
  }
  return changed;
}

bool picker(std::string_view id, std::string_view label, const std::vector<PickerOption>& options,
            std::string& value, std::string_view error) {
  constexpr std::size_t kShown = 6;  // more would push the rest of the form off a phone screen
  std::string& search = state().searches[std::string(id)];
  FieldOptions field;
  field.placeholder = "\xe2\x80\xa6";  // an ellipsis: type to narrow the list
  field.error = error;
  field.max_bytes = 200;
  text_field(std::string(id) + ".search", label, search, field);
  bool changed = false;
  std::size_t shown = 0;
  const float padding = ImGui::GetStyle().FramePadding.x;
  for (const PickerOption& option : options) {
    const bool chosen = option.value == value;
    if (!chosen && (shown >= kShown || !(detail::contains_folded(option.label, search) ||
                                         detail::contains_folded(option.detail, search))))
      continue;
    if (!chosen) ++shown;
    const std::string option_id = std::string(id) + "=" + option.value;
    bool pressed = tap_area(option_id, ImVec2(full_width(), kTapTargetHeight));
    pressed = pressed_now(take_activation(option_id)) || pressed;
    if (pressed && !chosen) {
      value = option.value;
      changed = true;
    }
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (chosen) draw->AddRectFilled(min, max, kSecondaryBg, ImGui::GetStyle().FrameRounding);
    if (ImGui::IsItemActive()) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 20));
    const ImVec4 clip(min.x, min.y, max.x, max.y);
    const float line = ImGui::GetTextLineHeight();
    std::string shown_text = (chosen ? "\xe2\x9c\x93 " : "") + option.label;
    draw->AddText(nullptr, 0, ImVec2(min.x + padding, (min.y + max.y - line) / 2),
                  chosen ? kAccent : ImGui::GetColorU32(ImGuiCol_Text), shown_text.c_str(), nullptr,
                  0, &clip);
    if (!option.detail.empty()) {
      const ImVec2 size = ImGui::CalcTextSize(option.detail.c_str());
      draw->AddText(nullptr, 0, ImVec2(max.x - padding - size.x, (min.y + max.y - line) / 2),
                    kMutedText, option.detail.c_str(), nullptr, 0, &clip);
    }
    Node& node = record(option_id, "radio", option.label);
    node.checked = chosen;
    node.description = option.detail;
  }
  return changed;
}

}  // namespace aduan::app::ui
