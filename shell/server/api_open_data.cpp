// shell/server/api_open_data.cpp: the open data, LAPOR!-style: one record per public report,
// without personal data, for anyone to download.
//
// GET /api/v1/open-data/reports?year=Y[&month=M][&agency=ID][&cursor=C][&limit=N]   JSON
// GET /api/v1/open-data/reports.csv?...                                                CSV
//     without `limit`, the CSV is the whole period in one file, streamed a page at a time
//
// A record: the tracking code (none when the region is coarsened: the tracking page shows it),
// classification, category, the agency holding the case (none when it lies below the published
// region's level: its name carries its region), the
// region (coarsened by core/metrics' disclosure rule, open_data.h), the dates received, first
// followed up and completed (local dates in the case's zone), the status, the working days to
// the first follow-up and the reporter's rating. Never the reporter, a contact, the title or
// text, the place or coordinates, a photo, an officer, or a confidential report. The period is
// the case index's month of receipt (the dashboard's period); pages follow a cursor (the last
// record's position: JSON "next_cursor", CSV "Link: <...>; rel=next"), so a reader never misses
// or repeats a record while new reports arrive.
#include <memory>
#include <string>
#include <vector>

#include "core/metrics/open_data.h"
#include "core/workflow/working_days.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_common.h"
#include "shell/server/json_writer.h"
#include "shell/server/public_data.h"

