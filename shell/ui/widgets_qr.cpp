// shell/ui/widgets_qr.cpp: QR codes as widgets (widgets_qr.h).
//
// Modules are snapped to whole pixels of the framebuffer, so every module of a row is exactly
// as wide as the others: a camera reads a code with uneven modules badly. Runs of dark modules
// in a row are one rectangle each, which keeps a version-5 code to a few hundred rectangles.
#include "shell/ui/widgets_qr.h"

#include <imgui.h>
#include <qrcodegen.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "shell/ui/widgets_state.h"

namespace aduan::app::ui {
namespace {

constexpr int kMaxVersion = 10;
constexpr int kQuietModules = 4;
constexpr ImU32 kDark = IM_COL32(0, 0, 0, 0xff);
constexpr ImU32 kLight = IM_COL32(0xff, 0xff, 0xff, 0xff);

}  // namespace

std::optional<QrCode> encode_qr(std::string_view text) {
  std::vector<std::uint8_t> temp(qrcodegen_BUFFER_LEN_FOR_VERSION(kMaxVersion));
  std::vector<std::uint8_t> qr(temp.size());
  const std::string zero_terminated(text);
  if (!qrcodegen_encodeText(zero_terminated.c_str(), temp.data(), qr.data(), qrcodegen_Ecc_MEDIUM,
                            qrcodegen_VERSION_MIN, kMaxVersion, qrcodegen_Mask_AUTO, true))
    return std::nullopt;
  QrCode code;
  code.size = qrcodegen_getSize(qr.data());
  code.modules.reserve(static_cast<std::size_t>(code.size * code.size));
  for (int y = 0; y < code.size; ++y)
    for (int x = 0; x < code.size; ++x)
      code.modules += qrcodegen_getModule(qr.data(), x, y) ? '1' : '0';
  return code;
}

void qr_code(std::string_view id, std::string_view name, const QrCode& code, float side) {
  const float column = ImGui::GetContentRegionAvail().x;
  const int modules = code.size + 2 * kQuietModules;
  // Whole framebuffer pixels per module (at least one), then back to CSS px.
  const float pixel_ratio = std::max(1.0f, ImGui::GetIO().DisplayFramebufferScale.x);
  const float per_module_px = std::max(
      1.0f, std::floor(std::min(side, column) * pixel_ratio / static_cast<float>(modules)));
  const float module = per_module_px / pixel_ratio;
  const float width = module * static_cast<float>(modules);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (column - width) / 2));
  ImGui::Dummy(ImVec2(width, width));
  const ImVec2 min = ImGui::GetItemRectMin();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin(std::round(min.x * pixel_ratio) / pixel_ratio,
                      std::round(min.y * pixel_ratio) / pixel_ratio);
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + width), kLight);
  for (int y = 0; y < code.size; ++y) {
    int x = 0;
    while (x < code.size) {
      if (!code.dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < code.size && code.dark(x, y)) ++x;
      const float top = origin.y + static_cast<float>(y + kQuietModules) * module;
      const float left = origin.x + static_cast<float>(start + kQuietModules) * module;
      draw->AddRectFilled(ImVec2(left, top),
                          ImVec2(left + static_cast<float>(x - start) * module, top + module),
                          kDark);
    }
  }
  detail::record(id, "img", name);
}

}  // namespace aduan::app::ui
