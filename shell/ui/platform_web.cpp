// shell/ui/platform_web.cpp: the portal's home in the browser.
//
// Owns start-up (make the WebGL context, start ImGui), the frame scheduler, the font atlas's
// sizes (rebuilt when the text size or the device pixel ratio changes; the browser draws the
// glyphs, font_atlas_web.h) and the page's input. Does not own any screen (the program's,
// program.h), widget (widgets.cpp) or key mapping (web_input.cpp). It talks to the browser
// through Emscripten's html5.h rather than its GLFW emulation: that emulation asks for
// fullscreen whenever the canvas is as large as the screen (as on every phone), knows no touch
// and no device pixel ratio.
//
// Frames are drawn on demand, never in a loop: input, a resize, a widget or the portal asks for
// one (requestAnimationFrame), or for one at a later time (setTimeout). An idle portal draws
// nothing, so it costs no GPU work and no battery.
// Order of events: main() -> start_ui() -> draw_frame() whenever asked.
#include <GLES2/gl2.h>
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <emscripten/html5_webgl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "shell/ui/font_atlas_web.h"
#include "shell/ui/program.h"
#include "shell/ui/web_input.h"
#include "shell/ui/widgets.h"
#include "shell/ui/widgets_platform.h"

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr float kFontCssPixels = 18.0f;
constexpr float kHeadingScale = 1.4f;
// After input, a frame or two more let hover and press highlights settle.
constexpr int kFramesAfterInput = 2;

// The characters assets/fonts/ui-font.txt lists (make-dist checks the texts and catalogs
// against it); ImGui bakes only these.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x0131, 0x0131, 0x0152, 0x0153, 0x2010, 0x2027,
                                    0x2030, 0x203A, 0x20AC, 0x20AC, 0x2122, 0x2122, 0x2190, 0x2193,
                                    0x2212, 0x2212, 0x25B2, 0x25BC, 0x2713, 0x2713, 0};

struct WebPlatform {
  float built_scale = 0;  // text scale x device pixel ratio the atlas was built at
  bool fonts_uploaded = false;
  int frames_to_draw = kFramesAfterInput;
  bool frame_pending = false;
  long timer = 0;
  double timer_at = 0;
  bool marked_interactive = false;
  bool gl_lost = false;  // a phone took the GPU away (e.g. in the background): draw nothing
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl_context = 0;
  int gl_version = 0;
};

WebPlatform web;

void draw_frame();

EM_BOOL on_animation_frame(double, void*) {
  web.frame_pending = false;
  draw_frame();
  return EM_FALSE;
}

void on_timer(void*) {
  web.timer = 0;
  web.timer_at = 0;
  aduan::app::platform::request_frame();
}

void wake_for_input() {
  web.frames_to_draw = kFramesAfterInput;
  aduan::app::platform::request_frame();
}

void fit_canvas_to_page() {
  double css_width = 0, css_height = 0;
  emscripten_get_element_css_size(kCanvas, &css_width, &css_height);
  const double ratio = emscripten_get_device_pixel_ratio();
  emscripten_set_canvas_element_size(kCanvas, static_cast<int>(std::lround(css_width * ratio)),
                                     static_cast<int>(std::lround(css_height * ratio)));
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(css_width), static_cast<float>(css_height));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(ratio), static_cast<float>(ratio));
  wake_for_input();
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
  fit_canvas_to_page();
  aduan::app::ui::detail::reveal_focused_field();
  return EM_FALSE;
}

// Rasterised at text scale x device pixel ratio and shown scaled back, so text stays crisp at
// every size on every screen.
bool build_fonts() {
  const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  const float scale = aduan::app::ui::detail::wanted_text_scale() * ratio;
  if (scale == web.built_scale) return true;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  using aduan::app::ui::add_browser_font;
  ImFont* body = add_browser_font(*io.Fonts, kFontCssPixels * scale, kGlyphRanges);
  ImFont* heading =
      add_browser_font(*io.Fonts, kFontCssPixels * kHeadingScale * scale, kGlyphRanges);
  if (!body || !heading || !io.Fonts->Build()) return false;
  io.FontDefault = body;
  io.FontGlobalScale = 1.0f / ratio;
  aduan::app::ui::detail::set_heading_font(heading);
  if (web.fonts_uploaded) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  web.built_scale = scale;
  return true;
}

// ImGui's renderer needs vertex array objects: WebGL2 has them, WebGL1 by an extension. No
// other extension is asked for (asking for all of them cost about 90 ms of a phone's start).
bool enable_vertex_arrays() {
  return web.gl_version == 2 || emscripten_webgl_enable_OES_vertex_array_object(web.gl_context);
}

// Phones drop WebGL contexts of pages in the background. Refusing the default lets the browser
// restore it; then the renderer starts over with new GL objects (ImGui's state is untouched).
EM_BOOL on_context_lost(int, const void*, void*) {
  web.gl_lost = true;
  return EM_TRUE;
}

