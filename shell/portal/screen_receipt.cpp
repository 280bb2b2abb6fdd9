// shell/portal/screen_receipt.cpp: what the citizen keeps after "Kirim": the tracking code.
//
// The promise is plain and honest: "saving…" until the browser has durably committed the
// report (DeviceServices::durable_generation reaches the save's generation), then "saved on
// this device, will be sent when online", then "sent" once the server acknowledged it. The code
// is in large type with a copy button, because it is written down or read aloud. Below it,
// the receipt secret, the QR code of the claim address and the printed slip
// (portal_receipt_card.cpp): the citizen can follow and answer the report on their own phone.
#include "shell/portal/portal_state.h"

namespace aduan::app {

void draw_receipt(PortalState& state) {
  const ReceiptState& receipt = state.receipt;
  ui::heading(state.t("receipt.title"));
  ui::text(state.t("receipt.code_label"));
  std::string code = receipt.tracking_code;
  std::string secret;
  std::optional<store::OutboxEntry> entry;
  if (auto* store = state.store()) {
    if (auto row = store->outbox_entry(receipt.id); row && row.value()) entry = *row.value();
    // A duplicate found on the server answers with the first report's code: show that one.
    if (auto report = store->report(receipt.id); report && report.value()) {
      code = report.value()->tracking_code;
      secret = report.value()->receipt_secret;
    }
  }
  ui::heading(code, 1);
  // Not at a kiosk: the next citizen would find this one's code on the shared clipboard.
  if (!state.kiosk.active &&
      ui::button("receipt.copy", state.t("receipt.copy"), ui::ButtonKind::secondary))
    state.services.copy_to_clipboard(code);

  const bool durable = state.services.durable_generation() >= receipt.generation;
  if (entry && entry->state == store::OutboxState::delivered) {
    ui::chip(state.t("outbox.sent"), status_colour("outbox.delivered"));
    ui::text(state.t("receipt.sent"));
  } else if (entry && entry->state == store::OutboxState::rejected) {
    ui::chip(state.t("outbox.rejected"), status_colour("outbox.rejected"));
    ui::error_text(state.t("receipt.rejected"));
  } else if (!durable) {
    ui::chip(state.t("receipt.saving"), status_colour("outbox.queued"));
  } else {
    ui::chip(state.t("outbox.saved_locally"), status_colour("outbox.queued"));
    if (entry && entry->state == store::OutboxState::sending) ui::muted(state.t("outbox.sending"));
  }
  if (receipt.photos > 0)
    ui::muted(state.format("receipt.photos", {std::to_string(receipt.photos)}));
  ui::muted(state.t("receipt.keep_code"));
  draw_receipt_handover(state, state.receipt, code, secret);
  // At a kiosk the next citizen is waiting: "Selesai" wipes this one's traces (kiosk_mode.cpp).
  if (state.kiosk.active && state.mode != nullptr) {
    if (ui::button("receipt.done", state.t("kiosk.done"))) state.mode->reset(state);
    return;
  }

  if (ui::button("receipt.my_reports", state.t("nav.my_reports"))) state.go(ScreenId::my_reports);
  if (ui::button("receipt.new_report", state.t("nav.new_report"), ui::ButtonKind::secondary))
    open_form(state, nullptr);
}

}  // namespace aduan::app
