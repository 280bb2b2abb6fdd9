// shell/app/platform_web.cpp: the portal's home in the browser.
//
// Owns start-up (fetch the font, make the WebGL context, start ImGui), the frame loop and the
// page's input. Does not own any screen (portal.cpp) or key mapping (web_input.cpp). It talks
// to the browser through Emscripten's html5.h rather than its GLFW emulation: that emulation
// asks for fullscreen whenever the canvas is as large as the screen (as on every phone), knows
// no touch and no device pixel ratio.
//
// The loop runs on requestAnimationFrame but only draws when input, a resize or the portal asks
// for it, so an idle portal costs no GPU work and little battery.
// Order of events: main() -> font fetched -> start_ui() -> frame() per animation frame.
#include <GLES2/gl2.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>

#include "shell/app/portal.h"
#include "shell/app/web_input.h"

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr const char* kFontUrl = "assets/fonts/ui.ttf";
constexpr float kFontCssPixels = 18.0f;

struct WebPlatform {
  aduan::app::Portal portal;
  int frames_to_draw = 2;  // ImGui settles its layout over the first frames
  bool marked_interactive = false;
};

WebPlatform platform;

void fit_canvas_to_page() {
  double css_width = 0, css_height = 0;
  emscripten_get_element_css_size(kCanvas, &css_width, &css_height);
  const double ratio = emscripten_get_device_pixel_ratio();
  emscripten_set_canvas_element_size(kCanvas, static_cast<int>(std::lround(css_width * ratio)),
                                     static_cast<int>(std::lround(css_height * ratio)));
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(css_width), static_cast<float>(css_height));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(ratio), static_cast<float>(ratio));
  platform.frames_to_draw = 3;
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
  fit_canvas_to_page();
  return EM_FALSE;
}

void frame() {
  if (platform.frames_to_draw == 0 && !platform.portal.wants_another_frame()) return;
  if (platform.frames_to_draw > 0) --platform.frames_to_draw;

  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  platform.portal.draw(size.x, size.y);
  ImGui::Render();

  int width = 0, height = 0;
  emscripten_get_canvas_element_size(kCanvas, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.96f, 0.96f, 0.94f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  EM_ASM({ if (Module.onFrameDrawn) Module.onFrameDrawn(); });

  if (!platform.marked_interactive) {
    platform.marked_interactive = true;
    EM_ASM({
      performance.mark('aduan-interactive');
      if (Module.onInteractive) Module.onInteractive();
    });
  }
}

void fail(const char* what) {
  std::fprintf(stderr, "aduan: %s\n", what);
  EM_ASM({ if (Module.onFatal) Module.onFatal(UTF8ToString($0)); }, what);
}

// WebGL2 where the browser has it, WebGL1 otherwise; both run the same GLSL ES 1.00 shaders.
bool create_gl_context() {
  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_init_context_attributes(&attributes);
  attributes.alpha = EM_FALSE;
  attributes.depth = EM_FALSE;
  attributes.stencil = EM_FALSE;
  attributes.antialias = EM_FALSE;
  attributes.powerPreference = EM_WEBGL_POWER_PREFERENCE_LOW_POWER;
  for (int version : {2, 1}) {
    attributes.majorVersion = version;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context(kCanvas, &attributes);
    if (context > 0 && emscripten_webgl_make_context_current(context) == EMSCRIPTEN_RESULT_SUCCESS) {
      EM_ASM({ Module.webglVersion = $0; }, version);
      return true;
    }
  }
  return false;
}

void start_ui(void* font_data, int font_size) {
  if (!create_gl_context()) return fail("WebGL is not available in this browser");

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is code, not user state; nothing to persist
  io.BackendPlatformName = "aduan_web";
  ImGui::StyleColorsLight();
  ImGuiStyle& style = ImGui::GetStyle();
  style.FramePadding = ImVec2(12.0f, 10.0f);
  style.ItemSpacing = ImVec2(10.0f, 12.0f);
  style.FrameRounding = 6.0f;
  style.ScrollbarSize = 18.0f;
  style.TouchExtraPadding = ImVec2(4.0f, 4.0f);

  // Rasterised at the device pixel ratio and shown scaled back, so text is crisp on phones.
  const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  ImFontConfig config;
  config.FontDataOwnedByAtlas = true;  // the atlas frees font_data with IM_FREE
  ImFont* font = io.Fonts->AddFontFromMemoryTTF(font_data, font_size, kFontCssPixels * ratio, &config);
  if (!font) return fail("the UI font could not be read");
  io.FontGlobalScale = 1.0f / ratio;

  ImGui_ImplOpenGL3_Init("#version 100");
  // ImGui takes one button transition per frame; three frames let a quick tap settle.
  aduan::app::install_web_input(kCanvas, [] { platform.frames_to_draw = 3; });
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
  fit_canvas_to_page();
  emscripten_set_main_loop(frame, 0, false);
}

void on_font_loaded(void*, void* data, int size) {
  // The fetched buffer is freed after this callback returns; the atlas needs its own copy.
  void* owned = IM_ALLOC(static_cast<size_t>(size));
  std::memcpy(owned, data, static_cast<size_t>(size));
  start_ui(owned, size);
}

void on_font_failed(void*) { fail("the UI font could not be downloaded"); }

}  // namespace

int main() {
  emscripten_async_wget_data(kFontUrl, nullptr, on_font_loaded, on_font_failed);
  return 0;
}
