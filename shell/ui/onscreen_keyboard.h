// shell/ui/onscreen_keyboard.h: a keyboard drawn by the portal, for touchscreens with none.
//
// Owns the keys (Indonesian QWERTY, which is the US layout: digits, letters, punctuation,
// shift, space, delete), how they are drawn (large, black on white, well apart) and what a key
// does: it types into the text field last focused, through the page's own text element (the
// page side is in onscreen_keyboard.cpp), so the caret, the selection and the value stay the
// element's as with any other keyboard. Does not own when the keyboard shows (the kiosk decides) nor any text.
//
// Each key is a button in the accessibility mirror named by what it types ("a", "A", "7", ",")
// or by its label (space, delete, shift), so a screen reader or a test presses it like any
// other button; a tap on a key keeps the text element focused (the page lets the tap through
// without taking the focus away), so no system keyboard flickers in between.
#pragma once

#include <string_view>

namespace aduan::app::ui {

struct KeyboardLabels {
  std::string_view space = "space";
  std::string_view erase = "delete";
  std::string_view shift = "shift";
  std::string_view hide = "hide";
};

// Height the keyboard needs at the bottom of a viewport this wide (CSS px).
float onscreen_keyboard_height(float viewport_width);
// Draws the keyboard as its own window along the bottom of the viewport. Returns false when
// the citizen tapped `hide`.
bool onscreen_keyboard(float viewport_width, float viewport_height, const KeyboardLabels& labels);
// Tells the page whether a portal keyboard is in use: then focusing a text field asks the
// system for no keyboard of its own (inputmode="none").
void use_onscreen_keyboard(bool on);
// Types the keys pressed in the last frame. Call between begin_frame() and the screens.
void type_pending_keys();

// For a shared device (the kiosk), which must know when someone is there and leave nothing
// behind. True when this frame brings input: a tap or pointer move, text typed, a screen
// reader's action. Call between begin_frame() and the screens.
bool input_this_frame();
// Forgets everything typed into the widgets: the page's text elements and their secrets, the
// pickers' searches, edits not yet taken, the focused field, the keyboard's shift.
void forget_typed_text();

}  // namespace aduan::app::ui
