// shell/ui/widgets_desk.cpp: the dense widgets of a desk (widgets.h): panes side by side, a
// table with sortable headers and tickable rows, compact dropdowns and small buttons, and the
// few keys a list is worked with.
//
// Owns the widgets an officer's office screen needs and a phone does not: rows one text line
// high, many on a screen, read across columns. Does not own what is in them (the console's
// screens) or the keyboard's text (web_input.cpp hands ImGui only keys no text element took).
// Every widget here records itself in the accessibility tree like the others, so the mirror,
// a screen reader and the tests reach it the same way; a table row is one list item named by
// its cells, since the cells mean something only together.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "shell/ui/widgets.h"
#include "shell/ui/widgets_platform.h"
#include "shell/ui/widgets_state.h"
#include "shell/ui/widgets_text.h"

namespace aduan::app::ui {

using namespace detail;

namespace {

constexpr float kRowPadding = 5.0f;  // a dense row: one line and a little air, for a mouse
constexpr float kCellGap = 8.0f;
constexpr float kMarkWidth = 30.0f;  // the tick box at a row's start
constexpr ImU32 kSelectedBg = IM_COL32(0xd4, 0xe6, 0xdf, 0xff);
constexpr ImU32 kHeaderBg = IM_COL32(0xee, 0xf0, 0xec, 0xff);

float row_height() {
  return ImGui::GetTextLineHeight() + 2 * kRowPadding;
}

// The columns' x offsets from `left` over `width`, by their weights.
std::vector<float> column_edges(const std::vector<TableColumn>& columns, float left, float width) {
  float total = 0;
  for (const auto& column : columns) total += column.weight;
  std::vector<float> edges{left};
  for (const auto& column : columns)
    edges.push_back(edges.back() + width * (total > 0 ? column.weight / total : 0));
  return edges;
}

void clipped_text(ImDrawList* draw, float x0, float x1, float y, ImU32 colour,
                  std::string_view text) {
  const ImVec4 clip(x0, y - kRowPadding, x1 - kCellGap, y + row_height());
  draw->AddText(nullptr, 0, ImVec2(x0, y), colour, text.data(), text.data() + text.size(), 0,
                &clip);
}

}  // namespace

bool key_pressed(Key key) {
  if (!state().focused_field.empty()) return false;
  switch (key) {
    case Key::up: return ImGui::IsKeyPressed(ImGuiKey_UpArrow);
    case Key::down: return ImGui::IsKeyPressed(ImGuiKey_DownArrow);
  }
  return false;
}

void begin_pane(std::string_view id, float width, float text_scale) {
  const std::string name(id);
  ImGui::BeginChild(name.c_str(), ImVec2(width, 0), false, ImGuiWindowFlags_NoBackground);
  ImGui::SetWindowFontScale(text_scale);
}

void end_pane() {
  ImGui::EndChild();
  ImGui::SameLine();
}

void same_line() {
  ImGui::SameLine(0, kCellGap);
}

int table_header(std::string_view id, const std::vector<TableColumn>& columns, int sorted,
                 bool ascending) {
  const float left = ImGui::GetCursorScreenPos().x + kMarkWidth;
  const float top = ImGui::GetCursorScreenPos().y;
  const std::vector<float> edges = column_edges(columns, left, full_width() - kMarkWidth);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(left - kMarkWidth, top),
                                            ImVec2(edges.back(), top + row_height()), kHeaderBg);
  int pressed_column = -1;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string cell_id = std::string(id) + "." + std::to_string(i);
    std::string label(columns[i].label);
    if (static_cast<int>(i) == sorted) label += ascending ? " ^" : " v";  // the font's own glyphs
    ImGui::SetCursorScreenPos(ImVec2(edges[i], top));
    bool pressed = tap_area(cell_id, ImVec2(std::max(1.0f, edges[i + 1] - edges[i]), row_height()));
    pressed = pressed_now(take_activation(cell_id)) || pressed;
    if (pressed) pressed_column = static_cast<int>(i);
    clipped_text(ImGui::GetWindowDrawList(), edges[i], edges[i + 1], top + kRowPadding,
                 ImGui::GetColorU32(ImGuiCol_Text), label);
    Node& node = record(cell_id, "button", columns[i].label);
    if (static_cast<int>(i) == sorted) node.value = ascending ? "ascending" : "descending";
  }
  ImGui::SetCursorScreenPos(ImVec2(left - kMarkWidth, top + row_height()));
  ImGui::Dummy(ImVec2(0, 0));
  return pressed_column;
}

