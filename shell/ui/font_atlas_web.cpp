// shell/ui/font_atlas_web.cpp: the font atlas builder that asks the browser to draw the glyphs.
//
// Owns measuring (canvas measureText), packing (rows of boxes, like ImGui's own textures: a
// power-of-two height) and drawing (fillText in white, then the canvas's alpha as the atlas's
// coverage). Does not own sizes, ranges or rebuilds (platform_web.cpp). ImGui's stb_truetype
// builder is compiled out of the web build (cmake/ThirdParty.cmake), so this is the only one.
// ImGui sizes a font by its line height (ascent + descent), CSS by its em: the family's own
// ratio, measured once, converts one to the other, so a line is as tall as ImGui lays it out.
#include "shell/ui/font_atlas_web.h"

#include <emscripten.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace {

// Canvas anti-aliasing may reach a pixel past the measured ink.
constexpr int kInkMargin = 1;
// What measureText reports of one glyph (CSS pixels at the baked size), in this order.
enum Metric { kAdvance, kLeft, kRight, kAscent, kDescent, kMetricCount };

// Module.uiFont: one canvas for measuring and drawing, the family, and its em per line height
// and ascent per line height, measured at 100 px. Old browsers without font bounding boxes get
// the proportions of a typical sans-serif. Called once per build: it starts the build's record
// (font.made) and looks up the one the last build on this device kept (font.kept).
//
// Why keep an atlas: measuring and drawing each glyph was about a tenth of a repeat visit's
// start on a slow phone. The last build's inputs and results stay in localStorage as one item
// (the record as JSON, a newline, then the coverage, one character per texel). A build takes
// them only while every input matches (record format, browser, family and proportions, the
// same glyphs at the same sizes, the same layout); at the first difference it measures, and
// draws what it deferred, as if none was kept. A record of another shape is not used.
EM_JS(void, aduan_font_prepare, (const char* family, float* proportions), {
  var font = Module.uiFont;
  if (!font) {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", {willReadFrequently : true});
    font = Module.uiFont = {family : UTF8ToString(family), canvas : canvas, context : context};
    context.font = "100px " + font.family;
    var m = context.measureText("Hg");
    var ascent = m.fontBoundingBoxAscent || 93;
    var descent = m.fontBoundingBoxDescent || 24;
    font.emPerHeight = 100 / (ascent + descent);
    font.ascentPerHeight = ascent / (ascent + descent);
    font.key =
        [ 1, font.family, navigator.userAgent, font.emPerHeight, font.ascentPerHeight ].join("|");
    // glyphs: [CSS pixels, codepoints, x and y of each one's baseline origin]
    font.draw = function(glyphs) {
      context.font = glyphs[0] + "px " + font.family;
      context.fillStyle = "#fff";
      context.textBaseline = "alphabetic";
      for (var i = 0; i < glyphs[1].length; i++)
        context.fillText(String.fromCodePoint(glyphs[1][i]), glyphs[2][2 * i],
                         glyphs[2][2 * i + 1]);
    };
  }
  font.kept = null;
  try {
    var item = localStorage.getItem("aduan.fontAtlas") || "";
    var cut = item.indexOf("\n");
    var record = JSON.parse(item.slice(0, cut));
    if (record.key == font.key && Array.isArray(record.measures) &&
        typeof record.draws == "string") {
      record.alpha = item.slice(cut + 1);
      font.kept = record;
    }
  } catch (error) {
  }
  font.made = {key : font.key, measures : [], draws : ""};
  font.deferred = [];
  HEAPF32[proportions >> 2] = font.emPerHeight;
  HEAPF32[(proportions >> 2) + 1] = font.ascentPerHeight;
});

