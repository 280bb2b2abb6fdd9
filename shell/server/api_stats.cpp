// shell/server/api_stats.cpp: performance figures of agencies, public and per officer.
//
// GET /api/v1/stats?year=Y[&month=M][&format=csv]   public, no session
// GET /api/v1/stats.csv?year=Y[&month=M]            the same as CSV
// GET /api/v1/officer/stats?year=Y[&month=M][&format=csv]   X-Aduan-Session; only the cases
//     the officer may see (agency_scope.h) are counted
// The figures are core/metrics' (kpi.h, whose definitions the README repeats): per agency
// holding the case, the same rolled up over each agency's units ("agencies_with_units": a
// regency government's row covers its dinas), the total, rankings by speed and by completion
// (of the holding agencies), the monthly trend of the year, and how many reports arrived
// through each channel (web, kiosk, assisted, sms, open311: `received_by_channel`). Every case
// counts, confidential ones included; nothing here describes a case (no title, text, place,
// reporter or tracking code), only counts, rates and averages per agency. Year defaults to the current year in WIB.
// The public figures are at most --stats-cache-seconds old (stats_cache.h). Every figure is
// computed by core/metrics from sums of the case index (core/cases): per agency and month, kept
// as events are written, and the running clocks overdue today; never from every report.
#include <algorithm>
#include <map>
#include <memory>

#include "core/cases/case_index.h"
#include "core/metrics/kpi.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"
#include "shell/server/json_writer.h"
#include "shell/server/public_data.h"
#include "shell/server/stats_cache.h"