bool table_row(std::string_view id, const std::vector<std::string>& cells,
               const std::vector<TableColumn>& columns, bool selected, std::uint32_t alert_rgba,
               bool* marked) {
  // Rows touch: the line between them is the only gap.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float width = full_width();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (marked) {
    const std::string mark_id = std::string(id) + ".mark";
    bool ticked = tap_area(mark_id, ImVec2(kMarkWidth, row_height()));
    ticked = pressed_now(take_activation(mark_id)) || ticked;
    if (ticked) *marked = !*marked;
    const float box = ImGui::GetTextLineHeight() - 2;
    const ImVec2 box_min(start.x + 4, start.y + (row_height() - box) / 2);
    const ImVec2 box_max(box_min.x + box, box_min.y + box);
    draw->AddRectFilled(box_min, box_max, *marked ? kAccent : kFieldBg, 3);
    draw->AddRect(box_min, box_max, *marked ? kAccent : kBorder, 3, 0, 1.5f);
    std::string name = "\xE2\x9C\x93 ";  // a tick, then the row's first cells: "which one"
    if (!cells.empty()) name += cells[0];
    if (cells.size() > 1) name += " " + cells[1];
    Node& node = record(mark_id, "checkbox", name);
    node.checked = *marked;
    node.row = true;
  }
  ImGui::SetCursorScreenPos(ImVec2(start.x + kMarkWidth, start.y));
  bool pressed = tap_area(id, ImVec2(std::max(1.0f, width - kMarkWidth), row_height()));
  pressed = pressed_now(take_activation(id)) || pressed;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  if (selected) draw->AddRectFilled(min, max, kSelectedBg);
  if (ImGui::IsItemHovered()) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 12));
  draw->AddLine(ImVec2(start.x, max.y), max, IM_COL32(0, 0, 0, 30));
  if (selected) draw->AddRectFilled(min, ImVec2(min.x + 3, max.y), kAccent);
  const std::vector<float> edges = column_edges(columns, min.x + 6, max.x - min.x - 6);
  std::string name;
  for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
    // The last cells carry the clock; an overdue one is drawn in the alert colour.
    const bool alert = alert_rgba != 0 && i + 1 == columns.size();
    clipped_text(draw, edges[i], edges[i + 1], min.y + kRowPadding,
                 alert ? rgba_to_imgui(alert_rgba) : ImGui::GetColorU32(ImGuiCol_Text), cells[i]);
    if (!name.empty()) name += " · ";
    name += cells[i];
  }
  Node& node = record(id, "button", name);
  node.row = true;
  if (selected) node.value = "selected";
  ImGui::PopStyleVar();
  return pressed;
}

bool dropdown(std::string_view id, std::string_view label, const std::vector<PickerOption>& options,
              std::string& value, float width) {
  State& s = state();
  std::string& open = s.open_dropdown;
  std::string shown;
  for (const auto& option : options)
    if (option.value == value) shown = option.label;
  const std::string text = std::string(label) + ": " + shown;
  const float height = row_height() + 6;
  bool pressed = tap_area(id, ImVec2(width, height));
  pressed = pressed_now(take_activation(id)) || pressed;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, kFieldBg, 4);
  draw->AddRect(min, max, open == id ? kAccent : kBorder, 4, 0, 1.5f);
  clipped_text(draw, min.x + 8, max.x, min.y + kRowPadding + 3, ImGui::GetColorU32(ImGuiCol_Text),
               text);
  Node& node = record(id, "button", label);
  node.value = shown;
  if (pressed) open = open == id ? std::string() : std::string(id);
  if (open != id) return false;
  // The options below the bar, over what follows, until one is chosen or the box pressed again.
  const std::string list_name = std::string(id) + ".list";
  ImGui::SetNextWindowPos(ImVec2(min.x, max.y + 2));
  const float list_height =
      std::min(static_cast<float>(options.size()) * row_height() + 8, 12 * row_height());
  ImGui::SetNextWindowSize(ImVec2(std::max(width, 280.0f), list_height));
  ImGui::Begin(
      list_name.c_str(), nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  bool changed = false;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const std::string option_id = std::string(id) + "=" + options[i].value;  // as a picker's
    bool chosen = tap_area(option_id, ImVec2(full_width(), row_height()));
    chosen = pressed_now(take_activation(option_id)) || chosen;
    const ImVec2 omin = ImGui::GetItemRectMin(), omax = ImGui::GetItemRectMax();
    if (options[i].value == value)
      ImGui::GetWindowDrawList()->AddRectFilled(omin, omax, kSelectedBg);
    clipped_text(ImGui::GetWindowDrawList(), omin.x + 6, omax.x, omin.y + kRowPadding,
                 ImGui::GetColorU32(ImGuiCol_Text), options[i].label);
    Node& item = record(option_id, "radio", options[i].label);
    item.checked = options[i].value == value;
    if (chosen) {
      changed = value != options[i].value;
      value = options[i].value;
      open.clear();
    }
  }
  ImGui::End();
  return changed;
}

bool small_button(std::string_view id, std::string_view label, bool primary) {
  const ImVec2 size = ImGui::CalcTextSize(label.data(), label.data() + label.size());
  bool pressed = tap_area(id, ImVec2(size.x + 20, row_height() + 6));
  pressed = pressed_now(take_activation(id)) || pressed;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, primary ? kAccent : kSecondaryBg, 4);
  if (ImGui::IsItemActive()) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 30), 4);
  draw->AddText(ImVec2(min.x + 10, min.y + kRowPadding + 3),
                primary ? kAccentText : ImGui::GetColorU32(ImGuiCol_Text), label.data(),
                label.data() + label.size());
  record(id, "button", label);
  return pressed;
}

}  // namespace aduan::app::ui
