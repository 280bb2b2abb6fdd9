// shell/server/api_open311_requests.cpp: Open311 GeoReport v2's service requests, read: what a
// city's other systems may know of a report, which is exactly what the public tracking page
// shows (shell/server/tracking.h) and nothing more.
//
// GET /open311/v2/requests/<id>.(json|xml)   the tracking code is the service_request_id
// GET /open311/v2/requests.(json|xml)         service_request_id=a,b (then nothing else counts),
//                                             or service_code, start_date, end_date, status
//                                             (open, closed or both), limit
//
// A request carries its status (open, or closed once completed, archived or rejected), the
// agency's latest public answer as status_notes, the agency responsible, and three datetimes in
// the case's own zone (WIB, WITA or WIT): requested (received), updated (the latest event) and
// expected (the last day of the deadline the case clock is running against, when one runs).
// Never the reporter, the contact, the title or text, the place or the coordinates, never a
// photo, never a confidential report (it is "not found", so its existence is not revealed).
// The list covers at most 90 days (the last 90 when no dates are given) and 1,000 requests,
// newest first, as the specification suggests.
//
// The list (no ids) leaves out every report whose region the open data's disclosure rule
// (core/metrics/open_data.h) coarsens for its category and month: its tracking code leads to
// the tracking page, which shows the region, so listing it would undo the export's coarsening
// for anyone walking the list. A report asked for by its id is answered as the tracking page
// answers it: the code is a handle its reporter holds, not something to enumerate.
#include <algorithm>
#include <ctime>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/domain/tracking_code.h"
#include "core/metrics/open_data.h"
#include "core/workflow/case_clock.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"
#include "shell/server/json_writer.h"
#include "shell/server/open311.h"
#include "shell/server/scheduler.h"
#include "shell/server/tracking.h"

