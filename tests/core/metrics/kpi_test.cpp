// Tests the agency indicators (core/metrics/kpi.h) against hand-computed fixtures.
//
// The figures come from the articles behind DOMAIN.md where they can: West Sumatra's 97 received
// and 82 completed in 2020 (84.5%), 62/46, 40/29 and 60/60 in the years after, Indramayu's
// 3.9 days to follow-up. Each expected value is worked out in the comment beside it.
#include "core/metrics/kpi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/workflow/working_days.h"
#include "tests/core/workflow/story.h"

namespace aduan::metrics {
namespace {

using domain::CivilDate;
using workflow::Calendar;

CaseFacts fact(const std::string& agency, CivilDate received,
               std::optional<CivilDate> first_follow_up = std::nullopt,
               std::optional<CivilDate> completed = std::nullopt, bool overdue = false) {
  CaseFacts f;
  f.agency_id = agency;
  f.received = received;
  f.first_follow_up = first_follow_up;
  f.completed = completed;
  f.status = completed ? workflow::Status::completed : workflow::Status::in_progress;
  f.resolved = completed.has_value();
  f.overdue_now = overdue;
  return f;
}

// `received` cases of one agency in `year`, the first `completed` of them completed ten days on.
void add_year(std::vector<CaseFacts>& facts, const std::string& agency, int year, int received,
              int completed) {
  for (int i = 0; i < received; ++i) {
    CivilDate day{year, 1 + i % 12, 1 + i % 28};
    facts.push_back(i < completed ? fact(agency, day, day, workflow::add_days(day, 10))
                                  : fact(agency, day));
  }
}

TEST(Rounding, PercentagesAndMeansInTenthsRoundHalfUp) {
  EXPECT_EQ(percent_tenths(82, 97), 845);  // 84.536..%
  EXPECT_EQ(percent_tenths(46, 62), 742);  // 74.193..%
  EXPECT_EQ(percent_tenths(29, 40), 725);  // exactly 72.5%
  EXPECT_EQ(percent_tenths(1, 16), 63);    // 6.25% -> 6.3
  EXPECT_EQ(percent_tenths(1, 3), 333);
  EXPECT_EQ(percent_tenths(2, 3), 667);
  EXPECT_EQ(percent_tenths(60, 60), 1000);
  EXPECT_EQ(percent_tenths(0, 5), 0);
  EXPECT_EQ(percent_tenths(5, 0), std::nullopt);
  EXPECT_EQ(mean_tenths(39, 10), 39);
  EXPECT_EQ(mean_tenths(1, 4), 3);    // 0.25 -> 0.3
  EXPECT_EQ(mean_tenths(3, 8), 4);    // 0.375 -> 0.4
  EXPECT_EQ(mean_tenths(1, 8), 1);    // 0.125 -> 0.1
  EXPECT_EQ(mean_tenths(-1, 4), -2);  // -0.25 -> -0.2: halves go up, also below zero
  EXPECT_EQ(mean_tenths(7, 0), std::nullopt);
  EXPECT_EQ(format_tenths(845), "84.5");
  EXPECT_EQ(format_tenths(1000), "100.0");
  EXPECT_EQ(format_tenths(5), "0.5");
  EXPECT_EQ(format_tenths(-2), "-0.2");
  EXPECT_EQ(format_tenths(std::nullopt), "-");
}

TEST(Kpi, WestSumatraCompletionRatesCountTheReportsReceivedInEachYear) {
  std::vector<CaseFacts> facts;
  add_year(facts, "prov-13", 2020, 96, 81);
  // Received on the last day of 2020, completed in 2021: it belongs to 2020.
  facts.push_back(fact("prov-13", {2020, 12, 31}, CivilDate{2021, 1, 4}, CivilDate{2021, 1, 4}));
  add_year(facts, "prov-13", 2021, 62, 46);
  add_year(facts, "prov-13", 2022, 40, 29);
  add_year(facts, "prov-13", 2023, 60, 60);
  const Calendar calendar;

  AgencyKpi y2020 = kpi_for(facts, calendar, {2020, 0}, "prov-13");
  EXPECT_EQ(y2020.received, 97);
  EXPECT_EQ(y2020.completed, 82);
  EXPECT_EQ(y2020.completed_percent, 845);
  EXPECT_EQ(format_tenths(y2020.completed_percent), "84.5");
  EXPECT_EQ(kpi_for(facts, calendar, {2021, 0}, "prov-13").completed_percent, 742);
  EXPECT_EQ(kpi_for(facts, calendar, {2021, 0}, "prov-13").received, 62);
  EXPECT_EQ(kpi_for(facts, calendar, {2022, 0}, "prov-13").completed_percent, 725);
  EXPECT_EQ(format_tenths(kpi_for(facts, calendar, {2023, 0}, "prov-13").completed_percent),
            "100.0");
  // December 2020 has 8 of the 96 (i = 11, 23, .., 95) plus the one of the 31st.
  EXPECT_EQ(kpi_for(facts, calendar, {2020, 12}, "prov-13").received, 9);
  // Every figure of a period is about the cases received in it, whoever asks.
  AgencyKpi all = kpi_for(facts, calendar, {2020, 0}, "");
  AgencyKpi expected;
  expected.period = {2020, 0};
  expected.received = 97;
  expected.followed_up = 82;  // followed up on the day received (the 31 Dec one on 4 Jan)
  expected.followed_up_percent = 845;
  expected.completed = 82;
  expected.completed_percent = 845;
  expected.resolved = 82;
  expected.avg_working_days_to_follow_up = 0;     // 2 working days over 82 cases: 0.02
  expected.avg_calendar_days_to_completion = 99;  // (81 x 10 + 4) / 82 = 9.93
  expected.overdue = 0;
  EXPECT_EQ(all, expected);
}

TEST(Kpi, NothingReceivedMeansNoRateRatherThanZero) {
  const Calendar calendar;
  auto rows = kpis_by_agency({}, calendar, {2026, 0}, {"kab-61.08"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].agency_id, "kab-61.08");
  EXPECT_EQ(rows[0].received, 0);
  EXPECT_EQ(rows[0].completed_percent, std::nullopt);
  EXPECT_EQ(rows[0].followed_up_percent, std::nullopt);
  EXPECT_EQ(rows[0].avg_working_days_to_follow_up, std::nullopt);
  EXPECT_EQ(rows[0].avg_calendar_days_to_completion, std::nullopt);
  EXPECT_EQ(format_tenths(rows[0].completed_percent), "-");
  EXPECT_TRUE(rank_by_completion(rows).empty());
  EXPECT_TRUE(rank_by_speed(rows).empty());
}

TEST(Kpi, FollowUpIsAveragedInWorkingDaysAndCompletionInCalendarDays) {
  const Calendar calendar({{2026, 12, 24}, {2026, 12, 25}, {2027, 1, 1}});
  std::vector<CaseFacts> facts = {
      // Fri 20 Nov -> Wed 25 Nov: 3 working days (5 calendar); completed Mon 30: 10 calendar days.
      fact("kab-32.12", {2026, 11, 20}, CivilDate{2026, 11, 25}, CivilDate{2026, 11, 30}),
      // Wed 23 Dec -> Wed 30 Dec: 3 working days past cuti bersama and Christmas; completed
      // Mon 4 Jan 2027: 12 calendar days, and still a 2026 case.
      fact("kab-32.12", {2026, 12, 23}, CivilDate{2026, 12, 30}, CivilDate{2027, 1, 4}),
      fact("kab-32.12", {2026, 11, 2}, CivilDate{2026, 11, 6}),  // Mon -> Fri: 4
      fact("kab-32.12", {2026, 11, 2}, CivilDate{2026, 11, 9}),  // Mon -> Mon: 5
  };
  for (int i = 0; i < 6; ++i)
    facts.push_back(fact("kab-32.12", {2026, 11, 2}, CivilDate{2026, 11, 6}));
  facts.push_back(fact("kab-32.12", {2026, 11, 3}, std::nullopt, std::nullopt, true));  // overdue

  AgencyKpi k = kpi_for(facts, calendar, {2026, 0}, "kab-32.12");
  EXPECT_EQ(k.received, 11);
  EXPECT_EQ(k.followed_up, 10);
  EXPECT_EQ(k.followed_up_percent, 909);           // 10 / 11 = 90.909..%
  EXPECT_EQ(k.avg_working_days_to_follow_up, 39);  // (3 + 3 + 4 + 5 + 6 x 4) / 10 = 3.9
  EXPECT_EQ(k.completed, 2);
  EXPECT_EQ(k.completed_percent, 182);                // 2 / 11 = 18.18..%
  EXPECT_EQ(k.avg_calendar_days_to_completion, 110);  // (10 + 12) / 2 = 11.0
  EXPECT_EQ(k.resolved, 2);
  EXPECT_EQ(k.overdue, 1);
  EXPECT_EQ(kpi_for(facts, calendar, {2027, 0}, "kab-32.12").received, 0);
}

AgencyKpi row(const std::string& id, std::int64_t received, std::optional<Tenths> completed_pct,
              std::optional<Tenths> avg_follow_up, std::optional<Tenths> followed_pct,
              std::int64_t followed_up) {
  AgencyKpi k;
  k.agency_id = id;
  k.period = {2026, 0};
  k.received = received;
  k.completed_percent = completed_pct;
  k.avg_working_days_to_follow_up = avg_follow_up;
  k.followed_up_percent = followed_pct;
  k.followed_up = followed_up;
  return k;
}

std::vector<std::string> ids(const std::vector<Ranked>& ranked) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    EXPECT_EQ(ranked[i].position, static_cast<int>(i + 1));
    out.push_back(ranked[i].kpi.agency_id);
  }
  return out;
}

