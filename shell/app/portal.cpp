// shell/app/portal.cpp: the portal's screens (see portal.h).
//
// The walking skeleton: the home screen with its three entry points. Widgets are sized for
// touch (at least 44 CSS px high) because most citizens arrive on a phone.
#include "shell/app/portal.h"

#include <imgui.h>

namespace aduan::app {
namespace {

constexpr float kTapTargetHeight = 48.0f;

bool big_button(const char* label) {
  return ImGui::Button(label, ImVec2(-1.0f, kTapTargetHeight));
}

}  // namespace

void Portal::draw(float viewport_width, float viewport_height) {
  if (frames_still_changing_ > 0) --frames_still_changing_;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(viewport_width, viewport_height));
  ImGui::Begin("Aduan", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  switch (screen_) {
    case Screen::home: draw_home(); break;
    case Screen::new_report: draw_placeholder("Laporan baru"); break;
    case Screen::my_reports: draw_placeholder("Laporan saya"); break;
    case Screen::track: draw_placeholder("Lacak kode"); break;
  }
  ImGui::End();
}

void Portal::draw_home() {
  ImGui::SetWindowFontScale(1.6f);
  ImGui::TextUnformatted("Aduan");
  ImGui::SetWindowFontScale(1.0f);
  ImGui::TextWrapped("Laporkan masalah layanan publik kepada instansi yang berwenang, "
                     "dan pantau tindak lanjutnya.");
  ImGui::Spacing();
  if (big_button("Laporan baru")) screen_ = Screen::new_report;
  if (big_button("Laporan saya")) screen_ = Screen::my_reports;
  if (big_button("Lacak kode")) screen_ = Screen::track;
  frames_still_changing_ = ImGui::IsAnyItemActive() ? 2 : frames_still_changing_;
}

void Portal::draw_placeholder(const char* title) {
  ImGui::TextUnformatted(title);
  if (big_button("Kembali")) screen_ = Screen::home;
}

}  // namespace aduan::app
