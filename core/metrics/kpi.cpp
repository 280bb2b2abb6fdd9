// core/metrics/kpi.cpp: one pass over the facts into per-agency tallies, then the figures.
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

struct Tally {
  std::int64_t received = 0;
  std::int64_t followed_up = 0;
  std::int64_t working_days_to_follow_up = 0;
  std::int64_t completed = 0;
  std::int64_t calendar_days_to_completion = 0;
  std::int64_t resolved = 0;
  std::int64_t overdue = 0;

  void add(const CaseFacts& f, const workflow::Calendar& calendar) {
    ++received;
    if (f.first_follow_up) {
      ++followed_up;
      working_days_to_follow_up += calendar.working_days_between(f.received, *f.first_follow_up);
    }
    if (f.completed) {
      ++completed;
      calendar_days_to_completion += workflow::days_between(f.received, *f.completed);
    }
    if (f.resolved) ++resolved;
    if (f.overdue_now) ++overdue;
  }

  AgencyKpi figures(std::string agency_id, Period period) const {
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
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// round(numerator / denominator) with halves going up, for denominator > 0.
std::int64_t round_half_up(std::int64_t numerator, std::int64_t denominator) {
  return floor_div(2 * numerator + denominator, 2 * denominator);
}

std::vector<AgencyKpi> rows_of(const std::map<std::string, Tally>& tallies, Period period) {
  std::vector<AgencyKpi> rows;
  rows.reserve(tallies.size());
  for (const auto& [id, tally] : tallies) rows.push_back(tally.figures(id, period));
  return rows;
}

std::vector<Ranked> numbered(std::vector<AgencyKpi> rows) {
  std::vector<Ranked> out;
  out.reserve(rows.size());
  int position = 0;
  for (auto& row : rows) out.push_back({++position, std::move(row)});
  return out;
}

}  // namespace

bool Period::contains(const CivilDate& date) const {
  return date.year == year && (month == 0 || date.month == month);
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

AgencyKpi kpi_for(const std::vector<CaseFacts>& facts, const workflow::Calendar& calendar,
                  Period period, std::string_view agency_id) {
  Tally tally;
  for (const CaseFacts& f : facts) {
    if ((agency_id.empty() || f.agency_id == agency_id) && period.contains(f.received)) {
      tally.add(f, calendar);
    }
  }
  return tally.figures(std::string(agency_id), period);
}

std::vector<AgencyKpi> kpis_by_agency(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar, Period period,
                                      const std::vector<std::string>& also_list) {
  std::map<std::string, Tally> tallies;
  for (const std::string& id : also_list) tallies[id];
  for (const CaseFacts& f : facts) {
    if (period.contains(f.received)) tallies[f.agency_id].add(f, calendar);
  }
  return rows_of(tallies, period);
}

std::vector<AgencyKpi> kpis_rolled_up(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar, Period period,
                                      const std::map<std::string, std::string>& parent_of) {
  std::map<std::string, std::vector<std::string>> chains;  // agency -> itself and its ancestors
  auto chain_of = [&](const std::string& agency) -> const std::vector<std::string>& {
    auto found = chains.find(agency);
    if (found != chains.end()) return found->second;
    std::vector<std::string> chain{agency};
    std::set<std::string> seen{agency};
    for (auto up = parent_of.find(agency); up != parent_of.end() && !up->second.empty();
         up = parent_of.find(up->second)) {
      if (!seen.insert(up->second).second) break;  // a cycle closes here
      chain.push_back(up->second);
    }
    return chains.emplace(agency, std::move(chain)).first->second;
  };

  std::map<std::string, Tally> tallies;
  for (const CaseFacts& f : facts) {
    if (!period.contains(f.received)) continue;
    for (const std::string& id : chain_of(f.agency_id)) tallies[id].add(f, calendar);
  }
  return rows_of(tallies, period);
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

std::vector<AgencyKpi> monthly_trend(const std::vector<CaseFacts>& facts,
                                     const workflow::Calendar& calendar, int year,
                                     std::string_view agency_id) {
  std::vector<Tally> months(12);
  for (const CaseFacts& f : facts) {
    if (f.received.year != year || f.received.month < 1 || f.received.month > 12) continue;
    if (!agency_id.empty() && f.agency_id != agency_id) continue;
    months[static_cast<std::size_t>(f.received.month - 1)].add(f, calendar);
  }
  std::vector<AgencyKpi> rows;
  rows.reserve(12);
  for (int m = 1; m <= 12; ++m) {
    rows.push_back(
        months[static_cast<std::size_t>(m - 1)].figures(std::string(agency_id), Period{year, m}));
  }
  return rows;
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