TEST(Rankings, SpeedTiesGoToTheHigherRateThenMoreCasesThenTheId) {
  std::vector<AgencyKpi> rows = {
      row("a", 10, 500, 39, 1000, 10),    row("b", 10, 500, 39, 900, 9),
      row("c", 2, 500, 25, 500, 1),       row("d", 10, 500, 39, 1000, 10),
      row("e", 3, 0, std::nullopt, 0, 0), row("f", 12, 500, 39, 1000, 12),
  };
  const std::vector<std::string> expected = {"c", "f", "a", "d", "b"};  // e followed up nothing
  EXPECT_EQ(ids(rank_by_speed(rows)), expected);
  std::reverse(rows.begin(), rows.end());
  EXPECT_EQ(ids(rank_by_speed(rows)), expected);
}

TEST(Rankings, CompletionTiesGoToMoreReportsReceivedThenTheId) {
  std::vector<AgencyKpi> rows = {
      row("kab-61.08", 25, 920, std::nullopt, 0, 0),  // Landak, 92.0%
      row("h", 50, 920, std::nullopt, 0, 0),
      row("prov-13", 97, 845, std::nullopt, 0, 0),
      row("j", 0, std::nullopt, std::nullopt, std::nullopt, 0),
      row("g", 25, 920, std::nullopt, 0, 0),
  };
  const std::vector<std::string> expected = {"h", "g", "kab-61.08", "prov-13"};
  EXPECT_EQ(ids(rank_by_completion(rows)), expected);
  std::reverse(rows.begin(), rows.end());
  EXPECT_EQ(ids(rank_by_completion(rows)), expected);
}

