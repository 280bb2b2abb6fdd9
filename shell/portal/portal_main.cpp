// shell/portal/portal_main.cpp: the portal program: the citizen's screens, with the officer
// console and the dashboard reached from its home screen.
//
// Owns the one place where the two programs' code meets. The citizen's portal (shell/portal)
// and the console (shell/console) are separate libraries that never include each other; both
// use the shared screens' context and widgets (shell/ui) and the device (shell/device). Until
// the console is built as a program of its own, this file plugs it into the portal through
// ConsoleSeam and names the program the browser loop runs (ui::program()).
#include <functional>
#include <memory>
#include <utility>

#include "shell/console/console.h"
#include "shell/portal/portal.h"
#include "shell/ui/program.h"

namespace aduan::app {
namespace {

class ConsoleInPortal : public ConsoleSeam {
 public:
  ConsoleInPortal(AppContext& app, std::function<void()> go_home)
      : screen_(app, std::move(go_home)) {}

  void tick() override { console_tick(screen_); }
  void draw_console() override { app::draw_console(screen_); }
  void draw_dashboard() override { app::draw_dashboard(screen_); }

 private:
  ConsoleScreen screen_;
};

}  // namespace

ui::Program& ui::program() {
  static Portal portal([](AppContext& app, std::function<void()> go_home) {
    return std::make_unique<ConsoleInPortal>(app, std::move(go_home));
  });
  return portal;
}

}  // namespace aduan::app
