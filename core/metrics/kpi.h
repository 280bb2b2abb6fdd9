// core/metrics/kpi.h: the performance figures of agencies, per year or month.
//
// Owns the indicators the articles report (DOMAIN.md, "Indicators used in the articles"):
// received, followed up (%), completed (%), average days to follow-up and to completion,
// overdue, rankings by speed and by completion, and the monthly trend of a year, plus rolling a
// parent agency up over its units. Does not own where the facts come from: the caller (the
// server's dashboard) turns each case into one CaseFacts, with facts_of_case() or from its own
// columns, so this file is pure arithmetic on plain values and its fixtures are hand-computed.
//
// Definitions (exact; the README repeats them):
//   period membership: a case belongs to the period its `received` day falls in, and every
//       figure of a period is about the cases received in it, whenever they were followed up
//       or completed (97 received in 2020 of which 82 completed by now: 84.5%).
//   received:    cases received in the period.
//   followed up: of those, the cases with a first follow-up day.
//   completed:   of those, the cases with a completion day (status completed, or archived after
//                completion). Rejected cases are resolved but not completed.
//   rates:       count * 100 / received in tenths of a percent, rounded half up (82/97 =
//                84.536..% -> 845 -> "84.5%"); no rate at all (nullopt) when received is 0.
//   avg days to follow-up: mean of working_days_between(received, first_follow_up) over the
//                followed-up cases, in tenths of a day rounded half up; the follow-up deadline
//                is in working days, so is its average. nullopt when none was followed up.
//   avg days to completion: mean of days_between(received, completed) in CALENDAR days over
//                the completed cases, tenths rounded half up: how long the citizen waited.
//   overdue:     of the cases received in the period, those whose clock is overdue now.
// Rankings: see rank_by_speed and rank_by_completion; positions are 1..n with no shared ranks,
// ties broken by the listed keys and finally by agency id, so the order never depends on input
// order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/workflow/case_clock.h"
#include "core/workflow/status.h"
#include "core/workflow/time_zone.h"
#include "core/workflow/working_days.h"

namespace aduan::metrics {

using domain::CivilDate;

// What one case contributes. Dates are local dates in the agency's zone.
struct CaseFacts {
  std::string agency_id;  // the agency answerable for it (the holding agency); "" if unrouted
  CivilDate received;
  std::optional<CivilDate> first_follow_up;
  std::optional<CivilDate> completed;
  workflow::Status status = workflow::Status::received;
  bool resolved = false;     // completed, rejected or archived
  bool overdue_now = false;  // its running clock is overdue today
  friend bool operator==(const CaseFacts&, const CaseFacts&) = default;
};

// A calendar year (month == 0) or one month of it (1..12).
struct Period {
  int year = 0;
  int month = 0;
  bool contains(const CivilDate& date) const;
  bool contains(int in_year, int in_month) const;
  friend bool operator==(const Period&, const Period&) = default;
};

// Tenths: 845 means 84.5 (% or days).
using Tenths = std::int64_t;

struct AgencyKpi {
  std::string agency_id;  // "" in a total over every agency
  Period period;
  std::int64_t received = 0;
  std::int64_t followed_up = 0;
  std::optional<Tenths> followed_up_percent;  // nullopt when received == 0
  std::int64_t completed = 0;
  std::optional<Tenths> completed_percent;                // nullopt when received == 0
  std::int64_t resolved = 0;                              // completed + rejected (+ archived)
  std::optional<Tenths> avg_working_days_to_follow_up;    // nullopt when followed_up == 0
  std::optional<Tenths> avg_calendar_days_to_completion;  // nullopt when completed == 0
  std::int64_t overdue = 0;
  friend bool operator==(const AgencyKpi&, const AgencyKpi&) = default;
};

// part * 1000 / whole rounded half up, i.e. the percentage in tenths; nullopt when whole <= 0.
std::optional<Tenths> percent_tenths(std::int64_t part, std::int64_t whole);
// sum * 10 / count rounded half up (sum >= 0), i.e. a mean in tenths; nullopt when count <= 0.
std::optional<Tenths> mean_tenths(std::int64_t sum, std::int64_t count);
// "84.5" (no unit); "-" for nullopt. Negative values print with a minus sign.
std::string format_tenths(std::optional<Tenths> value);

// What cases contribute to the figures, summed: every figure of kpi.h is computed from these
// integers alone, at the end, so summing per case, per month or per agency and then adding the
// sums up gives the same figures as one pass over every case. The server keeps such sums per
// agency and month as events are written (core/cases) instead of reading every case.
struct KpiSums {
  std::int64_t received = 0;
  std::int64_t followed_up = 0;
  std::int64_t working_days_to_follow_up = 0;  // summed over the followed-up cases
  std::int64_t completed = 0;
  std::int64_t calendar_days_to_completion = 0;  // summed over the completed cases
  std::int64_t resolved = 0;
  std::int64_t overdue = 0;

