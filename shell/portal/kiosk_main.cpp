// shell/portal/kiosk_main.cpp: the kiosk's program (kiosk.html): the citizen's screens with
// kiosk mode's code (kiosk_*.cpp, the on-screen keyboard) handed to the Portal.
//
// Owns only the choice of the program the browser loop runs (ui::program()). A program of its
// own so that a citizen who never uses a kiosk never downloads the kiosk's code: the citizen's
// program (portal_main.cpp) builds the same Portal without the hooks, and its link drops them.
// Both open the same device store (one IndexedDB database, one Web Lock); the citizen's program
// opens this page for set-up or when the store says this device is a kiosk, and this one opens
// "/" again when kiosk mode is left (kiosk_state.h).
#include "shell/portal/kiosk_state.h"
#include "shell/portal/portal.h"
#include "shell/ui/program.h"

namespace aduan::app {

ui::Program& ui::program() {
  static Portal portal(&kiosk_hooks());
  return portal;
}

}  // namespace aduan::app
