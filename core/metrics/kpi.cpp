// core/metrics/kpi.cpp: the facts summed per agency and month (KpiSums), then the figures.
//
// Owns the arithmetic behind kpi.h. Tallies keep integer sums so every figure is computed once,
// at the end, with integer rounding: the same facts give the same tenths on every platform (the
// browser and the server print identical numbers), which floating point would not promise.
#include "core/metrics/kpi.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

namespace aduan::metrics {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// round(numerator / denominator) with halves going up, for denominator > 0.
std::int64_t round_half_up(std::int64_t numerator, std::int64_t denominator) {
  return floor_div(2 * numerator + denominator, 2 * denominator);
}

std::vector<AgencyKpi> rows_of(const std::map<std::string, KpiSums>& tallies, Period period) {
  std::vector<AgencyKpi> rows;
  rows.reserve(tallies.size());
  for (const auto& [id, tally] : tallies) rows.push_back(tally.figures(id, period));
  return rows;
}

// Each agency and its ancestors in `parent_of`, a cycle cut where it closes.
class Chains {
 public:
  explicit Chains(const std::map<std::string, std::string>& parent_of) : parent_of_(parent_of) {}
  const std::vector<std::string>& of(const std::string& agency) {
    auto found = chains_.find(agency);
    if (found != chains_.end()) return found->second;
    std::vector<std::string> chain{agency};
    std::set<std::string> seen{agency};
    for (auto up = parent_of_.find(agency); up != parent_of_.end() && !up->second.empty();
         up = parent_of_.find(up->second)) {
      if (!seen.insert(up->second).second) break;  // a cycle closes here
      chain.push_back(up->second);
    }
    return chains_.emplace(agency, std::move(chain)).first->second;
  }

 private:
  const std::map<std::string, std::string>& parent_of_;
  std::map<std::string, std::vector<std::string>> chains_;
};

std::vector<Ranked> numbered(std::vector<AgencyKpi> rows) {
  std::vector<Ranked> out;
  out.reserve(rows.size());
  int position = 0;
  for (auto& row : rows) out.push_back({++position, std::move(row)});
  return out;
}

}  // namespace

bool Period::contains(const CivilDate& date) const { return contains(date.year, date.month); }

bool Period::contains(int in_year, int in_month) const {
  return in_year == year && (month == 0 || in_month == month);
}

std::optional<Tenths> percent_tenths(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return round_half_up(part * 1000, whole);
}

std::optional<Tenths> mean_tenths(std::int64_t sum, std::int64_t count) {
  if (count <= 0) return std::nullopt;
  return round_half_up(sum * 10, count);
}

std::string format_tenths(std::optional<Tenths> value) {
  if (!value) return "-";
  Tenths v = *value;
  std::string out = v < 0 ? "-" : "";
  std::int64_t magnitude = v < 0 ? -v : v;
  out += std::to_string(magnitude / 10);
  out += '.';
  out += static_cast<char>('0' + magnitude % 10);
  return out;
}

KpiSums KpiSums::of_case(const CaseFacts& f, const workflow::Calendar& calendar) {
  KpiSums sums;
  sums.received = 1;
  if (f.first_follow_up) {
    sums.followed_up = 1;
    sums.working_days_to_follow_up = calendar.working_days_between(f.received, *f.first_follow_up);
  }
  if (f.completed) {
    sums.completed = 1;
    sums.calendar_days_to_completion = workflow::days_between(f.received, *f.completed);
  }
  sums.resolved = f.resolved ? 1 : 0;
  sums.overdue = f.overdue_now ? 1 : 0;
  return sums;
}

KpiSums& KpiSums::operator+=(const KpiSums& other) {
  received += other.received;
  followed_up += other.followed_up;
  working_days_to_follow_up += other.working_days_to_follow_up;
  completed += other.completed;
  calendar_days_to_completion += other.calendar_days_to_completion;
  resolved += other.resolved;
  overdue += other.overdue;
  return *this;
}

AgencyKpi KpiSums::figures(std::string agency_id, Period period) const {
  AgencyKpi k;
  k.agency_id = std::move(agency_id);
  k.period = period;
  k.received = received;
  k.followed_up = followed_up;
  k.followed_up_percent = percent_tenths(followed_up, received);
  k.completed = completed;
  k.completed_percent = percent_tenths(completed, received);
  k.resolved = resolved;
  k.avg_working_days_to_follow_up = mean_tenths(working_days_to_follow_up, followed_up);
  k.avg_calendar_days_to_completion = mean_tenths(calendar_days_to_completion, completed);
  k.overdue = overdue;
  return k;
}

std::vector<MonthlySums> monthly_sums(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar) {
  std::map<std::tuple<std::string, int, int>, KpiSums> grouped;
  for (const CaseFacts& f : facts) {
    grouped[{f.agency_id, f.received.year, f.received.month}] += KpiSums::of_case(f, calendar);
  }
  std::vector<MonthlySums> out;
  out.reserve(grouped.size());
  for (const auto& [key, sums] : grouped) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), sums});
  }
  return out;
}

AgencyKpi kpi_for(const std::vector<MonthlySums>& sums, Period period, std::string_view agency_id) {
  KpiSums tally;
  for (const MonthlySums& s : sums) {
    if ((agency_id.empty() || s.agency_id == agency_id) && period.contains(s.year, s.month)) {
      tally += s.sums;
    }
  }
  return tally.figures(std::string(agency_id), period);
}

