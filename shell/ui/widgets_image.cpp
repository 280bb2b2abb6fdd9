// shell/ui/widgets_image.cpp: pictures as widgets (widgets_image.h).
//
// Owns laying out and drawing thumbnails and the large view from a GL texture name, and their
// accessibility nodes. Does not own the texture (whoever asked the browser for it frees it)
// nor any fetching or decoding. A picture keeps its aspect ratio inside its box (letterboxed),
// so a panorama or a tall receipt is never squashed; a box is never wider than the column,
// so a phone never scrolls sideways.
#include "shell/ui/widgets_image.h"

#include <imgui.h>

#include <algorithm>

#include "shell/ui/widgets_state.h"

namespace aduan::app::ui {
namespace {

constexpr ImU32 kPlaceholder = IM_COL32(0xdd, 0xdd, 0xd8, 0xff);
constexpr ImU32 kFrame = IM_COL32(0x8a, 0x8a, 0x85, 0xff);
constexpr ImU32 kMuted = IM_COL32(0x55, 0x55, 0x55, 0xff);
constexpr float kDefaultAspect = 4.0f / 3.0f;  // a placeholder's shape: most photos are 4:3

bool drawable(const Picture& picture) {
  return picture.texture != 0 && picture.width > 0 && picture.height > 0;
}

float aspect_of(const Picture& picture) {
  return drawable(picture) ? static_cast<float>(picture.width) / static_cast<float>(picture.height)
                           : kDefaultAspect;
}

// Draws the picture centred in [min, max] at its own aspect ratio, or a placeholder with
// `note` (e.g. "Memuat foto…") when there is no texture yet.
void draw_fitted(const Picture& picture, ImVec2 min, ImVec2 max, const std::string& note) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float box_w = max.x - min.x, box_h = max.y - min.y;
  if (!drawable(picture)) {
    draw->AddRectFilled(min, max, kPlaceholder, 4.0f);
    if (!note.empty()) {
      const ImVec4 clip(min.x, min.y, max.x, max.y);
      draw->AddText(nullptr, 0, ImVec2(min.x + 8, min.y + 8), kMuted, note.c_str(), nullptr,
                    box_w - 16, &clip);
    }
    return;
  }
  const float scale = std::min(box_w / static_cast<float>(picture.width),
                               box_h / static_cast<float>(picture.height));
  const float w = static_cast<float>(picture.width) * scale;
  const float h = static_cast<float>(picture.height) * scale;
  const ImVec2 at(min.x + (box_w - w) / 2, min.y + (box_h - h) / 2);
  const auto texture = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(picture.texture));
  draw->AddImage(texture, at, ImVec2(at.x + w, at.y + h));
}

}  // namespace

int picture_strip(const std::vector<PictureTile>& tiles, float height) {
  int tapped = -1;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float column = ImGui::GetContentRegionAvail().x;
  float used = 0;  // width taken on the current line
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    const PictureTile& tile = tiles[i];
    // Very wide or very tall pictures get a box of a sane shape and are letterboxed in it.
    const float aspect = std::clamp(aspect_of(tile.picture), 0.5f, 2.0f);
    const float width = std::min(height * aspect, column);
    if (i > 0 && used + spacing + width <= column) {
      ImGui::SameLine(0, spacing);
      used += spacing + width;
    } else {
      used = width;
    }
    const bool touched = detail::tap_area(tile.id, ImVec2(width, height));  // the item drawn next
    if (detail::pressed_now(detail::take_activation(tile.id)) || touched)
      tapped = static_cast<int>(i);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    draw_fitted(tile.picture, min, max, tile.description);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRect(min, max, kFrame, 4.0f);
    if (ImGui::IsItemActive()) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 40), 4.0f);
    detail::record(tile.id, "button", tile.label).description = tile.description;
  }
  return tapped;
}

void picture_view(const PictureTile& tile, float reserve_height) {
  const float width = ImGui::GetContentRegionAvail().x;
  // The part of the window still visible below the cursor, less what comes after the picture.
  const float below = ImGui::GetWindowHeight() - (ImGui::GetCursorPosY() - ImGui::GetScrollY());
  const float room = std::max(160.0f, below - reserve_height);
  const float aspect = aspect_of(tile.picture);
  const float height = std::min(room, width / aspect);
  ImGui::Dummy(ImVec2(width, height));
  draw_fitted(tile.picture, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), tile.description);
  detail::record(tile.id, "img", tile.label).description = tile.description;
}

}  // namespace aduan::app::ui
