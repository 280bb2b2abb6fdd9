// shell/ui/widgets_image.h: pictures the browser decoded into GL textures, as widgets.
//
// Owns drawing such a picture (a strip of tappable thumbnails, one picture as large as the
// column allows) and its accessibility node (a button for a thumbnail, role img for the large
// one), so a screen reader names every photo and tests find it. Does not own getting the
// picture: the pixels never enter the program's memory; the browser fetches and decodes the
// file straight into a texture (shell/console/evidence_loader.h) and hands over its GL name.
// A picture with texture 0 is drawn as a grey placeholder of the same size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aduan::app::ui {

struct Picture {
  std::uint32_t texture = 0;  // a GL texture name; 0 while there is nothing to draw
  int width = 0;              // of the texture, in pixels
  int height = 0;
};

struct PictureTile {
  std::string id;           // stable, unique on the screen
  std::string label;        // the accessible name, e.g. "Foto 1 dari 2"
  std::string description;  // what a screen reader adds: "Memuat foto…", "" once shown
  Picture picture;
};

// Thumbnails `height` CSS px tall, side by side, wrapping to the column. Returns the index of
// the tile tapped (or activated by a screen reader) this frame, or -1.
int picture_strip(const std::vector<PictureTile>& tiles, float height);

// One picture as large as fits the column's width and the window's visible height, less
// `reserve_height` for what the screen draws below it.
void picture_view(const PictureTile& tile, float reserve_height);

}  // namespace aduan::app::ui
