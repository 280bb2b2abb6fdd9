// shell/ui/onscreen_keyboard.cpp: see onscreen_keyboard.h.
//
// The rows are fixed strings (onscreen_keyboard_layout.h) rather than a layout table: five short
// rows are the whole layout, and a reader sees the keyboard at a glance. Shift is one-shot, as on a
// phone: it turns the next letter into a capital (and the digit row into its symbols), then falls
// back.
#include "shell/ui/onscreen_keyboard.h"

#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "shell/ui/onscreen_keyboard_layout.h"
#include "shell/ui/widgets_platform.h"
#include "shell/ui/widgets_state.h"

// The keyboard's page side, linked only into the programs that draw the keyboard (the kiosk's
// and the official's), so the citizen's page carries none of it: types `text` into the text
// element of the field last focused (web/bridge.js, keyboardField) at its caret, as a keyboard
// would, so the element's caret, selection and value stay the truth; "\b" deletes the character
// before the caret (a surrogate pair whole) or the selection.
// clang-format off
EM_JS(void, aduan_osk_type, (const char* text_ptr, int size), {
  var ui = Module.aduanUi;
  var el = ui && ui.keyboardField();
  if (!el) return;
  var text = UTF8ToString(text_ptr, size);
  var start = el.selectionStart;
  var end = el.selectionEnd;
  if (start === null || start === undefined) start = end = el.value.length;  // email, tel
  if (text === "\b") {
    if (start === end && start > 0)
      start -= (el.value.charCodeAt(start - 1) & 0xFC00) === 0xDC00 ? 2 : 1;
    text = "";
  }
  el.value = el.value.slice(0, start) + text + el.value.slice(end);
  var caret = start + text.length;
  try {
    el.setSelectionRange(caret, caret);
  } catch (e) {
    // email, tel: the caret stays at the end
  }
  ui.sendText();
});
// clang-format on

namespace aduan::app::ui {
namespace {

constexpr float kKeyHeight = 56.0f;  // above the 48 px of every other tap target
constexpr float kGap = 6.0f;
constexpr int kRows = 6;  // five rows of characters and the space row
constexpr ImU32 kKeyFace = IM_COL32(0xff, 0xff, 0xff, 0xff);
constexpr ImU32 kKeyInk = IM_COL32(0x00, 0x00, 0x00, 0xff);
constexpr ImU32 kPanel = IM_COL32(0x20, 0x20, 0x20, 0xff);
constexpr ImU32 kActionFace = IM_COL32(0x1d, 0x5c, 0x4b, 0xff);

bool shifted = false;
// Keys pressed this frame, typed at the start of the next one (type_pending_keys), before the
// fields are drawn: typed during the frame, the text would reach the field only after this
// frame's mirror was published with the old value, which the page would then put back.
std::vector<std::string> pending;

// One key: a filled rectangle with its label centred, recorded as a button that keeps focus.
bool key(std::string_view id, std::string_view label, float width, ImU32 face, ImU32 ink) {
  const bool pressed = detail::tap_area(id, ImVec2(width, kKeyHeight));
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::IsItemActive() ? IM_COL32(0xc8, 0xc8, 0xc8, 0xff) : face, 6);
  const ImVec2 size = ImGui::CalcTextSize(label.data(), label.data() + label.size());
  draw->AddText(ImVec2((min.x + max.x - size.x) / 2, (min.y + max.y - size.y) / 2), ink,
                label.data(), label.data() + label.size());
  detail::Node& node = detail::record(id, "button", label);
  node.key = true;
  return detail::pressed_now(detail::take_activation(id)) || pressed;
}

void character_row(std::string_view row, float key_width, float indent) {
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) ImGui::SameLine(0, kGap);
    const std::string character(1, row[i]);
    if (key(keyboard_key_id(row[i]), character, key_width, kKeyFace, kKeyInk)) {
      pending.push_back(character);
      shifted = false;
    }
  }
}

}  // namespace

float onscreen_keyboard_height(float /*viewport_width*/) {
  return kRows * (kKeyHeight + kGap) + 2 * kGap;
}

bool onscreen_keyboard(float viewport_width, float viewport_height, const KeyboardLabels& labels) {
  const float height = onscreen_keyboard_height(viewport_width);
  const float width = std::min(viewport_width, 1000.0f);
  ImGui::SetNextWindowPos(ImVec2((viewport_width - width) / 2, viewport_height - height));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, kPanel);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kGap, kGap));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(kGap, kGap));
  ImGui::Begin("keyboard", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  const float key_width = (width - 2 * kGap - 10 * kGap) / 11;  // 10 keys + delete on a row
  const auto& rows = shifted ? kKeyboardRowsShift : kKeyboardRowsPlain;
  bool shown = true;

  character_row(rows[0], key_width, 0);
  ImGui::SameLine(0, kGap);
  if (key(kKeyErase, labels.erase, key_width, kActionFace, kKeyFace)) pending.emplace_back("\b");
  character_row(rows[1], key_width, key_width / 2);
  character_row(rows[2], key_width, key_width);
  if (key(kKeyShift, labels.shift, key_width * 1.5f, shifted ? kKeyFace : kActionFace,
          shifted ? kKeyInk : kKeyFace))
    shifted = !shifted;
  ImGui::SameLine(0, kGap);
  character_row(rows[3], key_width, 0);
  character_row(rows[4], key_width, key_width / 2);
  if (key(kKeySpace, labels.space, key_width * 8 + 7 * kGap, kKeyFace, kKeyInk))
    pending.emplace_back(" ");
  ImGui::SameLine(0, kGap);
  if (key(kKeyHide, labels.hide, key_width * 2 + kGap, kActionFace, kKeyFace)) shown = false;

  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
  return shown;
}

void type_pending_keys() {
  auto keys = std::move(pending);
  pending.clear();
  for (const auto& text : keys) aduan_osk_type(text.data(), static_cast<int>(text.size()));
}

bool input_this_frame() {
  const ImGuiIO& io = ImGui::GetIO();
  const detail::State& s = detail::state();
  const bool pointer = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 ||
                       ImGui::IsAnyMouseDown() || ImGui::IsMouseReleased(ImGuiMouseButton_Left);
  return pointer || !s.edits.empty() || !s.activations.empty() || !io.InputQueueCharacters.empty();
}

void forget_typed_text() {
  detail::State& s = detail::state();
  s.edits.clear();
  s.searches.clear();
  s.focused_field.clear();
  s.focused_caret = detail::Edit{};
  shifted = false;
  platform::forget_text_elements();
  platform::request_frame();
}

}  // namespace aduan::app::ui