namespace aduan::server {
namespace {

struct Figures {
  metrics::Period period;
  metrics::AgencyKpi total;
  std::map<std::string, std::int64_t> by_channel;  // every channel's name, 0 when none
  std::vector<metrics::AgencyKpi> agencies;
  std::vector<metrics::Ranked> by_speed;
  std::vector<metrics::Ranked> by_completion;
  std::vector<metrics::AgencyKpi> trend;
  std::vector<metrics::AgencyKpi> rolled_up;  // each parent over its units
};

Figures compute(const std::vector<metrics::MonthlySums>& sums, metrics::Period period,
                const AgencyDirectory& directory, const std::vector<store::ChannelMonthCount>& channels) {
  Figures figures;
  figures.period = period;
  for (auto channel : {domain::Channel::web, domain::Channel::kiosk, domain::Channel::assisted,
                       domain::Channel::sms, domain::Channel::open311})
    figures.by_channel[std::string(domain::to_string(channel))] = 0;
  for (const auto& count : channels) {
    if (count.year == period.year && (period.month == 0 || count.month == period.month))
      figures.by_channel[count.channel] += count.received;
  }
  figures.total = metrics::kpi_for(sums, period, "");
  for (auto& row : metrics::kpis_by_agency(sums, period))
    if (!row.agency_id.empty()) figures.agencies.push_back(std::move(row));
  figures.by_speed = metrics::rank_by_speed(figures.agencies);
  figures.by_completion = metrics::rank_by_completion(figures.agencies);
  figures.trend = metrics::monthly_trend(sums, period.year, "");
  for (auto& row : metrics::kpis_rolled_up(sums, period, directory.parent_map()))
    if (!row.agency_id.empty()) figures.rolled_up.push_back(std::move(row));
  return figures;
}

void write_kpi(JsonWriter& json, const metrics::AgencyKpi& kpi) {
  json.field("received", kpi.received)
      .field("followed_up", kpi.followed_up)
      .key("followed_up_percent")
      .tenths(kpi.followed_up_percent)
      .field("completed", kpi.completed)
      .key("completed_percent")
      .tenths(kpi.completed_percent)
      .field("resolved", kpi.resolved)
      .key("avg_working_days_to_follow_up")
      .tenths(kpi.avg_working_days_to_follow_up)
      .key("avg_calendar_days_to_completion")
      .tenths(kpi.avg_calendar_days_to_completion)
      .field("overdue", kpi.overdue);
}

std::string agency_name(const AgencyDirectory& directory, std::string_view id) {
  const auto* agency = directory.find(id);
  return agency ? agency->name : std::string();
}

std::string as_json(const Figures& figures, const AgencyDirectory& directory) {
  JsonWriter json;
  json.begin_object().key("period").begin_object().field("year", figures.period.year);
  json.key("month");
  if (figures.period.month == 0) json.null();
  else json.value(figures.period.month);
  json.end_object();
  json.key("total").begin_object();
  write_kpi(json, figures.total);
  json.end_object();
  json.key("received_by_channel").begin_object();
  for (const auto& [channel, received] : figures.by_channel) json.field(channel, received);
  json.end_object();
  json.key("agencies").begin_array();
  for (const auto& kpi : figures.agencies) {
    json.begin_object().field("agency_id", kpi.agency_id).field("name", agency_name(directory, kpi.agency_id));
    write_kpi(json, kpi);
    json.end_object();
  }
  json.end_array();
  json.key("agencies_with_units").begin_array();
  for (const auto& kpi : figures.rolled_up) {
    json.begin_object().field("agency_id", kpi.agency_id).field("name", agency_name(directory, kpi.agency_id));
    write_kpi(json, kpi);
    json.end_object();
  }
  json.end_array();
  auto ranking = [&](const char* name, const std::vector<metrics::Ranked>& ranked, bool speed) {
    json.key(name).begin_array();
    for (const auto& row : ranked) {
      json.begin_object().field("position", row.position).field("agency_id", row.kpi.agency_id).key("value");
      json.tenths(speed ? row.kpi.avg_working_days_to_follow_up : row.kpi.completed_percent);
      json.end_object();
    }
    json.end_array();
  };
  ranking("ranking_by_speed", figures.by_speed, true);
  ranking("ranking_by_completion", figures.by_completion, false);
  json.key("trend").begin_array();
  for (const auto& month : figures.trend) {
    json.begin_object().field("month", month.period.month);
    write_kpi(json, month);
    json.end_object();
  }
  json.end_array().end_object();
  return json.str();
}

std::string as_csv(const Figures& figures, const AgencyDirectory& directory) {
  std::map<std::string, int> speed, completion;
  for (const auto& row : figures.by_speed) speed[row.kpi.agency_id] = row.position;
  for (const auto& row : figures.by_completion) completion[row.kpi.agency_id] = row.position;
  const std::string period = std::to_string(figures.period.year) +
                             (figures.period.month ? "-" + std::string(figures.period.month < 10 ? "0" : "") +
                                                         std::to_string(figures.period.month)
                                                   : "");
  std::string out =
      "period,agency_id,agency_name,received,followed_up,followed_up_percent,completed,completed_percent,"
      "resolved,avg_working_days_to_follow_up,avg_calendar_days_to_completion,overdue,rank_by_speed,"
      "rank_by_completion\r\n";
  auto line = [&](const metrics::AgencyKpi& kpi, std::string_view id, std::string_view name) {
    auto tenths = [](std::optional<metrics::Tenths> value) {
      return value ? metrics::format_tenths(value) : std::string();
    };
    auto rank = [](const std::map<std::string, int>& ranks, std::string_view key) {
      auto it = ranks.find(std::string(key));
      return it == ranks.end() ? std::string() : std::to_string(it->second);
    };
    out += period + "," + csv_field(id) + "," + csv_field(name) + "," + std::to_string(kpi.received) + "," +
           std::to_string(kpi.followed_up) + "," + tenths(kpi.followed_up_percent) + "," +
           std::to_string(kpi.completed) + "," + tenths(kpi.completed_percent) + "," + std::to_string(kpi.resolved) +
           "," + tenths(kpi.avg_working_days_to_follow_up) + "," + tenths(kpi.avg_calendar_days_to_completion) +
           "," + std::to_string(kpi.overdue) + "," + rank(speed, id) + "," + rank(completion, id) + "\r\n";
  };
  line(figures.total, "*", "Semua instansi");
  for (const auto& kpi : figures.agencies) line(kpi, kpi.agency_id, agency_name(directory, kpi.agency_id));
  return out;
}

// The sums of the cases counted (every case, or the officer's scope) per agency and month, and
// the agencies, read from the case index (core/cases): a few hundred kept totals and the
// running clocks overdue today, whatever the number of reports.
Result<PublicStatsCache::Snapshot> read_snapshot(ServerContext& context,
                                                 const store::Officer* officer) {
  auto* store = context.store();
  if (!store) return Error{"store.unavailable", "the database cannot be opened"};
  auto agencies = store->list_agencies();
  if (!agencies) return agencies.error();
  AgencyDirectory directory(std::move(agencies.value()));
  store::CaseFilter filter;
  filter.everything = true;
  if (officer) filter = OfficerScope(*officer, directory).case_filter();
  if (auto fresh = refresh_case_index(*store, &context.write_lock()); !fresh) return fresh.error();
  std::vector<store::CaseMonthSums> sums;
  std::vector<store::ChannelMonthCount> channels;
  auto read = store->in_read_snapshot([&]() -> Status {
    auto found = store->case_sums(filter, cases::zones_today(context.catalog().calendar, context.now()));
    if (!found) return found.error();
    sums = std::move(found.value());
    auto by_channel = store->channel_counts(filter);
    if (!by_channel) return by_channel.error();
    channels = std::move(by_channel.value());
    return done();
  });
  if (!read) return read.error();
  return PublicStatsCache::Snapshot{cases::monthly_sums(sums), std::move(directory), std::move(channels)};
}

PublicStatsCache::Answers render(const PublicStatsCache::Snapshot& snapshot, metrics::Period period) {
  const Figures figures = compute(snapshot.sums, period, snapshot.directory, snapshot.channels);
  return {as_json(figures, snapshot.directory), as_csv(figures, snapshot.directory)};
}

// Public figures come from the cache (stats_cache.h); an officer's are computed for them.
void answer(ServerContext& context, PublicStatsCache& cache, const httplib::Request& request,
            httplib::Response& response, const std::optional<store::Officer>& officer, bool csv) {
  auto period = parse_period(request, context.now());
  if (!period)
    return send_error(response, 400, "stats.bad_period", "year is 2000-2200 and month 1-12");
  std::shared_ptr<const PublicStatsCache::Answers> answers;
  if (officer) {
    auto snapshot = read_snapshot(context, &*officer);
    if (!snapshot) return send_error(response, 503, snapshot.error().code, "try again later");
    answers = std::make_shared<const PublicStatsCache::Answers>(
        render(snapshot.value(), *period));
  } else {
    auto cached = cache.get(
        std::to_string(period->year) + "-" + std::to_string(period->month), context.now(),
        [&context] { return read_snapshot(context, nullptr); },
        [&period](const PublicStatsCache::Snapshot& snapshot) { return render(snapshot, *period); });
    if (!cached) return send_error(response, 503, cached.error().code, "try again later");
    answers = cached.value();
  }
  response.set_header("Cache-Control", officer ? "no-store" : "public, max-age=60");
  if (csv || request.get_param_value("format") == "csv") {
    response.set_header("Content-Disposition", "inline; filename=\"aduan-stats.csv\"");
    return response.set_content(answers->csv, "text/csv; charset=utf-8");
  }
  response.set_content(answers->json, "application/json");
}

}  // namespace

void install_stats_routes(RouteTable& routes, ServerContext& context) {
  auto cache =
      std::make_shared<PublicStatsCache>(std::int64_t{context.config().stats_cache_seconds} * 1000);
  context.metrics().set_counter_source(
      "aduan_stats_snapshots_total", "Reads of the case index's sums for the public statistics.",
      [cache] { return static_cast<double>(cache->snapshots_read()); });
  context.metrics().set_counter_source(
      "aduan_stats_computations_total", "Computations of the public statistics of one period.",
      [cache] { return static_cast<double>(cache->computations()); });
  routes.get("/api/v1/stats",
             [&context, cache](const httplib::Request& request, httplib::Response& response) {
               answer(context, *cache, request, response, std::nullopt, false);
             });
  routes.get("/api/v1/stats.csv",
             [&context, cache](const httplib::Request& request, httplib::Response& response) {
               answer(context, *cache, request, response, std::nullopt, true);
             });
  routes.get("/api/v1/officer/stats",
             [&context, cache](const httplib::Request& request, httplib::Response& response) {
               auto officer = authenticate_officer(context, request, response);
               if (!officer) return;
               answer(context, *cache, request, response, officer, false);
             });
}

}  // namespace aduan::server
