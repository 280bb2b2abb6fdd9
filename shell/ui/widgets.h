// shell/ui/widgets.h: the portal's widgets: Dear ImGui drawing plus what the browser needs.
//
// Owns the few widget kinds every screen is built from. Each call draws with ImGui and also
// records the widget (role, accessible name, state, rectangle) in this frame's accessibility
// tree, which the platform mirrors into an off-screen DOM tree for screen readers and tests.
// Text fields are edited by a real text element the platform keeps over the field (so a phone
// raises its keyboard, and IME, autocorrect and paste work); the widget only draws the value
// and the caret. Does not own screens (portal*.cpp) or the browser glue (widgets_web.cpp,
// web/bridge.js), which is why everything here takes plain strings and returns plain results.
//
// Ids: every interactive widget takes a stable `id` (ASCII, unique on the screen, e.g.
// "report.title"); the accessible name is the visible label. Screens call these between
// begin_frame() and end_frame(), which the platform calls around the portal's draw().
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace aduan::app::ui {

// Tap targets are at least this tall (CSS px): phones need 44, we give a little more.
inline constexpr float kTapTargetHeight = 48.0f;

enum class ButtonKind { primary, secondary, danger, link };

// password: the element is type=password, the value is drawn as asterisks and the
// accessibility copy gets only asterisks, so the secret is in no DOM node but the input itself.
enum class InputMode { text, multiline, numeric, tel, email, url, password };

struct FieldOptions {
  InputMode mode = InputMode::text;
  std::string_view placeholder;
  std::string_view error;  // shown beside the field in red and as its aria description
  std::size_t max_bytes = 4000;
  bool required = false;
  float height = 0.0f;  // multiline only; 0 picks a few lines
  // The id of the button Enter presses from this field (Ctrl+Enter in a multiline one): a form
  // is sent from the keyboard as on any web page. Empty: Enter moves to the next field.
  std::string_view submit;
};

// One option of a picker: `value` is stored, `label` shown, `detail` searched and shown small.
struct PickerOption {
  std::string value;
  std::string label;
  std::string detail;
};

void heading(std::string_view text, int level = 1);  // level 1 is the screen title
void text(std::string_view text);                   // wrapped paragraph
void muted(std::string_view text);                  // smaller, grey
void error_text(std::string_view text);             // red, role=alert

bool button(std::string_view id, std::string_view label, ButtonKind kind = ButtonKind::primary);
// Returns true when `value` changed this frame.
bool text_field(std::string_view id, std::string_view label, std::string& value,
                const FieldOptions& options = {});
bool checkbox(std::string_view id, std::string_view label, bool& value,
              std::string_view explanation = {});
// One choice of several, drawn as large radio rows. Returns true when `selected` changed.
bool radio_group(std::string_view id, std::string_view label, const std::vector<std::string>& labels,
                 int& selected);
// A searchable list: a search field and the matching options; `value` holds the chosen value.
bool picker(std::string_view id, std::string_view label, const std::vector<PickerOption>& options,
            std::string& value, std::string_view error = {});
// A coloured pill, e.g. a report's status; role=status.
void chip(std::string_view text, std::uint32_t rgba);
// fraction in 0..1; `label` e.g. "120 KB / 300 KB".
void progress_bar(std::string_view id, float fraction, std::string_view label);
// A list row that opens something; returns true when tapped.
bool list_row(std::string_view id, std::string_view title, std::string_view subtitle,
              std::string_view chip_text = {}, std::uint32_t chip_rgba = 0);

// ---- The desk: dense widgets for a wide screen with a mouse and a keyboard (widgets_desk.cpp).
// Keys reach these only while no text field is being typed in (Enter on a focused widget
// presses it through the mirror, web/bridge.js).
enum class Key { up, down };
bool key_pressed(Key key);
// Two panes side by side: begin_pane(id, width) ... end_pane(), then the next pane on the same
// line. Each scrolls on its own; width 0 takes what is left. `text_scale` below 1 makes a
// table's text smaller than the screen's (the fields' text elements follow it).
void begin_pane(std::string_view id, float width, float text_scale = 1.0f);
void end_pane();
// The next widget on the same line as the last one (the compact filter bar).
void same_line();
struct TableColumn {
  std::string_view label;
  float weight = 1.0f;  // share of the row's width
};
// A header row; `sorted` is the column the rows are sorted by (-1: none). Returns the column
// pressed this frame, or -1. Each header is a button ("Urutkan: Kode") in the mirror.
int table_header(std::string_view id, const std::vector<TableColumn>& columns, int sorted,
                 bool ascending);
// One dense row of `cells` (one line each, cut to the column). `marked`, when given, is a tick
// box at the row's start (batch work). Returns true when the row itself was pressed. In the
// mirror the row is a list item button named by its cells, so a screen reader reads it whole.
bool table_row(std::string_view id, const std::vector<std::string>& cells,
               const std::vector<TableColumn>& columns, bool selected, std::uint32_t alert_rgba,
               bool* marked);
// A compact choice of `width`: shows "label: choice"; pressed, it lists the options under it
// (ids "<id>=<value>", as a picker's).
bool dropdown(std::string_view id, std::string_view label, const std::vector<PickerOption>& options,
              std::string& value, float width);
// A small button of its own width, for bars.
bool small_button(std::string_view id, std::string_view label, bool primary = false);

// A photo from the camera or the gallery, or a PDF document. The platform opens the file
// chooser inside the tap's own event handler. A photo is downscaled and re-encoded (which drops
// EXIF, location included) and arrives as JPEG bytes: at most 1600 px on the long edge, quality
// 0.8, at most 2 MiB. A PDF (told by its bytes, not its name) arrives as it is, no larger than
// rules::kMaxAttachmentBytes. `on_photo` is called later; when the file cannot be used, `bytes`
// is empty and `error` holds an assets/i18n message id ("photo.unreadable", "photo.too_large").
struct Photo {
  std::vector<std::uint8_t> bytes;
  std::string media_type;  // "image/jpeg" or "application/pdf"
  int width = 0;  // 0 for a document
  int height = 0;
  std::string error;
};
bool photo_button(std::string_view id, std::string_view label,
                  std::function<void(Photo)> on_photo);

// Asks the platform for another frame soon (an animation, a pending answer). An idle portal
// asks for nothing and is not drawn.
void request_frame();
// Asks for a frame at this time (ms since the epoch), e.g. the next caret blink or timer.
void request_frame_at(double epoch_ms);

// A new version of the portal is downloaded and waiting (the page also shows its own banner).
// accept_update() switches to it and reloads the page. Reports waiting to be sent are safe:
// they live in IndexedDB, not in the service worker's cache, and the new version opens them.
bool update_available();
void accept_update();

// The Settings screen's text size: 1.0 normal, up to about 1.6. Takes effect next frame.
void set_text_scale(float scale);
float text_scale();

// Called by the platform around each frame.
void begin_frame();
void end_frame();

// The window every screen of both programs draws in: on a phone the whole viewport; on a wide
// screen a centred column of at most `max_width`, `height` tall from the top (a form stretched
// across 1,900 px is hard to read, and the tap targets stay where the eye is). Every
// begin_screen() is followed by end_screen() in the same frame.
void begin_screen(float viewport_width, float max_width, float height);
void end_screen();

}  // namespace aduan::app::ui
