// shell/portal/portal_state.h: what the portal's screens share, and one draw function per screen.
//
// Owns the state of the screens between frames (the form being typed, the receipt on show,
// the report opened, the code being tracked) and the pickers built from the catalog. Does not
// own drawing (widgets.h), the texts, the catalog, storage or sync (AppContext, shared with the
// officer console) or any rule (core/rules): the screens ask those and show the answers.
//
// Shape: one PortalState, passed to plain draw functions (screen_*.cpp), because ImGui screens
// are redrawn from state every frame and need no object of their own. Lists read from the store
// are cached with the `revision` they were read at; DeviceServices::on_change bumps it, so a
// screen reads the store again only when something may have changed, not 60 times a second.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/rules/report_rules.h"
#include "core/store/records.h"
#include "shell/portal/kiosk_state.h"
#include "shell/portal/official_state.h"
#include "shell/ui/app_context.h"
#include "shell/ui/widgets.h"
#include "shell/ui/widgets_qr.h"

namespace aduan::app {

enum class ScreenId {
  home,
  new_report,
  receipt,
  my_reports,
  report_detail,
  outbox,
  track,
  settings,
  claim,  // "Klaim laporan": a report sent elsewhere joins "Laporan saya" (screen_claim.cpp)
};

// The form exactly as typed: every field is kept as text (a draft is never invalid).
struct ReportForm {
  std::string draft_id;  // "" until the first autosave
  std::string classification = "pengaduan";
  std::string title, body, date, region, place, category, agency;
  bool anonymous = false;
  bool confidential = false;
  std::string contact_name, contact_phone, contact_email;
  bool sms_consent = false;  // "Kirim kabar lewat SMS" (protocol v3)
  // A village official's report for a citizen (official_state.h): for whom, and the consent.
  bool on_behalf = false;
  std::string citizen_name, citizen_phone, consent_witness;
  bool consent_given = false;
  int consent_method = 0;         // 0 spoken, 1 written (domain::ConsentMethod)
  std::vector<ui::Photo> photos;  // in memory until sent: too large to rewrite per keystroke
  int step = 0;                   // narrow screens: what, where, who, privacy, review
  bool tried = false;             // after the first "send": problems are shown
  std::vector<rules::Problem> problems;
  std::string save_error;   // the store refused the report: shown, nothing lost
  std::string photo_error;  // the last photo could not be used
};

struct ReceiptState {
  domain::ReportId id;
  std::string tracking_code;
  std::uint64_t generation = 0;  // what durable_generation() must reach
  std::size_t photos = 0;        // saved with the report, sent after it
  // The QR code of the claim address, encoded once for `qr_address` (portal_receipt_card.cpp).
  std::string qr_address{};
  std::optional<ui::QrCode> qr{};
};

// "Klaim laporan" (screen_claim.cpp): the code and secret typed or read from a claim address.
struct ClaimState {
  std::string code, secret;
  std::string code_error, secret_error;
  bool pending = false;
  std::string message;  // a catalog key: why the last claim failed
};

struct ListCache {
  std::uint64_t revision = 0;  // 0: never read
  std::vector<store::ReportSummary> reports;
  std::vector<std::string> chips;  // status key per report ("status.verified", "outbox.queued")
  std::string error;
};

// One report still on its way, as the Outbox screen shows it.
struct OutboxRow {
  store::ReportSummary summary;
  std::optional<store::OutboxEntry> entry;
  store::ReportUploads uploads;
};

struct OutboxCache {
  std::uint64_t revision = 0;
  std::vector<OutboxRow> rows;
  std::string error;
  std::string export_message;  // the last export's outcome
};

struct DetailState {
  domain::ReportId id;
  std::uint64_t revision = 0;
  std::optional<domain::Report> report;
  std::optional<store::OutboxEntry> outbox;
  std::vector<store::TimelineEvent> timeline;
  std::vector<store::UploadProgress> uploads;
  std::string error;
  // The reporter's side of the status flow (portal_reporter.cpp).
  std::string reply;
  int rating = -1;  // index 0..4 for 1..5 stars; -1 none chosen
  std::string rating_comment;
  std::string rated;           // the rating this device sent, from the store's settings
  bool action_busy = false;    // a request is open
  std::string action_message;  // a catalog key: the outcome of the last request
  bool action_failed = false;
};

struct TrackState {
  std::string typed;
  std::string field_error;
  bool pending = false;
  std::optional<TrackResult> result;
  std::string asked_code;
};

struct SettingsState {
  bool loaded = false;
  std::string server_address;
  std::string server_error;
  bool server_saved = false;
};

// The pickers' options, built once per catalog and language rather than every frame.
struct PickerOptions {
  std::uint64_t catalog_revision = 0;  // AppContext::catalog_revision they were built from
  std::string language;
  std::vector<ui::PickerOption> regions, agencies, categories;
};

// The citizen's screens: what they share with the console (AppContext), and their own state.
class PortalState : public AppContext {
 public:
  explicit PortalState(DeviceServices& device) : AppContext(device) {}

