// shell/portal/screen_outbox.cpp: everything still on its way to the server, and why.
//
// Each report waiting here shows its state, how often sending was tried, the last problem in
// plain words (the engine's text is for logs; error_key() picks the citizen's message), a
// "try now" button, and its photos' upload as a progress bar in bytes. When the browser may
// throw the data away (persistence refused) or storage is nearly full, the screen says so and
// offers to save the unsent reports to a file, because a report that exists only in a
// browser that is about to evict it is not safe.
#include <algorithm>

#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

constexpr std::size_t kListLimit = 500;

void refresh(PortalState& state) {
  OutboxCache& cache = state.outbox;
  if (cache.revision == state.revision) return;
  cache.revision = state.revision;
  cache.rows.clear();
  cache.error.clear();
  auto* store = state.store();
  if (!store) return;
  auto reports = store->my_reports(kListLimit);
  auto unfinished = store->unfinished_uploads();
  if (!reports || !unfinished) {
    cache.error = error_key(!reports ? reports.error().code : unfinished.error().code);
    return;
  }
  for (const auto& summary : reports.value()) {
    const auto pending_upload =
        std::find_if(unfinished.value().begin(), unfinished.value().end(),
                     [&](const auto& u) { return u.report_id == summary.id; });
    if (summary.state == store::OutboxState::delivered &&
        pending_upload == unfinished.value().end())
      continue;
    OutboxRow row;
    row.summary = summary;
    if (auto entry = store->outbox_entry(summary.id); entry) row.entry = entry.value();
    if (auto uploads = store->report_uploads(summary.id); uploads) row.uploads = uploads.value();
    cache.rows.push_back(std::move(row));
  }
}

std::string_view reason_key(std::string_view reason) {
  if (reason == sync::kReasonConflict) return "outbox.reason.conflict";
  if (reason == sync::kReasonUnencodable) return "outbox.reason.unencodable";
  return "outbox.reason.rejected";
}

void draw_row(PortalState& state, const OutboxRow& row) {
  const auto& summary = row.summary;
  const std::string key = status_key(store::to_string(summary.state));
  ui::heading(summary.title, 2);
  ui::chip(state.t(key), status_colour(key));
  ui::muted(summary.tracking_code + " · " + format_time(summary.created_at));
  if (row.entry) {
    const store::OutboxEntry& entry = *row.entry;
    if (entry.attempts > 0)
      ui::muted(state.format("outbox.attempts", {std::to_string(entry.attempts)}));
    if (entry.state == store::OutboxState::rejected) {
      ui::error_text(state.t(reason_key(entry.last_error)));
      for (const auto& problem : entry.problems) ui::error_text(state.t(problem.code));
    } else if (!entry.last_error.empty()) {
      ui::error_text(state.t(error_key(entry.last_error)));
    }
    if (entry.state == store::OutboxState::queued &&
        ui::button("outbox.retry." + summary.id.to_string(), state.t("outbox.retry"),
                   ui::ButtonKind::secondary)) {
      if (auto* store = state.store()) (void)store->retry_now(summary.id, state.services.now());
      if (auto* engine = state.services.sync()) (void)engine->tick(state.services.now());
      state.changed();
    }
  }
  const store::ReportUploads& uploads = row.uploads;
  if (uploads.total_bytes > 0) {
    const float fraction = static_cast<float>(static_cast<double>(uploads.sent_bytes) /
                                              static_cast<double>(uploads.total_bytes));
    ui::progress_bar("outbox.upload." + summary.id.to_string(), fraction,
                     state.format("outbox.photos_progress", {format_bytes(uploads.sent_bytes),
                                                             format_bytes(uploads.total_bytes)}));
    if (!uploads.last_error.empty()) ui::muted(state.t(error_key(uploads.last_error)));
  }
  if (uploads.absent > 0)
    ui::muted(state.format("outbox.photos_absent", {std::to_string(uploads.absent)}));
}

void draw_export(PortalState& state, bool anything_unsent) {
  const Persistence persistence = state.services.persistence();
  const bool short_of_space = storage_is_short(state.services.storage_estimate());
  if (!anything_unsent || (persistence != Persistence::refused && !short_of_space)) return;
  ui::heading(state.t("outbox.export_heading"), 2);
  ui::text(state.t(persistence == Persistence::refused ? "outbox.export_not_persistent"
                                                       : "outbox.export_storage_short"));
  if (ui::button("outbox.export", state.t("outbox.export"))) {
    std::string error;
    state.outbox.export_message = state.services.export_unsent(error)
                                      ? std::string(state.t("outbox.exported"))
                                      : state.format("outbox.export_failed", {error});
  }
  if (!state.outbox.export_message.empty()) ui::muted(state.outbox.export_message);
}

}  // namespace

void draw_outbox(PortalState& state) {
  refresh(state);
  ui::heading(state.t("nav.outbox"));
  ui::text(state.t(state.services.online() ? "outbox.online_hint" : "outbox.offline"));
  if (const auto* engine = state.services.sync(); engine && !engine->status().last_error.empty()) {
    ui::error_text(state.t(error_key(engine->status().last_error)));
    if (engine->status().last_success_at)
      ui::muted(
          state.format("outbox.last_success", {format_time(*engine->status().last_success_at)}));
  }
  if (!state.outbox.error.empty()) ui::error_text(state.t(state.outbox.error));
  bool anything_unsent = false;
  for (const auto& row : state.outbox.rows)
    anything_unsent |= row.summary.state != store::OutboxState::delivered;
  if (state.outbox.rows.empty()) {
    ui::text(state.t("outbox.empty"));
  } else if (ui::button("outbox.retry_all", state.t("outbox.retry_all"))) {
    if (auto* engine = state.services.sync()) engine->retry_now();
  }
  draw_export(state, anything_unsent);
  for (const auto& row : state.outbox.rows) draw_row(state, row);
}

}  // namespace aduan::app