AgencyKpi kpi_for(const std::vector<CaseFacts>& facts, const workflow::Calendar& calendar,
                  Period period, std::string_view agency_id) {
  return kpi_for(monthly_sums(facts, calendar), period, agency_id);
}

std::vector<AgencyKpi> kpis_by_agency(const std::vector<MonthlySums>& sums, Period period,
                                      const std::vector<std::string>& also_list) {
  std::map<std::string, KpiSums> tallies;
  for (const std::string& id : also_list) tallies[id];
  for (const MonthlySums& s : sums) {
    // An agency is listed when it received a case in the period (a group always holds one).
    if (period.contains(s.year, s.month) && s.sums.received > 0) tallies[s.agency_id] += s.sums;
  }
  return rows_of(tallies, period);
}

std::vector<AgencyKpi> kpis_by_agency(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar, Period period,
                                      const std::vector<std::string>& also_list) {
  return kpis_by_agency(monthly_sums(facts, calendar), period, also_list);
}

std::vector<AgencyKpi> kpis_rolled_up(const std::vector<MonthlySums>& sums, Period period,
                                      const std::map<std::string, std::string>& parent_of) {
  Chains chains(parent_of);
  std::map<std::string, KpiSums> tallies;
  for (const MonthlySums& s : sums) {
    if (!period.contains(s.year, s.month) || s.sums.received == 0) continue;
    for (const std::string& id : chains.of(s.agency_id)) tallies[id] += s.sums;
  }
  return rows_of(tallies, period);
}

std::vector<AgencyKpi> kpis_rolled_up(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar, Period period,
                                      const std::map<std::string, std::string>& parent_of) {
  return kpis_rolled_up(monthly_sums(facts, calendar), period, parent_of);
}

std::vector<Ranked> rank_by_speed(const std::vector<AgencyKpi>& rows) {
  std::vector<AgencyKpi> ranked;
  for (const AgencyKpi& row : rows) {
    if (row.avg_working_days_to_follow_up) ranked.push_back(row);
  }
  std::sort(ranked.begin(), ranked.end(), [](const AgencyKpi& a, const AgencyKpi& b) {
    // Ascending average; descending percentage and count (negated); ascending id.
    return std::make_tuple(*a.avg_working_days_to_follow_up, -a.followed_up_percent.value_or(0),
                           -a.followed_up, std::cref(a.agency_id)) <
           std::make_tuple(*b.avg_working_days_to_follow_up, -b.followed_up_percent.value_or(0),
                           -b.followed_up, std::cref(b.agency_id));
  });
  return numbered(std::move(ranked));
}

std::vector<Ranked> rank_by_completion(const std::vector<AgencyKpi>& rows) {
  std::vector<AgencyKpi> ranked;
  for (const AgencyKpi& row : rows) {
    if (row.completed_percent) ranked.push_back(row);
  }
  std::sort(ranked.begin(), ranked.end(), [](const AgencyKpi& a, const AgencyKpi& b) {
    return std::make_tuple(-*a.completed_percent, -a.received, std::cref(a.agency_id)) <
           std::make_tuple(-*b.completed_percent, -b.received, std::cref(b.agency_id));
  });
  return numbered(std::move(ranked));
}

std::vector<AgencyKpi> monthly_trend(const std::vector<MonthlySums>& sums, int year,
                                     std::string_view agency_id) {
  std::vector<KpiSums> months(12);
  for (const MonthlySums& s : sums) {
    if (s.year != year || s.month < 1 || s.month > 12) continue;
    if (!agency_id.empty() && s.agency_id != agency_id) continue;
    months[static_cast<std::size_t>(s.month - 1)] += s.sums;
  }
  std::vector<AgencyKpi> rows;
  rows.reserve(12);
  for (int m = 1; m <= 12; ++m) {
    rows.push_back(
        months[static_cast<std::size_t>(m - 1)].figures(std::string(agency_id), Period{year, m}));
  }
  return rows;
}

std::vector<AgencyKpi> monthly_trend(const std::vector<CaseFacts>& facts,
                                     const workflow::Calendar& calendar, int year,
                                     std::string_view agency_id) {
  return monthly_trend(monthly_sums(facts, calendar), year, agency_id);
}

CaseFacts facts_of_case(std::string agency_id, const std::vector<workflow::Transition>& history,
                        domain::Timestamp received_at, const workflow::Calendar& calendar,
                        workflow::TimeZone zone, domain::Timestamp now) {
  auto day_of = [&](domain::Timestamp at) {
    return workflow::local_date(std::max(at, received_at), zone);
  };
  workflow::CaseClock clock = workflow::case_clock(history, received_at, calendar, zone, now);
  CaseFacts f;
  f.agency_id = std::move(agency_id);
  f.received = workflow::local_date(received_at, zone);
  for (const workflow::Transition& step : history) {
    if (step.action == workflow::Action::follow_up && !f.first_follow_up) {
      f.first_follow_up = day_of(step.at);
    }
    if (step.action == workflow::Action::complete && !f.completed) f.completed = day_of(step.at);
  }
  f.status = clock.status;
  f.resolved = workflow::is_resolved(clock.status);
  f.overdue_now = clock.kind != workflow::ClockKind::none && clock.deadline.overdue;
  return f;
}

}  // namespace aduan::metrics
