// shell/server/api_console.cpp: the officer console's reading side, as JSON.
//
// GET /api/v1/officer/queue              the reports this officer may see, each with its clock
//     ?status=S&agency=ID&limit=N&offset=N   (agency: held by ID or one of its units)
//     ordered overdue first, then by due date (oldest first), then cases with no running
//     clock, oldest received first; `total` counts them all. Read from the case index
//     (core/cases/case_index.h): an indexed page and a kept count, whatever the database's size.
// GET /api/v1/officer/reports/<id>       one report: its fields (an anonymous reporter's contact
//     never), clock, full timeline (who, when, what, note) and the actions this officer may take
//     now, each with the input it needs (core/workflow's available_actions and needs), and its
//     attachments with their upload state (the files themselves: api_evidence.cpp), and for a
//     report a village official entered, who entered it, for whom and with what consent.
// Both need X-Aduan-Session. The clock is core/workflow's case_clock, in the zone of the
// holding agency's region (time_zone.h), with the holidays of the catalog.
#include <algorithm>
#include <map>

#include "core/cases/case_index.h"
#include "core/rules/report_rules.h"
#include "core/workflow/case_clock.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"
#include "shell/server/json_writer.h"
#include "shell/server/officer_report.h"

namespace aduan::server {
namespace {

struct Row {
  store::StoredReport report;
  workflow::CaseClock clock;
};

std::string_view needs_name(workflow::Needs needs) {
  switch (needs) {
    case workflow::Needs::nothing: return "nothing";
    case workflow::Needs::reason: return "reason";
    case workflow::Needs::text: return "text";
    case workflow::Needs::target_agency: return "target_agency";
    case workflow::Needs::rating: return "rating";
  }
  return "nothing";
}

void write_clock(JsonWriter& json, const workflow::CaseClock& clock, workflow::TimeZone zone) {
  json.key("clock").begin_object();
  json.field("kind", workflow::to_string(clock.kind));
  json.field("zone", workflow::to_string(zone));
  json.field("today", domain::to_string(clock.today));
  if (clock.kind != workflow::ClockKind::none) {
    json.field("start", domain::to_string(clock.deadline.start));
    json.field("due", domain::to_string(clock.deadline.due));
    json.field("working_days_left", clock.deadline.days_left);
    json.field("paused_working_days", clock.deadline.paused_days);
    json.field("overdue", clock.deadline.overdue);
  } else {
    json.key("due").null();
    json.key("working_days_left").null();
    json.field("overdue", false);
  }
  json.field("paused", clock.paused);
  json.field("escalated_to_agency_id", clock.escalated_to_agency_id);
  json.field("escalated", !clock.escalated_to_agency_id.empty());
  json.field("ombudsman_running", clock.ombudsman_running);
  json.field("ombudsman_due", clock.ombudsman_running ? domain::to_string(clock.ombudsman.due) : "");
  json.field("ombudsman_elapsed", clock.ombudsman_running && clock.ombudsman.elapsed);
  json.field("escalated_to_ombudsman", clock.escalated_to_ombudsman);
  json.end_object();
}

void write_summary(JsonWriter& json, const store::StoredReport& stored) {
  const domain::Report& report = stored.report;
  json.field("report_id", report.id.to_string());
  json.field("tracking_code", report.tracking_code);
  json.field("title", report.title);
  json.field("classification", domain::to_string(report.classification));
  json.field("category_id", report.category_id);
  json.field("region_code", report.location.region_code);
  json.field("status", stored.status);
  json.field("agency_id", stored.agency_id);
  json.field("received_at", report.received_at.value_or(0));
  json.field("anonymous", report.anonymous);
  json.field("confidential", report.confidential);
}

// An "assisted" field: for a report a village official entered, who entered it (their
// username, from the server's attribution) and for whom with what consent; null otherwise. An
// anonymous citizen's name and phone are never shown to any agency, as with a contact.
void write_assisted(JsonWriter& json, const store::StoredReport& stored,
                    const std::map<std::string, std::string, std::less<>>& usernames) {
  json.key("assisted");
  const auto& on_behalf = stored.report.on_behalf;
  if (!on_behalf && stored.entered_by.empty()) {
    json.null();
    return;
  }
  const auto name = usernames.find(stored.entered_by);
  json.begin_object().field("entered_by", name != usernames.end() ? name->second : stored.entered_by);
  json.key("citizen");
  if (!on_behalf || stored.report.anonymous)
    json.null();
  else
    json.begin_object()
        .field("name", on_behalf->citizen_name)
        .field("phone", on_behalf->citizen_phone)
        .end_object();
  json.key("consent");
  if (!on_behalf)
    json.null();
  else
    json.begin_object()
        .field("given", on_behalf->consent.given)
        .field("method", domain::to_string(on_behalf->consent.method))
        .field("witness", on_behalf->consent.witness)
        .end_object();
  json.end_object();
}

// Every attachment the report declares, in its order, with how far its upload is; `url` (the
// route of api_evidence.cpp) once it is complete and verified, so the console asks only for
// what can be served. media_type is what the device declared: the served type is decided by
// the bytes.
void write_attachments(JsonWriter& json, const domain::Report& report,
                       const std::vector<store::AttachmentUpload>& uploads) {
  json.key("attachments").begin_array();
  for (const auto& attachment : report.attachments) {
    const auto upload = std::find_if(
        uploads.begin(), uploads.end(),
        [&](const store::AttachmentUpload& u) { return u.attachment_id == attachment.id; });
    const bool verified = upload != uploads.end() && upload->complete;
    json.begin_object()
        .field("id", attachment.id)
        .field("media_type", attachment.media_type)
        .field("size_bytes", static_cast<std::int64_t>(attachment.size_bytes))
        .field("bytes_held",
               static_cast<std::int64_t>(upload == uploads.end() ? 0 : upload->bytes_held))
        .field("verified", verified)
        .field("url", verified ? "/api/v1/officer/reports/" + report.id.to_string() +
                                     "/attachments/" + attachment.id
                               : std::string())
        .end_object();
  }
  json.end_array();
}

void queue(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return;
  auto* store = context.store();
  auto agencies = store->list_agencies();
  if (!agencies) return send_error(response, 503, agencies.error().code, "try again later");
  AgencyDirectory directory(std::move(agencies.value()));
  OfficerScope scope(*officer, directory);
  const std::string status = request.get_param_value("status");
  const std::string agency = request.get_param_value("agency");
  if (!status.empty() && !workflow::parse_status(status))
    return send_error(response, 400, "officer.bad_filter", "unknown status '" + status + "'");
  const std::string limit_text = request.get_param_value("limit");
  const std::size_t limit =
      limit_text.empty() ? 50 : std::clamp<std::size_t>(std::strtoul(limit_text.c_str(), nullptr, 10), 1, 500);
  const std::size_t offset = std::strtoul(request.get_param_value("offset").c_str(), nullptr, 10);
  if (auto fresh = refresh_case_index(*store, &context.write_lock()); !fresh)
    return send_error(response, 503, fresh.error().code, "try again later");
  store::CaseFilter filter = scope.case_filter();
  filter.status = status;
  if (!agency.empty()) filter.within = directory.units_of(agency);
  // The order and the total come from the case index (core/cases, server_store_cases.cpp): a
  // page costs its offset and length in index steps, never a read of every case. Each row of
  // the page is then read in full, with its clock from its own events.
  const auto now = context.now();
  std::int64_t total = 0;
  std::vector<Row> rows;
  auto read = store->in_read_snapshot([&]() -> Status {
    auto counted = store->count_cases(filter);
    if (!counted) return counted.error();
    total = counted.value();
    auto page = store->queue_page(filter, cases::queue_order(context.catalog().calendar, now), offset, limit);
    if (!page) return page.error();
    for (const auto& entry : page.value()) {
      auto report = store->report_at(entry.seq);
      if (!report) return report.error();
      if (!report.value()) continue;
      auto events = store->timeline(report.value()->report.id);
      if (!events) return events.error();
      auto clock = workflow::case_clock(history_of(events.value()), report.value()->report.received_at.value_or(0),
                                        context.catalog().calendar, directory.zone_of_case(*report.value()), now);
      rows.push_back({std::move(*report.value()), clock});
    }
    return done();
  });
  if (!read) return send_error(response, 503, read.error().code, "try again later");
  JsonWriter json;
  json.begin_object().field("now", now).field("total", total);
  json.key("items").begin_array();
  for (const auto& row : rows) {
    json.begin_object();
    write_summary(json, row.report);
    write_clock(json, row.clock, directory.zone_of_case(row.report));
    json.end_object();
  }
  json.end_array().end_object();
  response.set_header("Cache-Control", "no-store");
  response.set_content(json.str(), "application/json");
}

void detail(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto opened = open_report_as_officer(context, request, response);
  if (!opened) return;
  const store::StoredReport& stored = opened->stored;
  const AgencyDirectory& directory = *opened->directory;
  const OfficerScope& scope = *opened->scope;
  const domain::ReportId& id = stored.report.id;
  auto* store = context.store();
  auto events = store->timeline(id);
  if (!events) return send_error(response, 503, events.error().code, "try again later");
  // The actors' names: an officer's username ("sistem" and the reporter are the console's words).
  auto officers = store->list_officers();
  if (!officers) return send_error(response, 503, officers.error().code, "try again later");
  std::map<std::string, std::string, std::less<>> names;
  for (const auto& officer : officers.value()) names.emplace(officer.id, officer.username);
  auto uploads = store->attachment_uploads(id);
  if (!uploads) return send_error(response, 503, uploads.error().code, "try again later");
  const auto history = history_of(events.value());
  const auto zone = directory.zone_of_case(stored);
  auto clock = workflow::case_clock(history, stored.report.received_at.value_or(0), context.catalog().calendar,
                                    zone, context.now());
  const domain::Report& report = stored.report;
  JsonWriter json;
  json.begin_object();
  write_summary(json, stored);
  json.field("body", report.body);
  json.field("place", report.location.place);
  json.field("incident_date", domain::to_string(report.incident_date));
  json.field("citizen_agency_id", report.agency_id);
  json.field("channel", domain::to_string(report.channel));
  write_kiosk_office(json, *store, stored.device_id);
  write_assisted(json, stored, names);
  write_attachments(json, report, uploads.value());
  json.key("reporter");
  // The identity of an anonymous reporter is never shown to any agency.
  if (report.anonymous || !report.contact) {
    json.null();
  } else {
    json.begin_object()
        .field("name", report.contact->name)
        .field("phone", report.contact->phone)
        .field("email", report.contact->email)
        .end_object();
  }
  write_clock(json, clock, zone);
  json.key("timeline").begin_array();
  for (const auto& event : events.value()) {
    json.begin_object()
        .field("seq", event.seq)
        .field("at", event.at)
        .field("action", event.action.empty() ? "received" : event.action)
        .field("status", event.status)
        .field("agency_id", event.agency_id)
        .field("actor", event.actor)
        .field("actor_role", event.actor_role)
        .field("actor_name", names.count(event.actor) ? names.find(event.actor)->second : std::string())
        .field("note", event.note)
        .field("rating", event.rating)
        .end_object();
  }
  json.end_array();
  // What the report arrived without (core/rules): verifying waits until it is completed.
  const auto pending = rules::pending_details(report);
  json.key("details_pending").begin_array();
  for (const auto& detail : pending) json.value(detail);
  json.end_array();
  json.key("available_actions").begin_array();
  const auto current = case_of(stored, history);
  for (auto action : workflow::available_actions(current, scope.actor(), scope.hooks())) {
    json.begin_object()
        .field("action", workflow::to_string(action))
        .field("needs", needs_name(workflow::needs(action)))
        .end_object();
  }
  json.end_array().end_object();
  response.set_header("Cache-Control", "no-store");
  response.set_content(json.str(), "application/json");
}

}  // namespace

std::optional<OfficerReport> open_report_as_officer(ServerContext& context, const httplib::Request& request,
                                                    httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return std::nullopt;
  auto id = domain::ReportId::parse(request.matches[1].str());
  if (!id) {
    send_error(response, 400, "officer.bad_report_id", "a report id is 32 hex digits");
    return std::nullopt;
  }
  auto* store = context.store();
  auto agencies = store->list_agencies();
  if (!agencies) {
    send_error(response, 503, agencies.error().code, "try again later");
    return std::nullopt;
  }
  OfficerReport opened;
  opened.directory = std::make_unique<AgencyDirectory>(std::move(agencies.value()));
  opened.scope = std::make_unique<OfficerScope>(*officer, *opened.directory);
  auto found = store->report(*id);
  if (!found) {
    send_error(response, 503, found.error().code, "try again later");
    return std::nullopt;
  }
  if (!found.value()) {
    send_error(response, 404, "officer.unknown_report", "no such report");
    return std::nullopt;
  }
  if (!opened.scope->sees_report(*found.value())) {
    send_error(response, 403, "officer.out_of_scope", "this report is outside what your role may see");
    return std::nullopt;
  }
  opened.stored = std::move(*found.value());
  return opened;
}

void install_console_routes(RouteTable& routes, ServerContext& context) {
  routes.get("/api/v1/officer/queue",
             [&context](const httplib::Request& request, httplib::Response& response) {
               queue(context, request, response);
             });
  routes.get("/api/v1/officer/reports/{report_id}", R"(/api/v1/officer/reports/([0-9A-Fa-f]+))",
             [&context](const httplib::Request& request, httplib::Response& response) {
               detail(context, request, response);
             });
}

}  // namespace aduan::server