TEST(Trend, TwelveMonthsOfOneAgencyOrOfAll) {
  const Calendar calendar;
  std::vector<CaseFacts> facts = {
      fact("x", {2026, 1, 5}, CivilDate{2026, 1, 6}, CivilDate{2026, 1, 20}),
      fact("x", {2026, 1, 31}),
      fact("x", {2026, 12, 1}, CivilDate{2026, 12, 2}),
      fact("y", {2026, 1, 7}),
      fact("x", {2025, 12, 31}),  // another year
  };
  auto x = monthly_trend(facts, calendar, 2026, "x");
  ASSERT_EQ(x.size(), 12u);
  EXPECT_EQ(x[0].period, (Period{2026, 1}));
  EXPECT_EQ(x[0].received, 2);
  EXPECT_EQ(x[0].completed_percent, 500);
  EXPECT_EQ(x[1].received, 0);
  EXPECT_EQ(x[1].completed_percent, std::nullopt);
  EXPECT_EQ(x[11].received, 1);
  EXPECT_EQ(x[11].followed_up_percent, 1000);
  EXPECT_EQ(x[11].period, (Period{2026, 12}));
  auto all = monthly_trend(facts, calendar, 2026, "");
  EXPECT_EQ(all[0].received, 3);
  EXPECT_EQ(all[0].completed_percent, 333);
  EXPECT_EQ(all[0], kpi_for(facts, calendar, {2026, 1}, ""));
}

