// shell/ui/widgets.cpp: the portal's widgets, drawn with Dear ImGui (see widgets.h).
//
// Owns drawing, the per-frame accessibility tree and the widget state the browser feeds in
// (text edits, focus, screen-reader activations, photos). Does not own any DOM: the tree is
// handed to the platform as JSON (widgets_platform.h), and text is edited by the browser's own
// text element, so no widget here reads keys for text. Widgets are laid out full width with
// tap targets of kTapTargetHeight because most citizens arrive on a phone. The input widgets
// (text field, checkbox, radio group, picker) are in widgets_input.cpp.
#include "shell/ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "shell/ui/widgets_platform.h"
#include "shell/ui/widgets_state.h"
#include "shell/ui/widgets_text.h"

namespace aduan::app::ui {
namespace detail {
State& state() {
  static State instance;
  return instance;
}

std::string auto_id(const char* prefix) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%d", prefix, state().anonymous++);
  return buffer;
}

Node& record(std::string_view id, const char* role, std::string_view name) {
  Node& node = state().nodes.emplace_back();
  node.id = id;
  node.role = role;
  node.name = name;
  node.min = ImGui::GetItemRectMin();
  node.max = ImGui::GetItemRectMax();
  return node;
}

bool pressed_now(bool pressed) {
  if (pressed) platform::request_frame();
  return pressed;
}

bool take_activation(std::string_view id) {
  auto& list = state().activations;
  auto found = std::find(list.begin(), list.end(), id);
  if (found == list.end()) return false;
  list.erase(found);
  return true;
}

bool tap_area(std::string_view id, ImVec2 size) {
  ImGui::PushID(static_cast<int>(std::hash<std::string_view>{}(id)));
  const bool pressed = ImGui::InvisibleButton("##tap", size);
  ImGui::PopID();
  return pressed_now(pressed);
}

void wrapped_colored(std::string_view text, ImU32 colour) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace detail

using namespace detail;  // the widget layer's own helpers (widgets_state.h)

void heading(std::string_view text, int level) {
  ImFont* font = state().heading_font;
  if (font && level <= 2) ImGui::PushFont(font);
  wrapped_colored(text, level == 1 ? kAccent : ImGui::GetColorU32(ImGuiCol_Text));
  if (font && level <= 2) ImGui::PopFont();
  record(auto_id("h"), "heading", text).level = level;
}

void text(std::string_view text) {
  wrapped_colored(text, ImGui::GetColorU32(ImGuiCol_Text));
  record(auto_id("t"), "text", text);
}

void muted(std::string_view text) {
  wrapped_colored(text, kMutedText);
  record(auto_id("t"), "text", text);
}

void error_text(std::string_view text) {
  wrapped_colored(text, kDanger);
  record(auto_id("e"), "alert", text);
}

bool button(std::string_view id, std::string_view label, ButtonKind kind) {
  const ImVec2 text_size = ImGui::CalcTextSize(label.data(), label.data() + label.size());
  const float padding = ImGui::GetStyle().FramePadding.x;
  const float height = std::max(kTapTargetHeight, text_size.y + 2 * padding);
  const float width = kind == ButtonKind::link ? text_size.x + 2 * padding : full_width();
  bool pressed = tap_area(id, ImVec2(width, height));
  const bool held = ImGui::IsItemActive();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImU32 bg = kind == ButtonKind::primary     ? kAccent
             : kind == ButtonKind::danger    ? kDanger
             : kind == ButtonKind::secondary ? kSecondaryBg
                                             : 0;
  ImU32 fg = kind == ButtonKind::primary || kind == ButtonKind::danger ? kAccentText
             : kind == ButtonKind::link                                ? kAccent
                                        : ImGui::GetColorU32(ImGuiCol_Text);
  if (bg) draw->AddRectFilled(min, max, bg, ImGui::GetStyle().FrameRounding);
  if (held) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 40), ImGui::GetStyle().FrameRounding);
  const ImVec2 at(kind == ButtonKind::link ? min.x + padding : (min.x + max.x - text_size.x) / 2,
                  (min.y + max.y - text_size.y) / 2);
  draw->AddText(at, fg, label.data(), label.data() + label.size());
  if (kind == ButtonKind::link)
    draw->AddLine(ImVec2(at.x, at.y + text_size.y), ImVec2(at.x + text_size.x, at.y + text_size.y),
                  fg);
  record(id, "button", label);
  return pressed_now(take_activation(id)) || pressed;
}

void chip(std::string_view text, std::uint32_t rgba) {
  const ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
  const ImVec2 padding(10, 4);
  ImGui::Dummy(ImVec2(size.x + 2 * padding.x, size.y + 2 * padding.y));
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, detail::rgba_to_imgui(rgba), size.y);
  draw->AddText(ImVec2(min.x + padding.x, min.y + padding.y), detail::text_colour_on(rgba),
                text.data(), text.data() + text.size());
  record(auto_id("c"), "status", text);
}

void progress_bar(std::string_view id, float fraction, std::string_view label) {
  fraction = std::clamp(fraction, 0.0f, 1.0f);
  const std::string overlay(label);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, kAccent);
  ImGui::ProgressBar(fraction, ImVec2(full_width(), ImGui::GetTextLineHeight() + 8),
                     overlay.c_str());
  ImGui::PopStyleColor();
  Node& node = record(id, "progressbar", label);
  node.value_now = static_cast<int>(std::lround(fraction * 100));
}

