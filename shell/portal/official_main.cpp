// shell/portal/official_main.cpp: the village official's program (official.html): the
// citizen's screens with the official's mode (official_*.cpp) handed to the Portal.
//
// Owns only the choice of the program the browser loop runs (ui::program()). A program of its
// own so that a citizen never downloads the official's code: the citizen's program
// (portal_main.cpp) builds the same Portal without the hooks. Both open the same device store
// (one IndexedDB database, one Web Lock); the citizen's program opens this page from Settings
// ("Saya perangkat desa") and whenever the store says an official signed in on this device.
#include "shell/portal/official_state.h"
#include "shell/portal/portal.h"
#include "shell/ui/program.h"

namespace aduan::app {

ui::Program& ui::program() {
  static Portal portal(&official_hooks());
  return portal;
}

}  // namespace aduan::app
