// shell/ui/widgets_qr.h: a QR code, encoded on the device and drawn as a widget.
//
// Owns turning a short text (the claim address of a receipt) into QR modules and drawing them
// as ImGui rectangles, dark on white with the 4-module quiet zone a reader needs, with an
// accessibility node (role img, the caller's name). Does not own what the text says
// (receipt_slip.h builds the address) nor printing (receipt_slip.h). Encoding is Nayuki's QR
// Code generator (the C library, built from source like ImGui): error correction M, raised
// when it fits in the same size, so a slip creased in a pocket still scans.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aduan::app::ui {

struct QrCode {
  int size = 0;         // modules per side, quiet zone not included (21 for version 1)
  std::string modules;  // size * size characters, row by row: '1' dark, '0' light
  bool dark(int x, int y) const {
    return modules[(static_cast<std::size_t>(y) * static_cast<std::size_t>(size)) +
                   static_cast<std::size_t>(x)] == '1';
  }
};

// The smallest code (up to version 10, 57 modules) that holds `text`; nullopt when it is longer.
std::optional<QrCode> encode_qr(std::string_view text);

// `code` as a square `side` CSS px wide (quiet zone included, clamped to the column), centred.
void qr_code(std::string_view id, std::string_view name, const QrCode& code, float side);

}  // namespace aduan::app::ui
