// shell/ui/onscreen_keyboard_layout.h: the keys of the portal's on-screen keyboard
// (onscreen_keyboard.h), apart from drawing them, so a test reads the same rows the kiosk draws.
//
// Indonesian QWERTY (the US layout): five rows of characters, plain and shifted, then the
// space row. A key's id (and its button's name in the accessibility mirror) is the character it
// types, so no character may appear twice in one layout: two keys with one id are one ImGui item,
// and a tap on the second would do nothing.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace aduan::app::ui {

inline constexpr std::array<std::string_view, 5> kKeyboardRowsPlain = {
    "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", ",.-/@?!:'"};
inline constexpr std::array<std::string_view, 5> kKeyboardRowsShift = {
    "!\"#$%&*()=", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM", ";_+[]{}<>"};
// The keys that type no character.
inline constexpr std::string_view kKeyErase = "osk.erase", kKeyShift = "osk.shift",
                                  kKeySpace = "osk.space", kKeyHide = "osk.hide";
inline constexpr std::array<std::string_view, 4> kKeyboardActionIds = {kKeyErase, kKeyShift,
                                                                       kKeySpace, kKeyHide};

inline std::string keyboard_key_id(char character) {
  return "osk." + std::string(1, character);
}

// Every key's id in one layout (plain or shifted), in drawing order.
inline std::vector<std::string> keyboard_key_ids(bool shifted) {
  std::vector<std::string> ids;
  for (std::string_view row : shifted ? kKeyboardRowsShift : kKeyboardRowsPlain)
    for (char c : row) ids.push_back(keyboard_key_id(c));
  for (std::string_view id : kKeyboardActionIds) ids.emplace_back(id);
  return ids;
}

}  // namespace aduan::app::ui