namespace aduan::server {
namespace {

constexpr std::size_t kDefaultPage = 500;
constexpr std::size_t kLargestPage = 1000;
constexpr std::size_t kStreamedPage = 100;  // the whole period's CSV reads this many at a time

struct OpenDataQuery {
  store::OpenDataFilter filter;
  std::string problem_code;  // "" when the query is good
  std::string problem;
};

OpenDataQuery read_query(ServerContext& context, const httplib::Request& request,
                         const AgencyDirectory& directory) {
  OpenDataQuery query;
  auto bad = [&query](const char* code, const char* detail) {
    query.problem_code = code;
    query.problem = detail;
    return query;
  };
  const auto period = parse_period(request, context.now());
  if (!period) return bad("open_data.bad_period", "year is 2000-2200 and month 1-12");
  query.filter.year = period->year;
  query.filter.month = period->month;
  query.filter.holder = request.get_param_value("agency");
  if (!query.filter.holder.empty() && !directory.find(query.filter.holder))
    return bad("open_data.unknown_agency", "no agency has this id");
  query.filter.limit = kDefaultPage;
  if (request.has_param("limit")) {
    const std::string text = request.get_param_value("limit");
    if (text.empty() || text.size() > 4 ||
        text.find_first_not_of("0123456789") != std::string::npos || std::stoul(text) < 1 ||
        std::stoul(text) > kLargestPage)
      return bad("open_data.bad_limit", "limit is 1-1000");
    query.filter.limit = std::stoul(text);
  }
  if (request.has_param("cursor")) {
    const std::string text = request.get_param_value("cursor");
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos)
      return bad("open_data.bad_cursor", "the cursor is the next_cursor of an earlier page");
    query.filter.after_seq = std::stoll(text);
  }
  return query;
}

// One record as published: every field a text, "" for none.
struct PublishedRecord {
  std::string tracking_code, classification, category_id, category, agency_id, agency, region_code,
      region, received_date, first_follow_up_date, completed_date, status,
      working_days_to_follow_up, rating;
  bool region_coarsened = false;
  bool agency_withheld = false;  // held by an agency below the published region's level
};

std::string date_of(std::optional<std::int64_t> day) {
  return day ? domain::to_string(workflow::civil_from_days(*day)) : std::string();
}

PublishedRecord publish(const store::OpenDataRecord& record, const metrics::DisclosureRule& rule,
                        const domain::Catalog& catalog, const AgencyDirectory& directory) {
  PublishedRecord out;
  out.tracking_code = record.tracking_code;
  out.classification = record.classification;
  out.category_id = record.category_id;
  if (const auto* category = catalog.find_category(record.category_id))
    out.category = category->name_id;
  out.region_code =
      rule.published_region(record.category_id, record.year, record.month, record.region_code);
  out.region_coarsened = out.region_code != record.region_code;
  // The public tracking page shows a report's region: a coarsened record keeps no tracking code,
  // which would lead straight back to the region the rule withheld.
  if (out.region_coarsened) out.tracking_code.clear();
  // An agency's id and name carry its region: one below the published region's level would name
  // the place withheld (an agency no longer in the directory is withheld when in doubt).
  const auto* agency = directory.find(record.holder);
  out.agency_withheld = !record.holder.empty() &&
                        (agency ? !metrics::agency_publishable(agency->region_code, out.region_code)
                                : out.region_coarsened);
  if (!out.agency_withheld) {
    out.agency_id = record.holder;
    if (agency) out.agency = agency->name;
  }
  if (const auto* region = catalog.find_region(out.region_code)) out.region = region->name;
  out.received_date = date_of(record.received_day);
  out.first_follow_up_date = date_of(record.follow_up_day);
  out.completed_date = date_of(record.completion_day);
  out.status = record.status;
  if (record.followed_up)
    out.working_days_to_follow_up = std::to_string(record.working_days_to_follow_up);
  if (record.rating > 0) out.rating = std::to_string(record.rating);
  return out;
}

std::string as_json(const metrics::Period& period, const std::string& agency,
                    const std::vector<PublishedRecord>& records, const std::string& next_cursor) {
  JsonWriter json;
  json.begin_object().key("period").begin_object().field("year", period.year).key("month");
  if (period.month == 0)
    json.null();
  else
    json.value(period.month);
  json.end_object().key("agency_id");
  if (agency.empty())
    json.null();
  else
    json.value(agency);
  json.key("smallest_published_cell").value(metrics::kSmallestPublishedCell);
  auto text_or_null = [&json](std::string_view name, const std::string& text) {
    json.key(name);
    if (text.empty())
      json.null();
    else
      json.value(text);
  };
  auto number_or_null = [&json](std::string_view name, const std::string& digits) {
    json.key(name);
    if (digits.empty())
      json.null();
    else
      json.value(static_cast<std::int64_t>(std::stoll(digits)));
  };
  json.key("records").begin_array();
  for (const auto& r : records) {
    json.begin_object();
    text_or_null("tracking_code", r.tracking_code);
    json.field("classification", r.classification)
        .field("category_id", r.category_id)
        .field("category", r.category);
    text_or_null("agency_id", r.agency_id);
    text_or_null("agency", r.agency);
    text_or_null("region_code", r.region_code);
    text_or_null("region", r.region);
    json.field("region_coarsened", r.region_coarsened).field("received_date", r.received_date);
    text_or_null("first_follow_up_date", r.first_follow_up_date);
    text_or_null("completed_date", r.completed_date);
    json.field("status", r.status);
    number_or_null("working_days_to_follow_up", r.working_days_to_follow_up);
    number_or_null("rating", r.rating);
    json.end_object();
  }
  json.end_array();
  text_or_null("next_cursor", next_cursor);
  json.end_object();
  return json.str();
}

constexpr std::string_view kCsvHeader =
    "tracking_code,classification,category_id,category,agency_id,agency,region_code,region,"
    "region_coarsened,received_date,first_follow_up_date,completed_date,status,"
    "working_days_to_follow_up,rating\r\n";

std::string as_csv(const std::vector<PublishedRecord>& records) {
  std::string out(kCsvHeader);
  for (const auto& r : records) {
    for (const auto* cell : {&r.tracking_code, &r.classification, &r.category_id, &r.category,
                             &r.agency_id, &r.agency, &r.region_code, &r.region})
      out += csv_field(*cell) + ",";
    out += std::string(r.region_coarsened ? "true" : "false") + ",";
    for (const auto* cell : {&r.received_date, &r.first_follow_up_date, &r.completed_date,
                             &r.status, &r.working_days_to_follow_up})
      out += csv_field(*cell) + ",";
    out += csv_field(r.rating) + "\r\n";
  }
  return out;
}

// The same request with the next page's cursor, for CSV readers' Link header.
std::string next_page_link(const httplib::Request& request, const std::string& cursor) {
  std::string query;
  for (const auto& [name, value] : request.params) {
    if (name == "cursor") continue;
    query += (query.empty() ? "" : "&") + httplib::detail::encode_query_param(name) + "=" +
             httplib::detail::encode_query_param(value);
  }
  query += (query.empty() ? "" : "&") + std::string("cursor=") + cursor;
  return "<" + request.path + "?" + query + ">; rel=\"next\"";
}

// What one reading of a period needs between its pages: the query, where it has got to, and
// the disclosure rule's cells (counted once, at the first page).
struct PeriodReading {
  store::OpenDataFilter filter;
  metrics::DisclosureRule rule;
  AgencyDirectory directory;
  bool finished = false;
};

// The next page of `reading` (the first one also counts the cells), published.
Result<std::vector<PublishedRecord>> next_page(ServerContext& context, PeriodReading& reading,
                                               bool first) {
  auto* store = context.store();
  if (!store) return Error{"store.unavailable", "the database cannot be opened"};
  std::vector<store::OpenDataRecord> page;
  auto read = store->in_read_snapshot([&]() -> Status {
    auto records = store->open_data_page(reading.filter);
    if (!records) return records.error();
    page = std::move(records.value());
    if (!first) return done();
    auto cells = store->open_data_cells(reading.filter.year, reading.filter.month);
    if (!cells) return cells.error();
    for (const auto& cell : cells.value())
      reading.rule.add(cell.category_id, cell.year, cell.month, cell.region_code, cell.reports);
    return done();
  });
  if (!read) return read.error();
  reading.finished = page.size() < reading.filter.limit;
  if (!page.empty()) reading.filter.after_seq = page.back().seq;
  std::vector<PublishedRecord> published;
  published.reserve(page.size());
  for (const auto& record : page) {
    PublishedRecord out =
        publish(record, reading.rule, context.catalog().catalog, reading.directory);
    // Asked for one agency, a record that may not name it is left out: being in the answer would
    // name it. (The page may then be shorter than the limit; the cursor still follows the store.)
    if (!reading.filter.holder.empty() && out.agency_withheld) continue;
    published.push_back(std::move(out));
  }
  return published;
}

// The CSV of a whole period, a page at a time as the client takes it, so a year of records
// never sits in memory at once. A page that cannot be read ends the answer early (the client
// sees a cut transfer, never a file that looks complete).
void stream_whole_period(ServerContext& context, const std::shared_ptr<PeriodReading>& reading,
                         const std::vector<PublishedRecord>& first_page,
                         httplib::Response& response) {
  auto pending = std::make_shared<std::string>(as_csv(first_page));
  response.set_chunked_content_provider(
      "text/csv; charset=utf-8",
      [&context, reading, pending](std::size_t, httplib::DataSink& sink) {
        if (!pending->empty()) {
          if (!sink.write(pending->data(), pending->size())) return false;
          pending->clear();
        }
        if (reading->finished) {
          sink.done();
          return true;
        }
        auto page = next_page(context, *reading, false);
        if (!page) return false;
        *pending = as_csv(page.value()).substr(kCsvHeader.size());
        return true;
      });
}

void answer(ServerContext& context, const httplib::Request& request, httplib::Response& response,
            bool csv) {
  auto* store = store_or_503(context, response);
  if (!store) return;
  auto agencies = store->list_agencies();
  if (!agencies) return send_error(response, 503, agencies.error().code, "try again later");
  auto reading = std::make_shared<PeriodReading>(
      PeriodReading{{}, {}, AgencyDirectory(std::move(agencies.value()))});
  const OpenDataQuery query = read_query(context, request, reading->directory);
  if (!query.problem_code.empty())
    return send_error(response, 400, query.problem_code, query.problem);
  reading->filter = query.filter;
  const bool whole_period = csv && !request.has_param("limit");
  if (whole_period) reading->filter.limit = kStreamedPage;
  if (auto fresh = refresh_case_index(*store, &context.write_lock()); !fresh)
    return send_error(response, 503, fresh.error().code, "try again later");
  auto page = next_page(context, *reading, true);
  if (!page) return send_error(response, 503, page.error().code, "try again later");
  const std::string next_cursor =
      reading->finished ? std::string() : std::to_string(reading->filter.after_seq);
  response.set_header("Cache-Control", "public, max-age=60");
  if (!csv) {
    const metrics::Period period{query.filter.year, query.filter.month};
    return response.set_content(as_json(period, query.filter.holder, page.value(), next_cursor),
                                "application/json");
  }
  std::string name = "aduan-open-data-" + std::to_string(query.filter.year);
  if (query.filter.month)
    name += (query.filter.month < 10 ? "-0" : "-") + std::to_string(query.filter.month);
  response.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  if (whole_period) return stream_whole_period(context, reading, page.value(), response);
  if (!next_cursor.empty()) response.set_header("Link", next_page_link(request, next_cursor));
  response.set_content(as_csv(page.value()), "text/csv; charset=utf-8");
}

}  // namespace

void install_open_data_routes(RouteTable& routes, ServerContext& context) {
  routes.get("/api/v1/open-data/reports",
             [&context](const httplib::Request& request, httplib::Response& response) {
               answer(context, request, response, false);
             });
  routes.get("/api/v1/open-data/reports.csv",
             [&context](const httplib::Request& request, httplib::Response& response) {
               answer(context, request, response, true);
             });
}

}  // namespace aduan::server
