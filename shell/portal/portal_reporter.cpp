// shell/portal/portal_reporter.cpp: what the citizen can do about an agency's answer.
//
// Owns the controls of the report's detail that act on the case: once the agency has answered
// (status responded) a reply box that sends the case back to the agency and a button that
// accepts the answer; once completed, a rating from 1 to 5 with an optional comment. They go
// to POST /api/v1/reporter/actions as the same wire message an officer's action is, signed
// with the report's receipt secret, which this device holds for every report it sent. Each try
// carries one action id, so a retried tap is answered once, not recorded twice.
//
// Online only, on purpose: an answer is the agency's and a reply is to that exact answer, so a
// reply queued for days could answer a case that has moved on; the server says so (409) and
// the message below tells the citizen to look again.
#include <memory>

#include "core/json/json_reader.h"
#include "core/sync/transport.h"
#include "core/wire/messages.h"
#include "core/wire/officer_messages.h"
#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

constexpr std::string_view kPathReporterActions = "/api/v1/reporter/actions";

std::string rated_setting(const domain::ReportId& id) {
  return "rated." + id.to_string();
}

void send_action(PortalState& state, const std::string& action, const std::string& note,
                 int rating) {
  DetailState& detail = state.detail;
  if (!detail.report || detail.action_busy) return;
  wire::OfficerActionRequest message;
  message.report_id = detail.report->id;
  message.action = action;
  message.note = note;
  message.rating = rating;
  if (!detail.timeline.empty()) message.expected_status = detail.timeline.back().status;
  auto body = wire::encode(message);
  if (!body) {
    detail.action_failed = true;
    detail.action_message = "reporter.failed";
    return;
  }
  sync::Request request;
  request.path = std::string(kPathReporterActions);
  request.body = std::move(body.value());
  request.headers = {{std::string(sync::kHeaderContentType), std::string(sync::kWireContentType)},
                     {"X-Aduan-Receipt", detail.report->receipt_secret},
                     {"X-Aduan-Action-Id", domain::random_hex(16)}};
  detail.action_busy = true;
  detail.action_message.clear();
  const domain::ReportId id = detail.report->id;
  state.services.transport().send(
      std::move(request), [&state, id, action, rating](sync::Response response) {
        DetailState& now = state.detail;
        if (!(now.id == id)) return;  // the citizen opened another report meanwhile
        now.action_busy = false;
        const bool ok = response.transport_ok && response.http_status == 200;
        now.action_failed = !ok;
        if (ok) {
          now.action_message = "reporter.sent." + action;
          now.reply.clear();
          if (action == "rate") {
            now.rated = std::to_string(rating);
            if (auto* store = state.store()) (void)store->set_setting(rated_setting(id), now.rated);
          }
          // The new status comes back as a timeline event: pull now (a claimed report: ask).
          if (auto* engine = state.services.sync()) engine->retry_now();
          if (now.report) refresh_claimed(state, *now.report);
        } else if (!response.transport_ok) {
          now.action_message = "reporter.offline";
        } else {
          const std::string code = json::read_error_body(json::text_of(response.body)).code;
          now.action_message = code == "officer.stale"          ? "reporter.stale"
                               : state.messages.has("id", code) ? code
                                                                : "reporter.failed";
        }
        ui::request_frame();
      });
}

}  // namespace

void draw_reporter_actions(PortalState& state, std::string_view status) {
  DetailState& detail = state.detail;
  if (!detail.report) return;
  if (status == "responded") {
    ui::heading(state.t("reporter.answer_heading"), 2);
    ui::muted(state.t("reporter.answer_hint"));
    ui::text_field("reporter.reply", state.t("reporter.reply"), detail.reply,
                   field_options({}, 4000, ui::InputMode::multiline));
    if (ui::button("reporter.send_reply", state.t("reporter.send_reply"),
                   ui::ButtonKind::secondary) &&
        !detail.reply.empty())
      send_action(state, "reporter_reply", detail.reply, 0);
    if (ui::button("reporter.accept", state.t("reporter.accept")))
      send_action(state, "complete", "", 0);
  } else if (status == "completed") {
    if (detail.rated.empty()) {
      if (auto* store = state.store()) {
        if (auto saved = store->setting(rated_setting(detail.report->id)); saved && saved.value())
          detail.rated = *saved.value();
      }
    }
    ui::heading(state.t("reporter.rating_heading"), 2);
    if (!detail.rated.empty()) {
      ui::text(state.format("reporter.rated", {detail.rated}));
    } else {
      const std::vector<std::string> stars = {"1", "2", "3", "4", "5"};
      ui::radio_group("reporter.rating", state.t("reporter.rating"), stars, detail.rating);
      ui::text_field("reporter.rating_comment", state.t("reporter.rating_comment"),
                     detail.rating_comment, field_options({}, 2000, ui::InputMode::multiline));
      if (ui::button("reporter.send_rating", state.t("reporter.send_rating")) && detail.rating >= 0)
        send_action(state, "rate", detail.rating_comment, detail.rating + 1);
    }
  }
  if (detail.action_busy) ui::progress_bar("reporter.busy", 0.5f, state.t("reporter.sending"));
  if (!detail.action_message.empty()) {
    if (detail.action_failed) {
      ui::error_text(state.t(detail.action_message));
    } else {
      ui::text(state.t(detail.action_message));
    }
  }
}

}  // namespace aduan::app
