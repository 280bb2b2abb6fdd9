// The on-screen keyboard's keys (shell/ui/onscreen_keyboard_layout.h): every key of a layout has
// an id of its own (two keys with one id are one ImGui item, and a tap on the second does
// nothing), and shift changes what each key types but not where the keys are.
#include "shell/ui/onscreen_keyboard_layout.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace aduan::app::ui {
namespace {

TEST(OnscreenKeyboardLayout, EveryKeyOfALayoutIsUnique) {
  for (bool shifted : {false, true}) {
    const auto ids = keyboard_key_ids(shifted);
    std::set<std::string> seen;
    for (const auto& id : ids)
      EXPECT_TRUE(seen.insert(id).second) << id << " twice, shift " << shifted;
    EXPECT_EQ(seen.size(), ids.size());
  }
}

TEST(OnscreenKeyboardLayout, ShiftKeepsEveryRowsLength) {
  for (std::size_t row = 0; row < kKeyboardRowsPlain.size(); ++row)
    EXPECT_EQ(kKeyboardRowsPlain[row].size(), kKeyboardRowsShift[row].size()) << "row " << row;
}

TEST(OnscreenKeyboardLayout, TypesLettersDigitsAndPrintablePunctuation) {
  std::set<char> typed;
  for (const auto& rows : {kKeyboardRowsPlain, kKeyboardRowsShift})
    for (auto row : rows)
      for (char c : row) {
        EXPECT_TRUE(c > ' ' && c < 0x7f) << static_cast<int>(c);
        typed.insert(c);
      }
  for (char c = 'a'; c <= 'z'; ++c) EXPECT_TRUE(typed.count(c) && typed.count(c - 'a' + 'A')) << c;
  for (char c = '0'; c <= '9'; ++c) EXPECT_TRUE(typed.count(c)) << c;
}

}  // namespace
}  // namespace aduan::app::ui
