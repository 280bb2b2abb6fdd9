// shell/ui/widgets_text.cpp: the accessibility tree's JSON and a text field's drawing
// (see widgets_text.h).
//
// The value is drawn by ImGui while the browser's transparent text element edits it, so the
// caret drawn here must sit where the browser's selection is: offsets arrive as UTF-8 bytes.
// A single line scrolls sideways to keep the caret visible; several lines wrap at words and
// scroll down to the caret's line.
#include "shell/ui/widgets_text.h"

#include <algorithm>
#include <cstdio>

namespace aduan::app::ui::detail {
namespace {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

const char* mode_name(InputMode mode) {
  switch (mode) {
    case InputMode::text: return "text";
    case InputMode::multiline: return "multiline";
    case InputMode::numeric: return "numeric";
    case InputMode::tel: return "tel";
    case InputMode::email: return "email";
    case InputMode::url: return "url";
    case InputMode::password: return "password";
  }
  return "text";
}

struct VisualLine {
  const char* begin;
  const char* end;  // excludes the newline that ended it, if any
};

std::vector<VisualLine> wrap(const std::string& value, float width) {
  std::vector<VisualLine> lines;
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  const char* at = value.data();
  const char* const end = value.data() + value.size();
  while (true) {
    const char* newline = std::find(at, end, '\n');
    const char* cut = at == newline ? newline : font->CalcWordWrapPositionA(scale, at, newline, width);
    if (cut == at && at != newline) cut = at + 1;  // a glyph wider than the field still advances
    lines.push_back({at, cut});
    if (cut == end) break;
    at = cut;
    if (at == newline) {
      ++at;  // the newline itself
      if (at == end) {
        lines.push_back({at, at});
        break;
      }
    } else {
      while (at < newline && *at == ' ') ++at;  // a wrapped line does not start with spaces
    }
  }
  return lines;
}

}  // namespace

std::string tree_to_json(const std::vector<Node>& nodes) {
  std::string out = "[";
  char number[160];
  for (const Node& node : nodes) {
    if (out.size() > 1) out += ',';
    out += "{\"id\":";
    append_json_string(out, node.id);
    out += ",\"role\":";
    append_json_string(out, node.role);
    out += ",\"name\":";
    append_json_string(out, node.name);
    if (!node.value.empty() || std::string_view(node.role) == "textbox") {
      out += ",\"value\":";
      append_json_string(out, node.value);
    }
    if (!node.description.empty()) {
      out += ",\"description\":";
      append_json_string(out, node.description);
    }
    std::snprintf(number, sizeof number, ",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f",
                  node.min.x, node.min.y, node.max.x - node.min.x, node.max.y - node.min.y);
    out += number;
    if (node.level) out += ",\"level\":" + std::to_string(node.level);
    if (node.value_now >= 0) out += ",\"valueNow\":" + std::to_string(node.value_now);
    if (node.checked) out += ",\"checked\":true";
    if (node.invalid) out += ",\"invalid\":true";
    if (node.required) out += ",\"required\":true";
    if (node.disabled) out += ",\"disabled\":true";
    if (node.focused) out += ",\"focused\":true";
    if (node.photo) out += ",\"photo\":true";
    if (node.row) out += ",\"row\":true";
    if (node.key) out += ",\"key\":true";
    if (!node.submit.empty()) {
      out += ",\"submit\":";
      append_json_string(out, node.submit);
    }
    if (std::string_view(node.role) == "textbox") {
      out += ",\"mode\":\"";
      out += mode_name(node.mode);
      out += "\",\"maxBytes\":" + std::to_string(node.max_bytes);
      std::snprintf(number, sizeof number, ",\"fontSize\":%.1f", node.font_size);
      out += number;
    }
    out += '}';
  }
  out += ']';
  return out;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::string masked(std::string_view text) {
  return std::string(static_cast<std::size_t>(characters_before(text, static_cast<int>(text.size()))),
                     '*');
}

int characters_before(std::string_view text, int bytes) {
  const std::size_t end = std::min(text.size(), static_cast<std::size_t>(std::max(bytes, 0)));
  int count = 0;
  for (std::size_t i = 0; i < end; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

void draw_field_text(const std::string& value, std::string_view placeholder, bool multiline,
                     bool focused, int caret, int selection_start, ImU32 border) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const float padding = ImGui::GetStyle().FramePadding.x;
  const float rounding = ImGui::GetStyle().FrameRounding;
  const float line = ImGui::GetTextLineHeight();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, IM_COL32_WHITE, rounding);
  draw->AddRect(min, max, border, rounding, 0, focused ? 2.5f : 1.5f);
  const ImVec4 clip(min.x + 2, min.y + 2, max.x - 2, max.y - 2);
  const float inner_width = max.x - min.x - 2 * padding;
  const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
  if (value.empty() && !placeholder.empty()) {
    draw->AddText(nullptr, 0,
                  ImVec2(min.x + padding, multiline ? min.y + padding : (min.y + max.y - line) / 2),
                  IM_COL32(0x80, 0x80, 0x80, 0xff), placeholder.data(),
                  placeholder.data() + placeholder.size(), multiline ? inner_width : 0, &clip);
  }
  const int size = static_cast<int>(value.size());
  caret = std::clamp(caret, -1, size);
  if (!multiline) {
    const float caret_x = caret >= 0 ? ImGui::CalcTextSize(value.data(), value.data() + caret).x : 0;
    const float scroll = std::max(0.0f, caret_x - inner_width + 2);
    const ImVec2 at(min.x + padding - scroll, (min.y + max.y - line) / 2);
    if (focused && selection_start >= 0 && caret >= 0 && selection_start != caret) {
      const int from = std::clamp(std::min(selection_start, caret), 0, size);
      const int to = std::clamp(std::max(selection_start, caret), 0, size);
      const float x0 = ImGui::CalcTextSize(value.data(), value.data() + from).x;
      const float x1 = ImGui::CalcTextSize(value.data(), value.data() + to).x;
      draw->AddRectFilled(ImVec2(at.x + x0, at.y), ImVec2(at.x + x1, at.y + line),
                          IM_COL32(0x1d, 0x5c, 0x4b, 0x50));
    }
    draw->AddText(nullptr, 0, at, text_colour, value.data(), value.data() + value.size(), 0, &clip);
    if (caret >= 0)
      draw->AddLine(ImVec2(at.x + caret_x, at.y), ImVec2(at.x + caret_x, at.y + line), text_colour,
                    1.5f);
    return;
  }
  const std::vector<VisualLine> lines = wrap(value, inner_width);
  int caret_line = 0;
  float caret_x = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int begin = static_cast<int>(lines[i].begin - value.data());
    const int end = static_cast<int>(lines[i].end - value.data());
    const bool next_starts_here =
        i + 1 < lines.size() && static_cast<int>(lines[i + 1].begin - value.data()) <= caret;
    if (caret >= begin && caret <= end && !next_starts_here) {
      caret_line = static_cast<int>(i);
      caret_x = ImGui::CalcTextSize(lines[i].begin, value.data() + caret).x;
    }
  }
  const int visible = std::max(1, static_cast<int>((max.y - min.y - 2 * padding) / line));
  const int first = std::max(0, caret_line - visible + 1);
  for (int i = first; i < static_cast<int>(lines.size()) && i < first + visible + 1; ++i) {
    const ImVec2 at(min.x + padding, min.y + padding + static_cast<float>(i - first) * line);
    draw->AddText(nullptr, 0, at, text_colour, lines[static_cast<std::size_t>(i)].begin,
                  lines[static_cast<std::size_t>(i)].end, 0, &clip);
  }
  if (caret >= 0) {
    const ImVec2 at(min.x + padding + caret_x,
                    min.y + padding + static_cast<float>(caret_line - first) * line);
    draw->AddLine(at, ImVec2(at.x, at.y + line), text_colour, 1.5f);
  }
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                      [&](char a, char b) { return fold(a) == fold(b); }) != haystack.end();
}

ImU32 rgba_to_imgui(std::uint32_t rgba) {
  return IM_COL32((rgba >> 24) & 0xff, (rgba >> 16) & 0xff, (rgba >> 8) & 0xff, rgba & 0xff);
}

ImU32 text_colour_on(std::uint32_t rgba) {
  const unsigned r = (rgba >> 24) & 0xff, g = (rgba >> 16) & 0xff, b = (rgba >> 8) & 0xff;
  return (r * 299 + g * 587 + b * 114) / 1000 > 150 ? IM_COL32(0x1b, 0x1b, 0x1b, 0xff)
                                                    : IM_COL32_WHITE;
}

}  // namespace aduan::app::ui::detail