  PickerOptions pickers;
  ScreenId screen = ScreenId::home;
  bool wide = false;  // >= 720 px: the form is one page

  ReportForm form;
  std::uint64_t draft_revision = 0;        // when open_draft was last read
  std::optional<store::Draft> open_draft;  // an unfinished report the home screen offers
  ReceiptState receipt;
  ListCache list;
  DetailState detail;
  OutboxCache outbox;
  TrackState track;
  SettingsState settings;
  ClaimState claim;
  KioskState kiosk;  // kiosk_state.h: off unless an agency admin set this device up as a kiosk
  // official_state.h: off unless a village official signed in on this device
  OfficialState official;
  // The mode's code (portal_mode.h), in a mode's program only (kiosk_main.cpp,
  // official_main.cpp); null in the citizen's.
  const ModeHooks* mode = nullptr;

  void go(ScreenId next) { screen = next; }
};

// A text field's options in one call (designated initializers with gaps warn on g++).
inline ui::FieldOptions field_options(std::string_view error, std::size_t max_bytes,
                                      ui::InputMode mode = ui::InputMode::text,
                                      std::string_view placeholder = {}, bool required = false) {
  ui::FieldOptions options;
  options.mode = mode;
  options.placeholder = placeholder;
  options.error = error;
  options.max_bytes = max_bytes;
  options.required = required;
  return options;
}

// One function per screen (screen_*.cpp); each draws the whole screen below the status bar.
void draw_status_bar(PortalState& state);  // portal_status_bar.cpp
void draw_home(PortalState& state);
void draw_new_report(PortalState& state);
void draw_receipt(PortalState& state);
void draw_my_reports(PortalState& state);
void draw_report_detail(PortalState& state);
void draw_outbox(PortalState& state);
void draw_track(PortalState& state);
void draw_settings(PortalState& state);
void draw_claim(PortalState& state);

// portal_report_form.cpp: the form as a draft, as a report, and sending it.
void open_form(PortalState& state, const store::Draft* draft);  // empty form, or `draft`
void autosave(PortalState& state);
void revalidate(PortalState& state);   // after the first send: problems follow the typing
bool send_report(PortalState& state);  // true: saved, the receipt is on screen
// The message of the first problem with this field (or field prefix, "attachments"), or "".
std::string_view field_error(const PortalState& state, std::string_view field);
// screen_my_reports.cpp: opens a report's detail.
void open_detail(PortalState& state, const domain::ReportId& id);
// portal_case_clock.cpp: the running deadline of a report (due date, days left, overdue).
void draw_case_clock(PortalState& state, const domain::Report& report,
                     const std::vector<store::TimelineEvent>& timeline);
// portal_reporter.cpp: the reply box, "accept the answer" and the rating, by the report's status.
void draw_reporter_actions(PortalState& state, std::string_view status);
// portal_receipt_card.cpp: the secret, the QR code of the claim address and the printed slip,
// for any report whose receipt is on show (the receipt screen, a kiosk's receipt).
void draw_receipt_handover(PortalState& state, ReceiptState& receipt, const std::string& code,
                           const std::string& secret);
// screen_claim.cpp: opens the claim screen (filled from a claim address when given); and asks
// the server again for a claimed report's news (no-op for a report this device sent).
void open_claim(PortalState& state, std::string code = {}, std::string secret = {});
void refresh_claimed(PortalState& state, const domain::Report& report);

}  // namespace aduan::app
