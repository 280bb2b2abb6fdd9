// shell/ui/widgets_web.cpp: the widgets' browser side (see widgets_platform.h).
//
// Owns the few functions web/bridge.js calls into (exported by name, strings passed as UTF-8
// in the program's memory) and the hand-over of the accessibility tree to it. Does not own any
// DOM work: bridge.js keeps the text element, the mirror tree and the file chooser, because
// those must run inside the browser's own event handlers (a phone raises its keyboard or
// opens its camera only for a focus() or click() made during the user's tap).
#include <emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

#include "shell/ui/onscreen_keyboard.h"
#include "shell/ui/widgets_platform.h"

extern "C" {

EMSCRIPTEN_KEEPALIVE void* aduan_ui_alloc(int size) {
  return std::malloc(static_cast<std::size_t>(size > 0 ? size : 1));
}
EMSCRIPTEN_KEEPALIVE void aduan_ui_free(void* pointer) { std::free(pointer); }

EMSCRIPTEN_KEEPALIVE void aduan_ui_text(const char* id, const char* value, int value_size,
                                        int selection_start, int selection_end) {
  aduan::app::ui::detail::text_edited(
      id, std::string_view(value, static_cast<std::size_t>(value_size)), selection_start,
      selection_end);
}

EMSCRIPTEN_KEEPALIVE void aduan_ui_focus(const char* id) {
  aduan::app::ui::detail::text_focus(id);
}

EMSCRIPTEN_KEEPALIVE void aduan_ui_activate(const char* id) {
  aduan::app::ui::detail::activate(id);
}

EMSCRIPTEN_KEEPALIVE void aduan_ui_photo(const char* id, const std::uint8_t* data, int size,
                                         const char* media_type, int width, int height,
                                         const char* error) {
  std::vector<std::uint8_t> bytes(data, data + size);
  aduan::app::ui::detail::photo_arrived(id, std::move(bytes), media_type, width, height, error);
}

EMSCRIPTEN_KEEPALIVE void aduan_ui_request_frame() { aduan::app::platform::request_frame(); }

}  // extern "C"

// Runs inside the program's scope, where HEAPU8 is the live view of its memory.
EM_JS(void, install_bridge_js, (), {
  var encoder = new TextEncoder();
  function withBytes(bytes, use) {
    var pointer = Module._aduan_ui_alloc(bytes.length + 1);
    HEAPU8.set(bytes, pointer);
    HEAPU8[pointer + bytes.length] = 0;
    try { return use(pointer, bytes.length); } finally { Module._aduan_ui_free(pointer); }
  }
  function withString(text, use) { return withBytes(encoder.encode(text), use); }
  Module.aduanNative = {
    text: function(id, value, start, end) {
      withString(id, function(idPointer) {
        withString(value, function(valuePointer, size) {
          Module._aduan_ui_text(idPointer, valuePointer, size, start, end);
        });
      });
    },
    focus: function(id) { withString(id, function(p) { Module._aduan_ui_focus(p); }); },
    activate: function(id) { withString(id, function(p) { Module._aduan_ui_activate(p); }); },
    photo: function(id, bytes, mediaType, width, height, error) {
      withString(id, function(idPointer) {
        withString(mediaType, function(typePointer) {
          withString(error, function(errorPointer) {
            withBytes(bytes, function(pointer, size) {
              Module._aduan_ui_photo(idPointer, pointer, size, typePointer, width, height,
                                     errorPointer);
            });
          });
        });
      });
    },
    requestFrame: function() { Module._aduan_ui_request_frame(); }
  };
  if (Module.aduanUi) Module.aduanUi.start(Module);
});

namespace aduan::app {

void install_widget_bridge() { install_bridge_js(); }

namespace ui {

bool update_available() {
  return EM_ASM_INT({ return Module.aduanUpdate && Module.aduanUpdate.waiting ? 1 : 0; }) != 0;
}

void accept_update() {
  EM_ASM({ if (Module.aduanUpdate) Module.aduanUpdate.accept(); });
}

}  // namespace ui

namespace platform {

void publish_accessibility_tree(std::string_view json) {
  EM_ASM({ if (Module.aduanUi) Module.aduanUi.mirror(UTF8ToString($0, $1)); }, json.data(),
         json.size());
}

void use_onscreen_keyboard(bool on) {
  EM_ASM({ if (Module.aduanUi) Module.aduanUi.onScreenKeyboard($0 !== 0); }, on ? 1 : 0);
}

void forget_text_elements() {
  EM_ASM({ if (Module.aduanUi) Module.aduanUi.forgetText(); });
}

}  // namespace platform

void ui::use_onscreen_keyboard(bool on) { platform::use_onscreen_keyboard(on); }
}  // namespace aduan::app
