// shell/portal/portal_receipt_card.cpp: what a receipt hands the citizen to take away: the
// receipt secret, the QR code that opens "Klaim laporan" on their own phone, and the slip for
// the office's receipt printer.
//
// Every report's receipt shows them, because a report made at a kiosk, through a village
// official or on a borrowed phone can only be followed and answered with them. The QR code is
// encoded once per address (not per frame) and kept in the receipt's state, so wiping the
// receipt wipes it too. The texts of the slip are the screen's, in the chosen language.
#include "shell/portal/portal_state.h"
#include "shell/ui/receipt_slip.h"

namespace aduan::app {
namespace {

constexpr float kQrSide = 232.0f;  // CSS px: a phone's camera reads it from arm's length

void print_slip(PortalState& state, const ReceiptState& receipt, const std::string& code,
                const std::string& secret, int width_mm) {
  if (!receipt.qr) return;
  ui::ReceiptSlip slip;
  slip.title = state.t("receipt.slip_title");
  slip.code_label = state.t("receipt.code_label");
  slip.code = code;
  slip.secret_label = state.t("receipt.secret_label");
  slip.secret = ui::group_for_reading(secret);
  slip.qr_hint = state.t("receipt.qr_hint");
  slip.footer = state.t("receipt.slip_footer");
  slip.qr = *receipt.qr;
  ui::print_receipt_slip(slip, width_mm);
}

}  // namespace

void draw_receipt_handover(PortalState& state, ReceiptState& receipt, const std::string& code,
                           const std::string& secret) {
  if (code.empty() || secret.empty()) return;
  ui::text(state.t("receipt.secret_label"));
  ui::heading(ui::group_for_reading(secret), 2);
  ui::muted(state.t("receipt.secret_hint"));
  const std::string address = ui::claim_address(state.services.server_address(), code, secret);
  if (receipt.qr_address != address) {
    receipt.qr_address = address;
    receipt.qr = ui::encode_qr(address);
  }
  if (receipt.qr) {
    ui::qr_code("receipt.qr", state.t("receipt.qr_name"), *receipt.qr, kQrSide);
    ui::muted(state.t("receipt.qr_hint"));
  }
  if (ui::button("receipt.print_58", state.t("receipt.print_58"), ui::ButtonKind::secondary))
    print_slip(state, receipt, code, secret, 58);
  if (ui::button("receipt.print_80", state.t("receipt.print_80"), ui::ButtonKind::secondary))
    print_slip(state, receipt, code, secret, 80);
}

}  // namespace aduan::app
