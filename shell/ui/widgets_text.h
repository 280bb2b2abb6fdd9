// shell/ui/widgets_text.h: the widgets' inner parts that are plain functions (widgets.cpp).
//
// Owns the accessibility node, its JSON form for the page, and the drawing of a text field's
// value with its caret (wrapped or scrolled to the caret). Kept apart from widgets.cpp so that
// file holds only the widgets themselves.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shell/ui/widgets.h"

namespace aduan::app::ui::detail {

// One widget as the page's DOM mirror shows it. Rect in CSS px (ImGui's display units).
struct Node {
  std::string id;
  const char* role = "";
  std::string name;
  std::string value;
  std::string description;
  ImVec2 min, max;
  int level = 0;
  int value_now = -1;
  bool checked = false;
  bool invalid = false;
  bool required = false;
  bool disabled = false;
  bool focused = false;
  bool photo = false;
  bool row = false;  // a list_row: consecutive rows form one list in the mirror
  bool key = false;  // an on-screen key: a tap on it leaves the text element focused
  std::string submit;  // text boxes: the button Enter presses
  InputMode mode = InputMode::text;
  std::size_t max_bytes = 0;
  float font_size = 0;  // text boxes: so the page's text element lays out text as ImGui does
};

// What the browser's text element holds: value and selection (UTF-8 byte offsets).
struct Edit {
  std::string value;
  int selection_start = 0;
  int selection_end = 0;
};

std::string tree_to_json(const std::vector<Node>& nodes);

// Cuts at most `max_bytes` without splitting a UTF-8 sequence.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);
// A password as drawn: one asterisk for each UTF-8 character.
std::string masked(std::string_view text);
// How many UTF-8 characters start before byte offset `bytes` (clamped to the text).
int characters_before(std::string_view text, int bytes);

// Draws the last item's frame, the value (or placeholder) and, when caret >= 0, the caret at
// that byte offset, with the selection [selection_start, caret) shaded while focused.
void draw_field_text(const std::string& value, std::string_view placeholder, bool multiline,
                     bool focused, int caret, int selection_start, ImU32 border);

// Whether `needle` occurs in `haystack`, ignoring ASCII case; an empty needle always does.
bool contains_folded(std::string_view haystack, std::string_view needle);

ImU32 rgba_to_imgui(std::uint32_t rgba);
ImU32 text_colour_on(std::uint32_t rgba);  // black or white, whichever reads on that colour

}  // namespace aduan::app::ui::detail