TEST(RollUp, AParentCountsItsUnitsAndACycleIsCut) {
  const Calendar calendar;
  const CivilDate d{2026, 3, 2};
  std::vector<CaseFacts> facts = {
      fact("prov-13-dinkes", d, d, d),  fact("prov-13-dinkes", d, d, d), fact("prov-13-dinkes", d),
      fact("prov-13-kominfo", d, d, d), fact("prov-13-kominfo", d),      fact("prov-13", d),
      fact("loop-a", d, d, d),
  };
  std::map<std::string, std::string> parent_of = {{"prov-13-dinkes", "prov-13"},
                                                  {"prov-13-kominfo", "prov-13"},
                                                  {"prov-13", ""},
                                                  {"loop-a", "loop-b"},
                                                  {"loop-b", "loop-a"}};
  auto rows = kpis_rolled_up(facts, calendar, {2026, 0}, parent_of);
  std::map<std::string, AgencyKpi> by_id;
  for (const auto& r : rows) by_id[r.agency_id] = r;
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(by_id["prov-13"].received, 6);
  EXPECT_EQ(by_id["prov-13"].completed, 3);
  EXPECT_EQ(by_id["prov-13"].completed_percent, 500);
  EXPECT_EQ(by_id["prov-13-dinkes"].completed_percent, 667);
  EXPECT_EQ(by_id["prov-13-kominfo"].completed_percent, 500);
  EXPECT_EQ(by_id["loop-a"].received, 1);
  EXPECT_EQ(by_id["loop-b"].received, 1);

  auto plain = kpis_by_agency(facts, calendar, {2026, 0});
  ASSERT_EQ(plain.size(), 4u);  // sorted by id, no roll-up
  EXPECT_EQ(plain[0].agency_id, "loop-a");
  EXPECT_EQ(plain[1].agency_id, "prov-13");
  EXPECT_EQ(plain[1].received, 1);
}

TEST(CaseFactsFromHistory, ReadTheDaysInTheAgencysZone) {
  using workflow::Action;
  using workflow::TimeZone;
  const Calendar calendar;
  workflow::testing::Story s({2026, 11, 20}, TimeZone::wita);
  s.then(Action::verify, {2026, 11, 20})
      .then(Action::disposition, {2026, 11, 20}, 11, "kab-73.71")
      .then(Action::follow_up, {2026, 11, 25})
      .then(Action::respond, {2026, 11, 26})
      .then(Action::complete, {2026, 11, 30});
  CaseFacts f = facts_of_case("kab-73.71", s.history, s.received_at, calendar, TimeZone::wita,
                              workflow::testing::at({2026, 12, 1}, 9, TimeZone::wita));
  EXPECT_EQ(f.received, (CivilDate{2026, 11, 20}));
  EXPECT_EQ(f.first_follow_up, (CivilDate{2026, 11, 25}));
  EXPECT_EQ(f.completed, (CivilDate{2026, 11, 30}));
  EXPECT_EQ(f.status, workflow::Status::completed);
  EXPECT_TRUE(f.resolved);
  EXPECT_FALSE(f.overdue_now);

  workflow::testing::Story late({2026, 11, 2}, TimeZone::wib);
  late.then(Action::verify, {2026, 11, 2}).then(Action::disposition, {2026, 11, 2}, 11, "dinas-a");
  CaseFacts g = facts_of_case("dinas-a", late.history, late.received_at, calendar, TimeZone::wib,
                              workflow::testing::at({2026, 11, 10}, 9, TimeZone::wib));
  EXPECT_EQ(g.first_follow_up, std::nullopt);
  EXPECT_EQ(g.completed, std::nullopt);
  EXPECT_FALSE(g.resolved);
  EXPECT_TRUE(g.overdue_now);  // due Monday 9, asked on Tuesday 10
}

