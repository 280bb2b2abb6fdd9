// shell/console/console_evidence.cpp: photos and documents in the officer's report detail
// (console_evidence.h).
//
// The list of attachments comes from the report itself (the queue row, kept on the device, so
// it is known offline too); how far each upload is comes from the server's detail
// (GET /api/v1/officer/reports/<id>: "attachments" with "verified" and "url"). A photo is asked
// for once the detail says it is verified, or, when there is no detail (offline), straight
// away: the loader then falls back to the copy kept on this device. Nothing is asked while
// the detail is still on its way, so an unverified photo is never requested.
// Every answer is checked against what is open now: an answer for a report closed meanwhile,
// or from before the GL context was restored, has its texture freed and is not drawn.
#include "shell/console/console_evidence.h"

#include <memory>
#include <string>
#include <utility>

#include "shell/console/console.h"
#include "shell/console/evidence_loader.h"

namespace aduan::app {
namespace {

constexpr float kThumbnailHeight = 140.0f;
constexpr std::string_view kRoute = "/api/v1/officer/reports/";

bool is_document(const std::string& media_type) {
  return media_type == "application/pdf";
}

void release_all(EvidenceState& evidence) {
  for (EvidenceItem& item : evidence.items) {
    if (item.request != 0) evidence::cancel(item.request);
    evidence::release(item.picture);
  }
  if (evidence.opening_document != 0) evidence::cancel(evidence.opening_document);
  evidence = EvidenceState{};
}

// The server's entry for this attachment when its detail of this report has arrived.
const json::Value* server_entry(const ConsoleState& console, const std::string& report_id,
                                const std::string& attachment_id) {
  if (!console.server_detail || console.server_detail_for.rfind(report_id + "/", 0) != 0)
    return nullptr;
  const json::Value* list = console.server_detail->get("attachments");
  if (!list) return nullptr;
  for (const auto& entry : list->items)
    if (entry.string_at("id") == attachment_id) return &entry;
  return nullptr;
}

std::string file_url(const ConsoleScreen& state, const std::string& report_id,
                     const EvidenceItem& item, const json::Value* entry) {
  std::string base = state.app.services.server_address();
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string path =
      entry && !entry->string_at("url").empty()
          ? entry->string_at("url")
          : std::string(kRoute) + report_id + "/attachments/" + item.attachment_id;
  return base + path;
}

EvidenceItem* find_item(EvidenceState& evidence, const std::string& report_id,
                        const std::string& attachment_id) {
  if (evidence.report_id != report_id) return nullptr;
  for (EvidenceItem& item : evidence.items)
    if (item.attachment_id == attachment_id) return &item;
  return nullptr;
}

void on_picture(ConsoleScreen& state, const std::string& report_id,
                const std::string& attachment_id, int generation, evidence::Loaded loaded) {
  EvidenceItem* item = find_item(state.console.evidence, report_id, attachment_id);
  if (!item || item->state != EvidenceItem::State::loading)
    return evidence::release(loaded.picture);
  item->request = 0;
  if (loaded.ok() && loaded.picture.texture != 0) {
    if (generation != evidence::gl_generation()) {  // made in a context that is gone
      evidence::release(loaded.picture);
      item->state = EvidenceItem::State::waiting;
      return;
    }
    item->state = EvidenceItem::State::shown;
    item->picture = loaded.picture;
    item->from_device = loaded.from_device;
    item->generation = generation;
    return;
  }
  if (loaded.reached && loaded.http_status == 401) return console_session_expired(state);
  item->state = EvidenceItem::State::failed;
  item->code = loaded.code;
  item->generation = generation;
  if (loaded.code == "attachment.not_verified")
    item->state = EvidenceItem::State::not_uploaded;
  else if (loaded.reached && loaded.http_status >= 400 && loaded.http_status != 422)
    item->problem = "console.evidence_refused";
  else if (loaded.http_status == 422)
    item->problem = "console.evidence_unreadable";
  else
    item->problem = "console.evidence_offline";
}

void start_picture(ConsoleScreen& state, EvidenceItem& item, const std::string& url) {
  const std::string report_id = state.console.evidence.report_id;
  const std::string attachment_id = item.attachment_id;
  const int generation = evidence::gl_generation();
  std::weak_ptr<bool> alive = state.console.alive;
  ConsoleScreen* target = &state;
  item.state = EvidenceItem::State::loading;
  item.request = evidence::load_picture(
      url, state.console.session->token,
      [alive, target, report_id, attachment_id, generation](evidence::Loaded loaded) {
        if (alive.expired()) return evidence::release(loaded.picture);
        on_picture(*target, report_id, attachment_id, generation, std::move(loaded));
      });
}

// Brings the items in line with the open report, the server's detail and the GL context, and
// asks for the photos that can be asked for now.
void sync_items(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  ConsoleState& console = state.console;
  EvidenceState& evidence = console.evidence;
  const std::string report_id = row.report.id.to_string();
  if (evidence.report_id != report_id) {
    release_all(evidence);
    evidence.report_id = report_id;
    for (const auto& attachment : row.report.attachments) {
      EvidenceItem item;
      item.attachment_id = attachment.id;
      item.size_bytes = attachment.size_bytes;
      item.document = is_document(attachment.media_type);
      evidence.items.push_back(std::move(item));
    }
  }
  const int generation = evidence::gl_generation();
  for (EvidenceItem& item : evidence.items) {
    const bool stale = item.generation != generation;
    if (item.state == EvidenceItem::State::shown && stale) {
      evidence::release(item.picture);  // its texture died with the old context
      EvidenceItem fresh;
      fresh.attachment_id = item.attachment_id;
      fresh.size_bytes = item.size_bytes;
      fresh.document = item.document;
      item = std::move(fresh);
    }
    if (item.state == EvidenceItem::State::failed && item.code == "evidence.gl_lost" && stale)
      item.state = EvidenceItem::State::waiting;
    const json::Value* entry = server_entry(console, report_id, item.attachment_id);
    const bool verified = entry && entry->bool_at("verified").value_or(false);
    if (item.state == EvidenceItem::State::not_uploaded && verified)
      item.state = EvidenceItem::State::waiting;  // uploaded since: the detail was read again
    if (item.state != EvidenceItem::State::waiting || item.document || !console.session) continue;
    if (entry && !verified) {
      item.state = EvidenceItem::State::not_uploaded;
      continue;
    }
    // Without the server's detail: wait while it is on its way; when it failed, try anyway
    // (the loader falls back to the device's copy).
    if (!entry && console.server_detail_pending) continue;
    start_picture(state, item, file_url(state, report_id, item, entry));
  }
}

std::string item_name(const ConsoleScreen& state, const EvidenceState& evidence,
                      std::size_t index) {
  std::size_t position = 0, count = 0;
  const bool document = evidence.items[index].document;
  for (std::size_t i = 0; i < evidence.items.size(); ++i) {
    if (evidence.items[i].document != document) continue;
    ++count;
    if (i <= index) ++position;
  }
  if (document)
    return state.format("console.document_name", {std::to_string(position), std::to_string(count),
                                                  format_bytes(evidence.items[index].size_bytes)});
  return state.format("console.photo_name", {std::to_string(position), std::to_string(count)});
}

std::string tile_description(const ConsoleScreen& state, const EvidenceItem& item) {
  if (item.state != EvidenceItem::State::shown)
    return std::string(state.t("console.photo_loading"));
  return std::string(state.t(item.from_device ? "console.photo_from_device" : "console.photo_tap"));
}

void open_document(ConsoleScreen& state, EvidenceItem& item) {
  EvidenceState& evidence = state.console.evidence;
  if (evidence.opening_document != 0 || !state.console.session) return;
  evidence.document_problem.clear();
  const json::Value* entry = server_entry(state.console, evidence.report_id, item.attachment_id);
  std::weak_ptr<bool> alive = state.console.alive;
  ConsoleScreen* target = &state;
  evidence.opening_document = evidence::open_document(
      file_url(state, evidence.report_id, item, entry), state.console.session->token,
      [alive, target](evidence::Loaded loaded) {
        if (alive.expired()) return;
        ConsoleScreen& s = *target;
        s.console.evidence.opening_document = 0;
        if (loaded.ok()) return;
        if (loaded.reached && loaded.http_status == 401) return console_session_expired(s);
        const std::string why = !loaded.reached && loaded.http_status == 0
                                    ? std::string(s.t("console.evidence_offline"))
                                    : console_error_text(s, loaded.code, {});
        s.console.evidence.document_problem = s.format("console.document_failed", {why});
      });
}

}  // namespace

void draw_evidence(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  if (row.report.attachments.empty()) return;
  sync_items(state, row);
  EvidenceState& evidence = state.console.evidence;
  ui::heading(state.t("console.evidence_title"), 2);
  std::vector<ui::PictureTile> tiles;
  std::vector<std::size_t> tile_item;  // tiles[i] shows evidence.items[tile_item[i]]
  for (std::size_t i = 0; i < evidence.items.size(); ++i) {
    const EvidenceItem& item = evidence.items[i];
    const std::string name = item_name(state, evidence, i);
    if (item.document) continue;
    if (item.state == EvidenceItem::State::not_uploaded) {
      ui::muted(name + ": " + std::string(state.t("console.photo_not_uploaded")));
    } else if (item.state == EvidenceItem::State::failed) {
      const std::string why =
          item.problem == "console.evidence_refused"
              ? state.format(item.problem, {console_error_text(state, item.code, {})})
              : std::string(state.t(item.problem));
      ui::error_text(name + ": " + why);
    } else {
      tiles.push_back({"console.evidence." + std::to_string(i), name, tile_description(state, item),
                       item.picture});
      tile_item.push_back(i);
    }
  }
  const int tapped = ui::picture_strip(tiles, kThumbnailHeight);
  if (tapped >= 0 && evidence.items[tile_item[static_cast<std::size_t>(tapped)]].state ==
                         EvidenceItem::State::shown)
    evidence.full_view = static_cast<int>(tile_item[static_cast<std::size_t>(tapped)]);
  for (std::size_t i = 0; i < evidence.items.size(); ++i) {
    EvidenceItem& item = evidence.items[i];
    if (!item.document) continue;
    if (ui::button("console.document." + std::to_string(i), item_name(state, evidence, i),
                   ui::ButtonKind::secondary))
      open_document(state, item);
  }
  if (evidence.opening_document != 0) ui::muted(state.t("console.document_opening"));
  if (!evidence.document_problem.empty()) ui::error_text(evidence.document_problem);
}

bool draw_evidence_full_view(ConsoleScreen& state, const wire::OfficerReportRow& row) {
  EvidenceState& evidence = state.console.evidence;
  if (evidence.full_view < 0) return false;
  sync_items(state, row);  // may find the texture gone (a restored context)
  const auto index = static_cast<std::size_t>(evidence.full_view);
  if (evidence.report_id != row.report.id.to_string() || index >= evidence.items.size()) {
    evidence.full_view = -1;
    return false;
  }
  if (ui::button("console.evidence.close", state.t("console.photo_close"),
                 ui::ButtonKind::secondary)) {
    evidence.full_view = -1;
    return false;
  }
  const EvidenceItem& item = evidence.items[index];
  const std::string name = item_name(state, evidence, index);
  ui::heading(name, 2);
  ui::picture_view({"console.evidence.full", name,
                    item.state == EvidenceItem::State::shown
                        ? std::string(state.t(item.from_device ? "console.photo_from_device"
                                                               : "console.photo_full"))
                        : std::string(state.t("console.photo_loading")),
                    item.picture},
                   0.0f);
  return true;
}

void evidence_tick(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  const bool shown = console.view == ConsoleView::detail && console.open && console.session;
  if (!shown && (!console.evidence.report_id.empty() || console.evidence.opening_document != 0))
    release_all(console.evidence);
}

void evidence_forget(ConsoleScreen& state) {
  release_all(state.console.evidence);
  evidence::forget_all();
}

}  // namespace aduan::app