EM_BOOL on_context_restored(int, const void*, void*) {
  web.gl_lost = false;
  (void)enable_vertex_arrays();  // a restored context has none of its extensions
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplOpenGL3_Init("#version 100");
  wake_for_input();
  return EM_TRUE;
}

void draw_frame() {
  if (web.gl_lost) return;
  if (!build_fonts()) return;
  ImGui_ImplOpenGL3_NewFrame();
  web.fonts_uploaded = true;
  ImGui::NewFrame();
  aduan::app::ui::begin_frame();
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  aduan::app::ui::program().draw(size.x, size.y);
  aduan::app::ui::end_frame();
  ImGui::Render();

  // Until the program is usable the page's own start-up text is what the citizen sees: a frame
  // that only says "loading" would cost a presentation (on a slow phone, as much as building
  // the screen) and delay the first one that can be used.
  const bool usable = aduan::app::ui::program().usable();
  if (usable) {
    int width = 0, height = 0;
    emscripten_get_canvas_element_size(kCanvas, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.96f, 0.96f, 0.94f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    EM_ASM({
      if (Module.onFrameDrawn) Module.onFrameDrawn();
    });
  }

  if (web.frames_to_draw > 0) --web.frames_to_draw;
  // ImGui takes one button transition per frame (a touch even splits moving and pressing), so
  // a quick tap is still queued after this frame: draw until the queue is empty.
  if (web.frames_to_draw > 0 || aduan::app::ui::program().wants_another_frame() ||
      !ImGui::GetCurrentContext()->InputEventsQueue.empty())
    aduan::app::platform::request_frame();
  if (!web.marked_interactive && usable) {
    web.marked_interactive = true;
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
// boot.js's probe has already made the canvas's context with these attributes (keep the two
// alike): the browser hands that one back.
bool create_gl_context() {
  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_init_context_attributes(&attributes);
  attributes.alpha = EM_FALSE;
  attributes.depth = EM_FALSE;
  attributes.stencil = EM_FALSE;
  attributes.antialias = EM_FALSE;
  attributes.powerPreference = EM_WEBGL_POWER_PREFERENCE_LOW_POWER;
  attributes.enableExtensionsByDefault = EM_FALSE;
  for (int version : {2, 1}) {
    attributes.majorVersion = version;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context(kCanvas, &attributes);
    if (context <= 0 || emscripten_webgl_make_context_current(context) != EMSCRIPTEN_RESULT_SUCCESS)
      continue;
    web.gl_context = context;
    web.gl_version = version;
    if (!enable_vertex_arrays()) continue;
    EM_ASM({ Module.webglVersion = $0; }, version);
    return true;
  }
  return false;
}

void start_ui() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  // Storage and the texts load while the GL context and the fonts are made, not after.
  aduan::app::ui::program().start();
  if (!create_gl_context()) return fail("WebGL is not available in this browser");
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
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.96f, 0.94f, 1.0f);

  if (!build_fonts()) return fail("the UI font could not be drawn");
  ImGui_ImplOpenGL3_Init("#version 100");
  aduan::app::install_web_input(kCanvas, wake_for_input);
  aduan::app::install_widget_bridge();
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
  emscripten_set_webglcontextlost_callback(kCanvas, nullptr, EM_FALSE, on_context_lost);
  emscripten_set_webglcontextrestored_callback(kCanvas, nullptr, EM_FALSE, on_context_restored);
  fit_canvas_to_page();
}

}  // namespace

namespace aduan::app::platform {

void request_frame() {
  if (web.frame_pending) return;
  web.frame_pending = true;
  emscripten_request_animation_frame(on_animation_frame, nullptr);
}

void request_frame_at(double epoch_ms) {
  const double delay = epoch_ms - now_ms();
  if (delay <= 0) return request_frame();
  if (web.timer != 0 && web.timer_at <= epoch_ms) return;  // an earlier one is set
  if (web.timer != 0) emscripten_clear_timeout(web.timer);
  web.timer = emscripten_set_timeout(on_timer, delay, nullptr);
  web.timer_at = epoch_ms;
}

double now_ms() { return emscripten_date_now(); }

}  // namespace aduan::app::platform

namespace {

EM_JS(void, aduan_open_page, (const char* address), { location.assign(UTF8ToString(address)); });

EM_JS(void, aduan_download_address, (const char* address), {
  var link = document.createElement("a");
  link.href = UTF8ToString(address);
  link.setAttribute("download", "");
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
});

EM_JS(int, aduan_page_fragment, (char* out, int capacity), {
  return stringToUTF8(location.hash.substring(1), out, capacity);
});

}  // namespace

void aduan::app::ui::open_page(const char* address) { aduan_open_page(address); }

void aduan::app::ui::download(const char* address) {
  aduan_download_address(address);
}

std::string aduan::app::ui::page_fragment() {
  std::vector<char> buffer(256, '\0');
  const int length = aduan_page_fragment(buffer.data(), static_cast<int>(buffer.size()));
  return std::string(buffer.data(), static_cast<std::size_t>(length > 0 ? length : 0));
}

int main() {
  start_ui();
  return 0;
}
