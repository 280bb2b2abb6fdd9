// shell/console/console_evidence.h: the evidence a citizen sent, in the officer's report detail.
//
// Owns which attachments of the open report are shown and how far each is: thumbnails of the
// photos (a full view on tap), a button per document (opened in a new tab), and in plain words
// what cannot be shown (not uploaded yet, refused by the server, not on this device offline).
// Does not own fetching, the device's copies or decoding (evidence_loader.h), nor drawing a
// texture (shell/ui/widgets_image.h). Textures live only while the report's detail is open:
// evidence_tick() frees them as soon as the detail is not drawn, and evidence_forget() also
// wipes the device's copies when the session ends (logout, expiry, another officer).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shell/ui/widgets_image.h"

namespace aduan::wire {
struct OfficerReportRow;
}

namespace aduan::app {

class ConsoleScreen;

struct EvidenceItem {
  enum class State { waiting, loading, shown, not_uploaded, failed };
  std::string attachment_id;
  std::uint64_t size_bytes = 0;
  bool document = false;  // a PDF: opened in a new tab, never drawn
  State state = State::waiting;
  ui::Picture picture;
  bool from_device = false;  // drawn from the copy kept on this device (no answer from the server)
  std::string problem;       // a catalog key while failed
  std::string code;          // the server's error code with it
  int request = 0;           // the loader's request in flight
  int generation = 0;        // the GL context generation the texture belongs to
};

struct EvidenceState {
  std::string report_id;  // the report `items` belong to
  std::vector<EvidenceItem> items;
  int full_view = -1;            // the item shown large, or -1
  int opening_document = 0;      // a document's request in flight
  std::string document_problem;  // plain words: why the last document did not open
};

// In the report detail, under the report's text.
void draw_evidence(ConsoleScreen& state, const wire::OfficerReportRow& row);
// Draws the full view of a photo instead of the detail; false when no photo is open large.
bool draw_evidence_full_view(ConsoleScreen& state, const wire::OfficerReportRow& row);
// Once a frame: frees every texture when the report's detail is not on screen.
void evidence_tick(ConsoleScreen& state);
// The session ends: textures freed, requests dropped, the device's copies wiped.
void evidence_forget(ConsoleScreen& state);

}  // namespace aduan::app
