// shell/ui/receipt_slip.h: what a receipt hands over beyond the screen: the claim address a QR
// code opens on the citizen's own phone, and the slip a receipt printer prints.
//
// Owns the claim address (both ways: made for a receipt, read back when a phone opens it) and
// the print-only page of the slip. The secret travels in the address's fragment
// ("#klaim?kode=…&rahasia=…"), which a browser never sends to a server, so it is in no request
// line and no log; the portal removes the fragment from the address bar and the history as
// soon as it has read it. Does not own the screens (the portal's receipt and claim screens use
// these) nor any request. Kept free of the portal's state so the kiosk's receipt reuses it.
#pragma once

#include <string>
#include <string_view>

#include "shell/ui/widgets_qr.h"

namespace aduan::app::ui {

// The fragment that marks a claim address.
inline constexpr std::string_view kClaimFragment = "#klaim";

// `portal` (the server's address, or "" for this page's portal root, page_address()) followed by
// the claim fragment.
std::string claim_address(std::string_view portal, std::string_view code, std::string_view secret);

// Reads the claim fragment out of `address` (anything before '#' is ignored); false when it is
// not one. The values are returned as written, percent-decoded; the screen checks them.
bool parse_claim_address(std::string_view address, std::string& code, std::string& secret);

// The portal's root for the page showing it, e.g. "https://aduan.example.go.id/" on
// "/", "/kiosk.html" and "/official.html" alike: the claim address must open the citizen's
// page, which the server serves at the folder's root (a page's own name before "#klaim" is a
// 404). A deployment under a path ("https://host/aduan/kiosk.html") keeps its folder.
std::string page_address();
// The same, from a page address given (what page_address() reads from the browser).
std::string portal_root(std::string_view page);

// When the page was opened at a claim address: its code and secret, and the fragment is
// removed from the address bar and the history. False (and nothing changed) otherwise.
bool take_claim_from_page(std::string& code, std::string& secret);

// The printed slip: every text already in the chosen language.
struct ReceiptSlip {
  std::string title;         // "Aduan: tanda terima laporan"
  std::string code_label;    // "Kode lacak"
  std::string code;          // printed large
  std::string secret_label;  // "Kode rahasia"
  std::string secret;        // grouped for reading, e.g. "1a2b 3c4d …"
  std::string qr_hint;       // "Pindai untuk membuka laporan di ponsel Anda"
  std::string footer;        // where to follow the report without the QR
  QrCode qr;                 // of the claim address
};

// Puts the slip in a print-only part of the page (`@page` of `width_mm`: 58 or 80) and opens
// the browser's print dialog; a kiosk browser started with --kiosk-printing prints at once.
// The slip stays in the page, unseen on screen, until the next one replaces it or
// clear_receipt_slip() removes it.
void print_receipt_slip(const ReceiptSlip& slip, int width_mm);
void clear_receipt_slip();

// "1a2b3c4d…" as groups of four for reading aloud and copying by hand.
std::string group_for_reading(std::string_view secret);

}  // namespace aduan::app::ui
