// shell/portal/portal_main.cpp: the citizen's program (index.html): the portal's screens.
//
// Owns only the choice of the program the browser loop runs (ui::program()). The officer console
// and the dashboard are another program (shell/console/console_main.cpp, console.html) that the
// home screen opens as a page, so nothing of them is linked here and a citizen's first visit
// never downloads them. Kiosk mode is a third (kiosk_main.cpp, kiosk.html): this Portal gets no
// kiosk hooks, so the kiosk's code and the on-screen keyboard are not linked here either.
#include "shell/portal/portal.h"
#include "shell/ui/program.h"

namespace aduan::app {

ui::Program& ui::program() {
  static Portal portal;
  return portal;
}

}  // namespace aduan::app
