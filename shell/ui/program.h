// shell/ui/program.h: the one program the browser loop (platform_web.cpp) runs.
//
// Owns nothing: it is the seam between the loop, which every program of the portal shares
// (start-up, fonts, frames on demand, input), and a program's screens. Each program's main file
// defines program(); the loop never names a program, so it is compiled the same for all.
// The portal is two programs, each a page of its own (index.html: the citizen's; console.html:
// the officer console and the dashboard), so a citizen never downloads the other one; a program
// reaches the other only by opening its page (open_page), never by calling it.
#pragma once

#include <string>

namespace aduan::app::ui {

class Program {
 public:
  virtual ~Program() = default;

  // Starts what the first usable frame waits for (opening the device's storage, fetching the
  // texts). The loop calls it before it builds the fonts and the GL context, so those loads
  // run while the CPU does that work; draw() starts them too if nothing did.
  virtual void start() = 0;

  // Builds the widgets of the current screen for a viewport of this size (CSS px), between
  // ui::begin_frame() and ui::end_frame().
  virtual void draw(float viewport_width, float viewport_height) = 0;

  // True while something on screen still changes without new input (a pending request,
  // "saving…"): the loop keeps drawing frames only while this holds.
  virtual bool wants_another_frame() const = 0;

  // The screen shows something to use (texts loaded, storage no longer opening): the loop
  // presents no frame before this holds (the page's own start-up text stays), and its
  // time-to-interactive mark is the first frame drawn in this state.
  virtual bool usable() const = 0;
};

// The program this build runs, made on first use (cheap: nothing is opened until it draws).
Program& program();

// Leaves this page for `address` (relative to the portal, e.g. "console.html#dashboard"). The
// page closes, so the device store's lock passes to the page opened; what the store holds is
// already durable (drafts are saved as they are typed), so nothing typed is lost.
void open_page(const char* address);

// Asks the browser to download `address` (a same-origin file the server sends as an attachment,
// e.g. the open data's CSV): a link with the download attribute, so this page stays open and
// keeps the device store's lock, as it would not if it navigated.
void download(const char* address);

// The page address's fragment without its '#' ("dashboard"), or "" when it has none.
std::string page_fragment();

}  // namespace aduan::app::ui