EM_JS(void, aduan_font_measure, (float css_pixels, const int* codepoints, int count, float* out), {
  var font = Module.uiFont;
  var input = css_pixels + ":" + HEAP32.subarray(codepoints >> 2, (codepoints >> 2) + count);
  var kept = font.kept && font.kept.measures[font.made.measures.length];
  if (kept && kept[0] == input && kept[1] && kept[1].length == count * 5) {
    HEAPF32.set(kept[1], out >> 2);
  } else {
    font.kept = null;
    var context = font.context;
    context.font = css_pixels + "px " + font.family;
    for (var i = 0; i < count; i++) {
      var m = context.measureText(String.fromCodePoint(HEAP32[(codepoints >> 2) + i]));
      var at = (out >> 2) + i * 5;
      HEAPF32[at] = m.width;
      HEAPF32[at + 1] = m.actualBoundingBoxLeft;
      HEAPF32[at + 2] = m.actualBoundingBoxRight;
      HEAPF32[at + 3] = m.actualBoundingBoxAscent;
      HEAPF32[at + 4] = m.actualBoundingBoxDescent;
    }
  }
  font.made.measures.push(
      [ input, Array.from(HEAPF32.subarray(out >> 2, (out >> 2) + count * 5)) ]);
});

// Setting a canvas's size clears it and resets its context's state.
EM_JS(void, aduan_font_canvas_size, (int width, int height), {
  Module.uiFont.canvas.width = width;
  Module.uiFont.canvas.height = height;
});

// origins: x, y of each glyph's baseline origin on the canvas. While a kept atlas may still
// serve, the glyphs wait (font.deferred) instead of being drawn.
EM_JS(void, aduan_font_draw,
      (float css_pixels, const int* codepoints, const int* origins, int count), {
        var font = Module.uiFont;
        var glyphs = [
          css_pixels, HEAP32.slice(codepoints >> 2, (codepoints >> 2) + count),
          HEAP32.slice(origins >> 2, (origins >> 2) + 2 * count)
        ];
        font.made.draws += glyphs.join(";") + "/";
        if (font.kept)
          font.deferred.push(glyphs);
        else
          font.draw(glyphs);
      });

// The canvas's rows in use, as the RGBA texture the renderer uploads: the coverage is the
// canvas's alpha, the colour white (what ImGui's own alpha-to-RGBA copy makes of it; the canvas
// says black where nothing was drawn). One pass, where an alpha copy and ImGui's would be two.
// A fresh atlas is kept a little later, once the start-up is over.
EM_JS(void, aduan_font_read_texture, (unsigned int* texels, int width, int rows), {
  var font = Module.uiFont;
  var made = font.made;
  var kept = font.kept;
  var at = texels >> 2;
  var n = width * rows;
  made.draws += width + "x" + rows;
  if (kept && kept.draws == made.draws && kept.alpha.length == n) {
    for (var i = 0; i < n; i++) HEAPU32[at + i] = kept.alpha.charCodeAt(i) << 24 | 0xFFFFFF;
    return;
  }
  font.deferred.forEach(font.draw);
  var rgba = font.context.getImageData(0, 0, width, rows).data;
  var alpha = new Uint8Array(n);
  for (var i = 0; i < n; i++) {
    alpha[i] = rgba[4 * i + 3];
    HEAPU32[at + i] = alpha[i] << 24 | 0xFFFFFF;
  }
  setTimeout(
      function() {
        var text = "";
        for (var i = 0; i < n; i += 8192)
          text += String.fromCharCode.apply(null, alpha.subarray(i, i + 8192));
        try {
          localStorage.setItem("aduan.fontAtlas", JSON.stringify(made) + "\n" + text);
        } catch (error) {
        }
      },
      2000);
});

struct Box {
  int width = 0, height = 0;
  int x = 0, y = 0;
};

struct FontGlyphs {
  ImFontConfig* config = nullptr;
  float css_pixels = 0;
  std::vector<int> codepoints;
  std::vector<float> metrics;  // kMetricCount per codepoint
  std::vector<Box> boxes;      // empty boxes for glyphs with no ink (the space)
  std::vector<int> origins;    // x, y per codepoint
};

// Control characters have no glyph; the old font file had none either.
bool drawable(int codepoint) {
  return codepoint >= 0x20 && !(codepoint >= 0x7F && codepoint < 0xA0);
}