// The figures from sums per agency and month (what the server's case index keeps) are the
// figures from the cases, worked out by hand here on four cases of two agencies in two months.
TEST(KpiSums, SumsPerAgencyAndMonthGiveTheSameFigures) {
  const Calendar calendar({{2026, 3, 19}});  // a Thursday holiday
  std::vector<CaseFacts> facts = {
      // Received Mon 16 March, followed up Fri 20 March: Tue, Wed, Fri = 3 working days;
      // completed 26 March: 10 calendar days.
      fact("dinas-a", {2026, 3, 16}, CivilDate{2026, 3, 20}, CivilDate{2026, 3, 26}),
      // Received Wed 18 March, followed up Mon 23 March: Fri, Mon = 2; not completed, overdue.
      fact("dinas-a", {2026, 3, 18}, CivilDate{2026, 3, 23}, std::nullopt, true),
      // April: received, nothing else.
      fact("dinas-a", {2026, 4, 1}),
      fact("dinas-b", {2026, 3, 2}, CivilDate{2026, 3, 2}, CivilDate{2026, 3, 2}),
  };
  const auto sums = monthly_sums(facts, calendar);
  ASSERT_EQ(sums.size(), 3u);  // (a, March), (a, April), (b, March), in that order
  EXPECT_EQ(sums[0].agency_id, "dinas-a");
  EXPECT_EQ(sums[0].month, 3);
  EXPECT_EQ(sums[0].sums.received, 2);
  EXPECT_EQ(sums[0].sums.followed_up, 2);
  EXPECT_EQ(sums[0].sums.working_days_to_follow_up, 5);  // 3 + 2
  EXPECT_EQ(sums[0].sums.completed, 1);
  EXPECT_EQ(sums[0].sums.calendar_days_to_completion, 10);
  EXPECT_EQ(sums[0].sums.resolved, 1);
  EXPECT_EQ(sums[0].sums.overdue, 1);
  EXPECT_EQ(sums[1].month, 4);
  EXPECT_EQ(sums[2].agency_id, "dinas-b");
  // dinas-a in 2026: 3 received, 2 followed up (66.7%) averaging 2.5 working days, 1 completed
  // (33.3%) after 10.0 days, 1 overdue.
  const AgencyKpi a = kpi_for(sums, {2026, 0}, "dinas-a");
  EXPECT_EQ(a.received, 3);
  EXPECT_EQ(a.followed_up_percent, 667);
  EXPECT_EQ(a.avg_working_days_to_follow_up, 25);
  EXPECT_EQ(a.completed_percent, 333);
  EXPECT_EQ(a.avg_calendar_days_to_completion, 100);
  EXPECT_EQ(a.overdue, 1);
  for (Period period : {Period{2026, 0}, Period{2026, 3}, Period{2026, 4}, Period{2025, 0}}) {
    EXPECT_EQ(kpi_for(sums, period, ""), kpi_for(facts, calendar, period, ""));
    EXPECT_EQ(kpis_by_agency(sums, period), kpis_by_agency(facts, calendar, period));
    EXPECT_EQ(kpis_rolled_up(sums, period, {{"dinas-a", "pemda"}, {"dinas-b", "pemda"}}),
              kpis_rolled_up(facts, calendar, period, {{"dinas-a", "pemda"}, {"dinas-b", "pemda"}}));
  }
  EXPECT_EQ(monthly_trend(sums, 2026, "dinas-a"), monthly_trend(facts, calendar, 2026, "dinas-a"));
  // A group emptied by cases moving to another agency (a store keeps such rows) lists nothing.
  auto with_empty = sums;
  with_empty.push_back({"dinas-c", 2026, 3, KpiSums{}});
  EXPECT_EQ(kpis_by_agency(with_empty, {2026, 3}), kpis_by_agency(sums, {2026, 3}));
  EXPECT_EQ(kpis_rolled_up(with_empty, {2026, 3}, {}), kpis_rolled_up(sums, {2026, 3}, {}));
}

}  // namespace
}  // namespace aduan::metrics
