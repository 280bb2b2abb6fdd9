// shell/ui/font_atlas_web.h: ImGui's fonts drawn by the browser's own text engine.
//
// Owns the atlas builder that ImGui calls to bake its fonts: each glyph of the wanted ranges is
// measured and drawn on a canvas in the phone's UI font (the CSS family given here), and the
// atlas keeps the canvas's coverage. Does not own which sizes or ranges are baked, nor when the
// atlas is rebuilt (platform_web.cpp). Shaped so because a font file of our own and
// stb_truetype to rasterise it were 22 KB brotli of the citizen's first load, while every phone
// already has a UI font, a rasteriser hinted for its screen, and fallbacks for what ours lacked.
#pragma once

#include <imgui.h>

namespace aduan::app::ui {

// The CSS font family of the portal's text; web/bridge.js sets the same on the text element
// that edits a field (through Module.uiFont), so a tap lands where the text is drawn.
inline constexpr const char* kUiFontFamily = "system-ui, sans-serif";

// Adds a font of `size_pixels` (ImGui's size: the line's height, ascent to descent) with the
// glyphs of `ranges` (pairs, 0-terminated; must outlive the atlas) and selects the browser's
// builder for the atlas. The glyphs are drawn when the atlas is built.
ImFont* add_browser_font(ImFontAtlas& atlas, float size_pixels, const ImWchar* ranges);

}  // namespace aduan::app::ui