namespace aduan::server::open311 {
namespace {

constexpr domain::Timestamp kDayMs = 86'400'000;
constexpr domain::Timestamp kLongestPeriodMs = 90 * kDayMs;
constexpr std::size_t kMostRequests = 1000;
constexpr std::size_t kMostIds = 100;

struct PublicRequest {
  TrackingView view;
  workflow::TimeZone zone = workflow::kNationalTimeZone;
  domain::Timestamp updated_at = 0;
  std::optional<domain::CivilDate> expected;  // the running deadline's last day
};

// "+07:00" for WIB: the zone's offset as ISO 8601 writes it (Indonesia's are 7 to 9 hours).
std::string offset_text(workflow::TimeZone zone) {
  return "+0" + std::to_string(workflow::utc_offset_hours(zone)) + ":00";
}

// "2026-12-06T09:30:00+07:00": the instant in the case's zone.
std::string local_iso(domain::Timestamp at, workflow::TimeZone zone) {
  const std::time_t seconds =
      static_cast<std::time_t>(at / 1000 + workflow::utc_offset_hours(zone) * 3600);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  return text + offset_text(zone);
}

bool closed(const std::string& status) {
  return status == "completed" || status == "archived" || status == "rejected";
}

// The public request of `stored`, or nullopt for a confidential report.
Result<std::optional<PublicRequest>> public_request(ServerContext& context,
                                                    const AgencyDirectory& directory,
                                                    const store::StoredReport& stored) {
  auto events = context.store()->timeline(stored.report.id);
  if (!events) return events.error();
  auto view = make_tracking_view(stored, events.value(), {});
  if (!view) return std::optional<PublicRequest>();
  PublicRequest request{std::move(*view), directory.zone_of_case(stored), 0, std::nullopt};
  request.updated_at = stored.report.received_at.value_or(0);
  for (const auto& event : events.value())
    request.updated_at = std::max(request.updated_at, event.at);
  const auto clock =
      workflow::case_clock(history_of(events.value()), stored.report.received_at.value_or(0),
                           context.catalog().calendar, request.zone, context.now());
  if (clock.kind != workflow::ClockKind::none) request.expected = clock.deadline.due;
  return std::optional<PublicRequest>(std::move(request));
}

void write(JsonWriter& json, std::string& xml, const PublicRequest& request,
           const domain::Catalog& catalog, const httplib::Request& http_request) {
  const TrackingView& view = request.view;
  const domain::Category* category = catalog.find_category(view.category_id);
  const std::string name =
      category == nullptr ? view.category_id : std::string(service_name(*category, http_request));
  const domain::Agency* agency = catalog.find_agency(view.agency_id);
  const std::string agency_name = agency != nullptr ? agency->name : view.agency_id;
  const std::string status = closed(view.status) ? "closed" : "open";
  const std::string notes = view.answers.empty() ? std::string() : view.answers.back().text;
  const std::string requested = local_iso(view.received_at, request.zone);
  const std::string updated = local_iso(request.updated_at, request.zone);
  // The deadline is a day: on time until its end, in the case's zone.
  const std::string expected = request.expected ? domain::to_string(*request.expected) +
                                                      "T23:59:59" + offset_text(request.zone)
                                                : std::string();
  json.begin_object()
      .field("service_request_id", view.tracking_code)
      .field("status", status)
      .field("status_notes", notes)
      .field("service_name", name)
      .field("service_code", view.category_id)
      .field("agency_responsible", agency_name)
      .field("service_notice", "")
      .field("requested_datetime", requested)
      .field("updated_datetime", updated);
  if (request.expected) {
    json.field("expected_datetime", expected);
  } else {
    json.key("expected_datetime").null();
  }
  json.end_object();
  xml += "<request>" + xml_text("service_request_id", view.tracking_code) +
         xml_text("status", status) + xml_text("status_notes", notes) +
         xml_text("service_name", name) + xml_text("service_code", view.category_id) +
         xml_text("agency_responsible", agency_name) + "<service_notice/>" +
         xml_text("requested_datetime", requested) + xml_text("updated_datetime", updated) +
         xml_text("expected_datetime", expected) + "</request>";
}

void answer_requests(ServerContext& context, const httplib::Request& http_request,
                     httplib::Response& response, Format format,
                     const std::vector<PublicRequest>& requests) {
  JsonWriter json;
  json.begin_array();
  std::string xml = "<service_requests>";
  for (const auto& request : requests)
    write(json, xml, request, context.catalog().catalog, http_request);
  json.end_array();
  answer(response, format, json.str(), xml + "</service_requests>", "no-store");
}

std::optional<AgencyDirectory> directory_of(ServerContext& context) {
  auto agencies = context.store()->list_agencies();
  if (!agencies) return std::nullopt;
  return AgencyDirectory(std::move(agencies.value()));
}

// Each code of `ids` that is a public report, in the order asked; unknown ones are left out.
Result<std::vector<PublicRequest>> by_ids(ServerContext& context, const AgencyDirectory& directory,
                                          const std::vector<std::string>& ids) {
  std::vector<PublicRequest> found;
  for (const auto& id : ids) {
    auto code = domain::normalize_tracking_code(id);
    if (!code) continue;
    auto stored = context.store()->report_by_tracking_code(code.value());
    if (!stored) return stored.error();
    if (!stored.value()) continue;
    auto request = public_request(context, directory, *stored.value());
    if (!request) return request.error();
    if (request.value()) found.push_back(std::move(*request.value()));
  }
  return found;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    if (comma > at) parts.push_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return parts;
}

// Whether the open data publishes a case's region as it is: the disclosure rule's cells counted
// a month at a time, for the months a list reaches, in the list's read snapshot. A report not
// (yet) in the case index is treated as coarsened: left out when in doubt.
class DisclosedRegions {
 public:
  explicit DisclosedRegions(store::ServerRepository& store) : store_(store) {}

  Result<bool> published_as_is(const store::StoredReport& stored) {
    auto row = store_.case_row(stored.report.id);
    if (!row) return row.error();
    if (!row.value()) return false;
    const store::CaseRow& found = *row.value();
    if (counted_.insert({found.year, found.month}).second) {
      auto cells = store_.open_data_cells(found.year, found.month);
      if (!cells) return cells.error();
      for (const auto& cell : cells.value())
        rule_.add(cell.category_id, cell.year, cell.month, cell.region_code, cell.reports);
    }
    return rule_.published_region(stored.report.category_id, found.year, found.month,
                                  found.region_code) == found.region_code;
  }