// Rows of boxes, left to right, in a width chosen from the total area as ImGui's builder does.
int pack_rows(std::vector<Box*>& boxes, int padding) {
  double area = 0;
  for (const Box* box : boxes) area += double(box->width + padding) * (box->height + padding);
  const double side = std::sqrt(area) + 1;
  const int width = side >= 4096 * 0.7   ? 4096
                    : side >= 2048 * 0.7 ? 2048
                    : side >= 1024 * 0.7 ? 1024
                                         : 512;
  int x = 0, y = 0, row_height = 0;
  for (Box* box : boxes) {
    if (box->width == 0) continue;
    if (x + box->width > width) {
      x = 0;
      y += row_height + padding;
      row_height = 0;
    }
    box->x = x;
    box->y = y;
    x += box->width + padding;
    row_height = std::max(row_height, box->height);
  }
  return width;
}

bool build_with_browser_text(ImFontAtlas* atlas) {
  ImFontAtlasBuildInit(atlas);
  atlas->TexID = nullptr;
  atlas->TexWidth = atlas->TexHeight = 0;
  atlas->TexUvScale = atlas->TexUvWhitePixel = ImVec2(0, 0);
  atlas->ClearTexData();

  // Every font is the UI family (add_browser_font): one preparation for the build.
  float proportions[2] = {0, 0};  // em per line height, ascent per line height
  aduan_font_prepare(aduan::app::ui::kUiFontFamily, proportions);
  std::vector<FontGlyphs> fonts(static_cast<std::size_t>(atlas->ConfigData.Size));
  for (int i = 0; i < atlas->ConfigData.Size; ++i) {
    FontGlyphs& font = fonts[static_cast<std::size_t>(i)];
    font.config = &atlas->ConfigData[i];
    font.css_pixels = font.config->SizePixels * proportions[0];
    for (const ImWchar* range = font.config->GlyphRanges; range && range[0]; range += 2)
      for (int codepoint = range[0]; codepoint <= range[1]; ++codepoint)
        if (drawable(codepoint)) font.codepoints.push_back(codepoint);
    const int count = static_cast<int>(font.codepoints.size());
    font.metrics.resize(font.codepoints.size() * kMetricCount);
    aduan_font_measure(font.css_pixels, font.codepoints.data(), count, font.metrics.data());
    font.boxes.resize(font.codepoints.size());
    for (std::size_t g = 0; g < font.codepoints.size(); ++g) {
      const float* m = &font.metrics[g * kMetricCount];
      const int ink_width = static_cast<int>(std::ceil(m[kLeft]) + std::ceil(m[kRight]));
      const int ink_height = static_cast<int>(std::ceil(m[kAscent]) + std::ceil(m[kDescent]));
      if (ink_width <= 0 || ink_height <= 0) continue;
      font.boxes[g].width = ink_width + 2 * kInkMargin;
      font.boxes[g].height = ink_height + 2 * kInkMargin;
    }
  }

  // The atlas's own boxes (the mouse cursors' and the white pixel, thick lines) first.
  std::vector<Box> custom(static_cast<std::size_t>(atlas->CustomRects.Size));
  std::vector<Box*> order;
  for (int i = 0; i < atlas->CustomRects.Size; ++i) {
    custom[static_cast<std::size_t>(i)].width = atlas->CustomRects[i].Width;
    custom[static_cast<std::size_t>(i)].height = atlas->CustomRects[i].Height;
    order.push_back(&custom[static_cast<std::size_t>(i)]);
  }
  for (FontGlyphs& font : fonts)
    for (Box& box : font.boxes) order.push_back(&box);
  const int padding = std::max(1, atlas->TexGlyphPadding);
  atlas->TexWidth = pack_rows(order, padding);
  int used_height = 1;
  for (const Box* box : order) used_height = std::max(used_height, box->y + box->height);
  atlas->TexHeight = (atlas->Flags & ImFontAtlasFlags_NoPowerOfTwoHeight)
                         ? used_height + 1
                         : ImUpperPowerOfTwo(used_height);
  atlas->TexUvScale = ImVec2(1.0f / atlas->TexWidth, 1.0f / atlas->TexHeight);
  for (int i = 0; i < atlas->CustomRects.Size; ++i) {
    atlas->CustomRects[i].X = static_cast<unsigned short>(custom[static_cast<std::size_t>(i)].x);
    atlas->CustomRects[i].Y = static_cast<unsigned short>(custom[static_cast<std::size_t>(i)].y);
  }

  aduan_font_canvas_size(atlas->TexWidth, atlas->TexHeight);
  for (FontGlyphs& font : fonts) {
    font.origins.assign(font.codepoints.size() * 2, -1000);  // inkless glyphs: off the canvas
    for (std::size_t g = 0; g < font.codepoints.size(); ++g) {
      const Box& box = font.boxes[g];
      if (box.width == 0) continue;
      const float* m = &font.metrics[g * kMetricCount];
      font.origins[2 * g] = box.x + kInkMargin + static_cast<int>(std::ceil(m[kLeft]));
      font.origins[2 * g + 1] = box.y + kInkMargin + static_cast<int>(std::ceil(m[kAscent]));
    }
    aduan_font_draw(font.css_pixels, font.codepoints.data(), font.origins.data(),
                    static_cast<int>(font.codepoints.size()));
  }
  // ImGui takes an atlas built as RGBA as it is (GetTexDataAsRGBA32) and draws its own boxes
  // (ImFontAtlasBuildFinish) into it; the rows below the last glyph are clear.
  const std::size_t width = static_cast<std::size_t>(atlas->TexWidth);
  const std::size_t texels = width * static_cast<std::size_t>(atlas->TexHeight);
  atlas->TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(texels * sizeof(unsigned int)));
  aduan_font_read_texture(atlas->TexPixelsRGBA32, atlas->TexWidth, used_height);
  std::memset(atlas->TexPixelsRGBA32 + width * static_cast<std::size_t>(used_height), 0,
              (texels - width * static_cast<std::size_t>(used_height)) * sizeof(unsigned int));
  aduan_font_canvas_size(1, 1);  // the atlas has the pixels; let the browser free its copy

  for (FontGlyphs& font : fonts) {
    ImFontConfig& config = *font.config;
    const float ascent = std::round(config.SizePixels * proportions[1]);
    ImFontAtlasBuildSetupFont(atlas, config.DstFont, &config, ascent, ascent - config.SizePixels);
    for (std::size_t g = 0; g < font.codepoints.size(); ++g) {
      const float* m = &font.metrics[g * kMetricCount];
      const Box& box = font.boxes[g];
      const auto codepoint = static_cast<ImWchar>(font.codepoints[g]);
      if (box.width == 0) {
        config.DstFont->AddGlyph(&config, codepoint, 0, 0, 0, 0, 0, 0, 0, 0, m[kAdvance]);
        continue;
      }
      const float x0 = -std::ceil(m[kLeft]) - kInkMargin;
      const float y0 = ascent - std::ceil(m[kAscent]) - kInkMargin;
      config.DstFont->AddGlyph(&config, codepoint, x0, y0, x0 + box.width, y0 + box.height,
                               box.x * atlas->TexUvScale.x, box.y * atlas->TexUvScale.y,
                               (box.x + box.width) * atlas->TexUvScale.x,
                               (box.y + box.height) * atlas->TexUvScale.y, m[kAdvance]);
    }
  }
  ImFontAtlasBuildFinish(atlas);
  return true;
}

const ImFontBuilderIO kBrowserTextBuilder = {build_with_browser_text};

}  // namespace

namespace aduan::app::ui {

ImFont* add_browser_font(ImFontAtlas& atlas, float size_pixels, const ImWchar* ranges) {
  atlas.FontBuilderIO = &kBrowserTextBuilder;
  ImFontConfig config;
  // ImGui wants font data; this builder's "font file" is the CSS family it asks the browser for.
  config.FontData = const_cast<char*>(kUiFontFamily);
  config.FontDataSize = static_cast<int>(std::strlen(kUiFontFamily)) + 1;
  config.FontDataOwnedByAtlas = false;  // ImGui copies it
  config.SizePixels = size_pixels;
  config.GlyphRanges = ranges;
  config.PixelSnapH = true;  // whole-pixel advances keep glyphs on the atlas's pixel grid
  return atlas.AddFont(&config);
}

}  // namespace aduan::app::ui