  // One case: received 1, and what its facts add (the day counts use `calendar`).
  static KpiSums of_case(const CaseFacts& facts, const workflow::Calendar& calendar);
  KpiSums& operator+=(const KpiSums& other);
  // The figures of kpi.h from these sums (rates and means rounded as described above).
  AgencyKpi figures(std::string agency_id, Period period) const;
  friend bool operator==(const KpiSums&, const KpiSums&) = default;
};

// The sums of the cases one agency holds that were received in one month.
struct MonthlySums {
  std::string agency_id;  // "" for unrouted cases
  int year = 0;
  int month = 0;  // 1..12
  KpiSums sums;
  friend bool operator==(const MonthlySums&, const MonthlySums&) = default;
};

// The facts grouped by agency and month of receipt, in (agency, year, month) order.
std::vector<MonthlySums> monthly_sums(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar);

// The figures of one agency (agency_id == facts' agency_id), or of all cases when agency_id is
// empty, for the period. Needs the calendar for working days.
AgencyKpi kpi_for(const std::vector<CaseFacts>& facts, const workflow::Calendar& calendar,
                  Period period, std::string_view agency_id);
AgencyKpi kpi_for(const std::vector<MonthlySums>& sums, Period period, std::string_view agency_id);

// One row per agency that has facts received in the period, plus one for each id in
// `also_list` (with zeros and no rates when it has none), sorted by agency id.
std::vector<AgencyKpi> kpis_by_agency(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar, Period period,
                                      const std::vector<std::string>& also_list = {});
std::vector<AgencyKpi> kpis_by_agency(const std::vector<MonthlySums>& sums, Period period,
                                      const std::vector<std::string>& also_list = {});

// As kpis_by_agency, but each case also counts for every ancestor of its agency in
// `parent_of` (agency id -> parent id; "" or absent for a top-level agency): a regency's row
// covers its dinas. A cycle in the map is cut where it closes; no case counts twice in a row.
std::vector<AgencyKpi> kpis_rolled_up(const std::vector<CaseFacts>& facts,
                                      const workflow::Calendar& calendar, Period period,
                                      const std::map<std::string, std::string>& parent_of);
std::vector<AgencyKpi> kpis_rolled_up(const std::vector<MonthlySums>& sums, Period period,
                                      const std::map<std::string, std::string>& parent_of);

struct Ranked {
  int position = 0;  // 1..n
  AgencyKpi kpi;
  friend bool operator==(const Ranked&, const Ranked&) = default;
};

// Fastest first: agencies with an average working days to follow-up, ascending; ties by the
// higher followed-up percentage, then more cases followed up, then agency id ascending.
// Agencies that followed up nothing are not ranked.
std::vector<Ranked> rank_by_speed(const std::vector<AgencyKpi>& rows);

// Best first: agencies with a completion rate (received > 0), descending; ties by more cases
// received, then agency id ascending.
std::vector<Ranked> rank_by_completion(const std::vector<AgencyKpi>& rows);

// Twelve rows, January..December of `year`, for one agency ("" = all cases).
std::vector<AgencyKpi> monthly_trend(const std::vector<CaseFacts>& facts,
                                     const workflow::Calendar& calendar, int year,
                                     std::string_view agency_id);
std::vector<AgencyKpi> monthly_trend(const std::vector<MonthlySums>& sums, int year,
                                     std::string_view agency_id);

// The facts of one case from its history (case_clock.h's conventions): first follow-up is the
// local date of the first follow_up transition, completion that of the complete transition,
// overdue_now the case clock's deadline.overdue, all in `zone`.
CaseFacts facts_of_case(std::string agency_id, const std::vector<workflow::Transition>& history,
                        domain::Timestamp received_at, const workflow::Calendar& calendar,
                        workflow::TimeZone zone, domain::Timestamp now);

}  // namespace aduan::metrics