bool list_row(std::string_view id, std::string_view title, std::string_view subtitle,
              std::string_view chip_text, std::uint32_t chip_rgba) {
  const float line = ImGui::GetTextLineHeight();
  const float padding = ImGui::GetStyle().FramePadding.x;
  const float height = std::max(kTapTargetHeight, 2 * line + 2 * padding);
  bool pressed = tap_area(id, ImVec2(full_width(), height));
  pressed = pressed_now(take_activation(id)) || pressed;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (ImGui::IsItemActive()) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 20));
  draw->AddLine(ImVec2(min.x, max.y), max, IM_COL32(0, 0, 0, 30));
  float chip_width = 0;
  if (!chip_text.empty()) {
    const ImVec2 size = ImGui::CalcTextSize(chip_text.data(), chip_text.data() + chip_text.size());
    chip_width = size.x + 20;
    const ImVec2 chip_min(max.x - chip_width, min.y + padding);
    draw->AddRectFilled(chip_min, ImVec2(max.x, chip_min.y + size.y + 8),
                        detail::rgba_to_imgui(chip_rgba), size.y);
    draw->AddText(ImVec2(chip_min.x + 10, chip_min.y + 4), detail::text_colour_on(chip_rgba),
                  chip_text.data(), chip_text.data() + chip_text.size());
  }
  const ImVec4 clip(min.x, min.y, max.x - chip_width - padding, max.y);
  draw->AddText(nullptr, 0, ImVec2(min.x, min.y + padding - 4), ImGui::GetColorU32(ImGuiCol_Text),
                title.data(), title.data() + title.size(), 0, &clip);
  draw->AddText(nullptr, 0, ImVec2(min.x, min.y + padding + line), kMutedText, subtitle.data(),
                subtitle.data() + subtitle.size(), 0, &clip);
  Node& node = record(id, "button", title);
  node.row = true;
  node.description = subtitle;
  if (!chip_text.empty()) node.value = chip_text;
  return pressed;
}

bool photo_button(std::string_view id, std::string_view label,
                  std::function<void(Photo)> on_photo) {
  State& s = state();
  s.photo_handlers[std::string(id)] = std::move(on_photo);
  const bool pressed = button(id, label, ButtonKind::secondary);
  s.nodes.back().photo = true;
  return pressed;
}

void request_frame() {
  platform::request_frame();
}
void request_frame_at(double epoch_ms) {
  platform::request_frame_at(epoch_ms);
}

void set_text_scale(float scale) {
  const float clamped = std::clamp(scale, 0.8f, 1.8f);
  if (clamped == state().text_scale) return;
  state().text_scale = clamped;
  platform::request_frame();
}

float text_scale() {
  return state().text_scale;
}

void begin_frame() {
  State& s = state();
  s.nodes.clear();
  s.anonymous = 0;
  // Photos arrive between frames; their handlers run here, where screens expect to be called.
  auto photos = std::move(s.photos);
  s.photos.clear();
  for (auto& [id, photo] : photos)
    if (auto handler = s.photo_handlers.find(id);
        handler != s.photo_handlers.end() && handler->second)
      handler->second(std::move(photo));
}

void begin_screen(float viewport_width, float max_width, float height) {
  const float column = std::min(viewport_width, max_width);
  ImGui::SetNextWindowPos(ImVec2((viewport_width - column) * 0.5f, 0));
  ImGui::SetNextWindowSize(ImVec2(column, height));
  ImGui::Begin("Aduan", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoBackground);
}

void end_screen() { ImGui::End(); }

void end_frame() {
  State& s = state();
  s.activations.clear();  // an activation of a widget no longer drawn goes nowhere
  std::string json = detail::tree_to_json(s.nodes);
  if (json != s.last_published) {
    platform::publish_accessibility_tree(json);
    s.last_published = std::move(json);
  }
}

namespace detail {

void text_edited(std::string_view id, std::string_view value, int selection_start,
                 int selection_end) {
  State& s = state();
  Edit& edit = s.edits[std::string(id)];
  edit.value = value;
  if (s.focused_field == id) {
    s.focused_caret.selection_start = selection_start;
    s.focused_caret.selection_end = selection_end;
    s.focused_since_ms = platform::now_ms();  // the caret shows at once while typing
  }
  platform::request_frame();
}

void text_focus(std::string_view id) {
  State& s = state();
  if (s.focused_field == id) return;
  s.focused_field = id;
  s.focused_caret = Edit{};
  s.focused_since_ms = platform::now_ms();
  s.reveal_focused = true;
  platform::request_frame();
}

void reveal_focused_field() {
  if (state().focused_field.empty()) return;
  state().reveal_focused = true;
  platform::request_frame();
}

void activate(std::string_view id) {
  state().activations.emplace_back(id);
  platform::request_frame();
}

void photo_arrived(std::string_view id, std::vector<std::uint8_t> bytes,
                   std::string_view media_type, int width, int height, std::string_view error) {
  Photo photo;
  photo.error = error;
  photo.bytes = std::move(bytes);
  photo.media_type = media_type;
  photo.width = width;
  photo.height = height;
  state().photos.emplace_back(std::string(id), std::move(photo));
  platform::request_frame();
}

bool dom_text_focused() {
  return !state().focused_field.empty();
}
float wanted_text_scale() {
  return state().text_scale;
}
void set_heading_font(void* imgui_font) {
  state().heading_font = static_cast<ImFont*>(imgui_font);
}

}  // namespace detail
}  // namespace aduan::app::ui