 private:
  store::ServerRepository& store_;
  metrics::DisclosureRule rule_;
  std::set<std::pair<int, int>> counted_;  // (year, month)
};

// The list's filters, or a message for the specification's 400.
struct ListQuery {
  store::PublicReportFilter filter;
  std::string problem;
};

ListQuery list_query(ServerContext& context, const httplib::Request& request) {
  ListQuery query;
  store::PublicReportFilter& filter = query.filter;
  const domain::Timestamp now = context.now();
  filter.received_before = now + 1;
  for (const char* name : {"start_date", "end_date"}) {
    const std::string text = request.get_param_value(name);
    if (text.empty()) continue;
    auto at = parse_iso_time(text);
    if (!at) {
      query.problem =
          std::string(name) + " must be an ISO 8601 time, e.g. 2026-12-01T00:00:00+07:00";
      return query;
    }
    (std::string_view(name) == "start_date" ? filter.received_from : filter.received_before) =
        at.value();
  }
  if (request.get_param_value("start_date").empty())
    filter.received_from = filter.received_before - kLongestPeriodMs;
  if (filter.received_before <= filter.received_from ||
      filter.received_before - filter.received_from > kLongestPeriodMs)
    query.problem = "start_date must be before end_date, at most 90 days before it";
  filter.category_id = request.get_param_value("service_code");
  if (!filter.category_id.empty() &&
      context.catalog().catalog.find_category(filter.category_id) == nullptr)
    query.problem = "unknown service_code";
  const auto statuses = split_commas(request.get_param_value("status"));
  const bool open = std::find(statuses.begin(), statuses.end(), "open") != statuses.end();
  const bool shut = std::find(statuses.begin(), statuses.end(), "closed") != statuses.end();
  if (std::any_of(statuses.begin(), statuses.end(),
                  [](const std::string& s) { return s != "open" && s != "closed"; }))
    query.problem = "status is open, closed or both";
  if (open != shut) filter.resolved = shut;
  filter.limit = kMostRequests;
  if (const std::string limit = request.get_param_value("limit"); !limit.empty()) {
    const long asked = std::strtol(limit.c_str(), nullptr, 10);
    if (asked < 1 || asked > static_cast<long>(kMostRequests) ||
        limit.find_first_not_of("0123456789") != std::string::npos)
      query.problem = "limit is a whole number from 1 to 1000";
    else
      filter.limit = static_cast<std::size_t>(asked);
  }
  return query;
}

void list(ServerContext& context, const httplib::Request& request, httplib::Response& response,
          Format format) {
  auto directory = directory_of(context);
  if (!directory) return send_error(response, format, 503, "try again later");
  const std::string ids = request.get_param_value("service_request_id");
  if (!ids.empty()) {
    const auto asked = split_commas(ids);
    if (asked.size() > kMostIds)
      return send_error(response, format, 400, "at most 100 service_request_id values");
    auto found = by_ids(context, *directory, asked);
    if (!found) return send_error(response, format, 503, "try again later");
    return answer_requests(context, request, response, format, found.value());
  }
  ListQuery query = list_query(context, request);
  if (!query.problem.empty()) return send_error(response, format, 400, query.problem);
  std::vector<PublicRequest> found;
  auto* store = context.store();
  if (!refresh_case_index(*store, &context.write_lock()))
    return send_error(response, format, 503, "try again later");
  DisclosedRegions disclosed(*store);
  auto read = store->in_read_snapshot([&]() -> Status {
    auto seqs = store->public_report_seqs(query.filter);
    if (!seqs) return seqs.error();
    for (std::int64_t seq : seqs.value()) {
      auto stored = store->report_at(seq);
      if (!stored) return stored.error();
      if (!stored.value()) continue;
      auto listed = disclosed.published_as_is(*stored.value());
      if (!listed) return listed.error();
      if (!listed.value()) continue;
      auto public_view = public_request(context, *directory, *stored.value());
      if (!public_view) return public_view.error();
      if (public_view.value()) found.push_back(std::move(*public_view.value()));
    }
    return done();
  });
  if (!read) return send_error(response, format, 503, "try again later");
  answer_requests(context, request, response, format, found);
}

}  // namespace

void install_request_routes(RouteTable& routes, ServerContext& context) {
  routes.get("/open311/v2/requests.{format}", R"(/open311/v2/requests\.(json|xml))",
             [&context](const httplib::Request& request, httplib::Response& response) {
               const Format format = format_of(request.matches[1].str());
               if (jurisdiction_known(request, response, format))
                 list(context, request, response, format);
             });
  routes.get("/open311/v2/requests/{service_request_id}.{format}",
             R"(/open311/v2/requests/([^/]+)\.(json|xml))",
             [&context](const httplib::Request& request, httplib::Response& response) {
               const Format format = format_of(request.matches[2].str());
               if (!jurisdiction_known(request, response, format)) return;
               auto directory = directory_of(context);
               if (!directory) return send_error(response, format, 503, "try again later");
               auto found = by_ids(context, *directory, {request.matches[1].str()});
               if (!found) return send_error(response, format, 503, "try again later");
               if (found.value().empty())
                 return send_error(response, format, 404, "no public service request with this id");
               answer_requests(context, request, response, format, found.value());
             });
}

}  // namespace aduan::server::open311
