// shell/portal/screen_my_reports.cpp: the reports sent from this device, and one report's story.
//
// The list shows each report's latest status as a chip: the agencies' status once the server
// has told the device (pulled timeline), otherwise where it is on its way (queued, sending,
// sent, refused). The detail shows the timeline with the agencies' answers. Lists are read
// from the store once per revision (see portal_state.h), not every frame.
#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

constexpr std::size_t kListLimit = 200;

std::string chip_key(const store::ReportSummary& summary,
                     const std::vector<store::TimelineEvent>& events) {
  if (!events.empty()) return status_key(events.back().status);
  return status_key(store::to_string(summary.state));
}

void refresh_list(PortalState& state) {
  ListCache& list = state.list;
  if (list.revision == state.revision) return;
  list = ListCache{state.revision, {}, {}, {}};
  auto* store = state.store();
  if (!store) return;
  auto reports = store->my_reports(kListLimit);
  if (!reports) {
    list.error = error_key(reports.error().code);
    return;
  }
  list.reports = std::move(reports.value());
  for (const auto& summary : list.reports) {
    auto events = store->timeline(summary.id);
    list.chips.push_back(
        chip_key(summary, events ? events.value() : std::vector<store::TimelineEvent>{}));
  }
}

void refresh_detail(PortalState& state) {
  DetailState& detail = state.detail;
  if (detail.revision == state.revision) return;
  detail.revision = state.revision;
  detail.error.clear();
  auto* store = state.store();
  if (!store) return;
  auto report = store->report(detail.id);
  auto outbox = store->outbox_entry(detail.id);
  auto timeline = store->timeline(detail.id);
  auto uploads = store->upload_progress(detail.id);
  if (!report || !outbox || !timeline || !uploads) {
    detail.error = error_key(!report     ? report.error().code
                             : !outbox   ? outbox.error().code
                             : !timeline ? timeline.error().code
                                         : uploads.error().code);
    return;
  }
  // A claimed report's news is asked for when it is opened (the pull covers only this device's).
  if (report.value() && !detail.report) refresh_claimed(state, *report.value());
  detail.report = report.value();
  detail.outbox = outbox.value();
  detail.timeline = std::move(timeline.value());
  detail.uploads = std::move(uploads.value());
}

}  // namespace

void open_detail(PortalState& state, const domain::ReportId& id) {
  state.detail = DetailState{};
  state.detail.id = id;
  state.go(ScreenId::report_detail);
}

void draw_my_reports(PortalState& state) {
  refresh_list(state);
  ui::heading(state.t("nav.my_reports"));
  if (!state.list.error.empty()) ui::error_text(state.t(state.list.error));
  if (state.list.reports.empty()) {
    ui::text(state.t("my_reports.empty"));
    if (ui::button("my_reports.new", state.t("nav.new_report"))) open_form(state, nullptr);
    return;
  }
  for (std::size_t i = 0; i < state.list.reports.size(); ++i) {
    const auto& summary = state.list.reports[i];
    const std::string& key = state.list.chips[i];
    const std::string subtitle = summary.tracking_code + " · " + format_time(summary.created_at);
    if (ui::list_row("my_reports.row." + summary.id.to_string(), summary.title, subtitle,
                     state.t(key), status_colour(key))) {
      open_detail(state, summary.id);
      return;
    }
  }
}

void draw_report_detail(PortalState& state) {
  refresh_detail(state);
  DetailState& detail = state.detail;
  if (ui::button("detail.back", state.t("nav.my_reports"), ui::ButtonKind::link)) {
    state.go(ScreenId::my_reports);
    return;
  }
  if (!detail.error.empty()) ui::error_text(state.t(detail.error));
  if (!detail.report) return;
  const domain::Report& report = *detail.report;
  ui::heading(report.title);
  const std::string key = !detail.timeline.empty() ? status_key(detail.timeline.back().status)
                          : detail.outbox ? status_key(store::to_string(detail.outbox->state))
                                          : status_key("queued");
  ui::chip(state.t(key), status_colour(key));
  ui::text(state.format("detail.code", {report.tracking_code}));
  if (ui::button("detail.copy", state.t("receipt.copy"), ui::ButtonKind::secondary))
    state.services.copy_to_clipboard(report.tracking_code);
  ui::muted(state.format("detail.created", {format_time(report.created_at)}));
  if (report.received_at)
    ui::muted(state.format("detail.received", {format_time(*report.received_at)}));
  ui::muted(state.t(std::string("classification.") +
                    std::string(domain::to_string(report.classification))));
  if (report.confidential) ui::muted(state.t("form.confidential"));
  if (report.anonymous) ui::muted(state.t("form.anonymous"));
  ui::text(report.body);

  ui::heading(state.t("detail.timeline"), 2);
  if (detail.timeline.empty()) ui::muted(state.t("detail.no_timeline"));
  for (const auto& event : detail.timeline) {
    ui::text(timeline_line(state, event));
    if (!event.note.empty()) ui::text(state.format("detail.answer", {event.note}));
  }
  draw_case_clock(state, report, detail.timeline);
  if (!detail.timeline.empty()) draw_reporter_actions(state, detail.timeline.back().status);
  if (ui::button("detail.refresh", state.t("detail.refresh"), ui::ButtonKind::secondary)) {
    if (auto* engine = state.services.sync()) engine->retry_now();
    refresh_claimed(state, report);
  }
}

}  // namespace aduan::app
