// Tests day arithmetic and working-day counting (core/workflow/working_days.h).
//
// The holidays used are real 2024/2025 Indonesian national holidays and cuti bersama, picked
// for the shapes they make: a Thursday-Friday bridge, a listed Saturday, the week of Idul
// Fitri, and Christmas next to New Year. The closed-form counting is also checked against a
// plain day-by-day walk.
#include "core/workflow/working_days.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "core/domain/report.h"

namespace aduan::workflow {
namespace {

Calendar holidays_2024() {
  return Calendar({
      {2024, 1, 1},    // Tahun Baru, a Monday
      {2024, 2, 8},    // Isra Mikraj, a Thursday
      {2024, 2, 9},    // cuti bersama, bridging to the weekend
      {2024, 2, 10},   // Imlek, a Saturday
      {2024, 4, 8},    // cuti bersama before Idul Fitri
      {2024, 4, 9},    // cuti bersama
      {2024, 4, 10},   // Idul Fitri
      {2024, 4, 11},   // Idul Fitri
      {2024, 4, 12},   // cuti bersama
      {2024, 4, 15},   // cuti bersama, the Monday after
      {2024, 12, 25},  // Natal
      {2024, 12, 26},  // cuti bersama
      {2025, 1, 1},    // Tahun Baru
  });
}

TEST(DayNumbers, MatchKnownValues) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({1969, 12, 31}), -1);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
  EXPECT_EQ(days_from_civil({1900, 1, 1}), -25567);
  EXPECT_EQ(civil_from_days(11017), (CivilDate{2000, 3, 1}));
  EXPECT_EQ(civil_from_days(-1), (CivilDate{1969, 12, 31}));
}

TEST(DayNumbers, RoundTripEveryDayFrom1900To2100) {
  std::int64_t first = days_from_civil({1900, 1, 1});
  std::int64_t last = days_from_civil({2100, 12, 31});
  CivilDate previous = civil_from_days(first - 1);
  for (std::int64_t day = first; day <= last; ++day) {
    CivilDate date = civil_from_days(day);
    ASSERT_EQ(days_from_civil(date), day);
    ASSERT_LT(previous, date);
    ASSERT_TRUE(domain::parse_civil_date(domain::to_string(date))) << domain::to_string(date);
    previous = date;
  }
}

TEST(Weekdays, FollowTheCalendar) {
  EXPECT_EQ(weekday({1970, 1, 1}), Weekday::thursday);
  EXPECT_EQ(weekday({2000, 1, 1}), Weekday::saturday);
  EXPECT_EQ(weekday({2023, 10, 16}), Weekday::monday);
  EXPECT_EQ(weekday({2024, 2, 29}), Weekday::thursday);
  EXPECT_EQ(weekday({1969, 12, 28}), Weekday::sunday);
  EXPECT_TRUE(is_weekend({2024, 8, 17}));
  EXPECT_FALSE(is_weekend({2024, 8, 16}));
}

TEST(CalendarDays, CrossMonthYearAndLeapDay) {
  EXPECT_EQ(add_days({2024, 2, 28}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(add_days({2023, 2, 28}, 1), (CivilDate{2023, 3, 1}));
  EXPECT_EQ(add_days({2024, 12, 31}, 1), (CivilDate{2025, 1, 1}));
  EXPECT_EQ(add_days({2025, 1, 1}, -1), (CivilDate{2024, 12, 31}));
  EXPECT_EQ(add_days({2024, 1, 31}, 30), (CivilDate{2024, 3, 1}));
  EXPECT_EQ(days_between({2024, 1, 1}, {2025, 1, 1}), 366);
  EXPECT_EQ(days_between({2023, 1, 1}, {2024, 1, 1}), 365);
  EXPECT_EQ(days_between({2024, 3, 1}, {2024, 2, 28}), -2);
}

TEST(WorkingDays, SkipWeekends) {
  Calendar plain;
  EXPECT_EQ(plain.add_working_days({2024, 3, 1}, 1), (CivilDate{2024, 3, 4}));   // Fri -> Mon
  EXPECT_EQ(plain.add_working_days({2024, 3, 1}, 3), (CivilDate{2024, 3, 6}));   // Fri -> Wed
  EXPECT_EQ(plain.add_working_days({2024, 3, 2}, 3), (CivilDate{2024, 3, 6}));   // Sat -> Wed
  EXPECT_EQ(plain.add_working_days({2024, 3, 3}, 1), (CivilDate{2024, 3, 4}));   // Sun -> Mon
  EXPECT_EQ(plain.add_working_days({2024, 3, 4}, 5), (CivilDate{2024, 3, 11}));  // Mon -> Mon
  EXPECT_EQ(plain.add_working_days({2024, 3, 2}, 0), (CivilDate{2024, 3, 2}));
  EXPECT_EQ(plain.working_days_between({2024, 3, 1}, {2024, 3, 4}), 1);
  EXPECT_EQ(plain.working_days_between({2024, 3, 2}, {2024, 3, 3}), 0);
  EXPECT_EQ(plain.working_days_between({2024, 3, 1}, {2024, 3, 1}), 0);
  EXPECT_EQ(plain.working_days_between({2024, 3, 11}, {2024, 3, 4}), -5);
  EXPECT_FALSE(plain.is_working_day({2024, 3, 2}));
  EXPECT_TRUE(plain.is_working_day({2024, 3, 4}));
}

TEST(WorkingDays, SkipListedHolidays) {
  Calendar calendar = holidays_2024();
  EXPECT_FALSE(calendar.is_working_day({2024, 2, 8}));
  // Wednesday before the Isra Mikraj bridge: Thursday and Friday are off.
  EXPECT_EQ(calendar.add_working_days({2024, 2, 7}, 1), (CivilDate{2024, 2, 12}));
  EXPECT_EQ(calendar.working_days_between({2024, 2, 7}, {2024, 2, 12}), 1);
  // Friday before the Idul Fitri week: the whole week and the Monday after are off.
  EXPECT_EQ(calendar.add_working_days({2024, 4, 5}, 1), (CivilDate{2024, 4, 16}));
  EXPECT_EQ(calendar.add_working_days({2024, 4, 5}, kFollowUpWithinWorkingDays),
            (CivilDate{2024, 4, 22}));
  EXPECT_EQ(calendar.working_days_between({2024, 4, 1}, {2024, 4, 30}), 15);
  // A report received on New Year's Day is due three working days after it.
  EXPECT_EQ(calendar.add_working_days({2024, 1, 1}, kVerifyWithinWorkingDays),
            (CivilDate{2024, 1, 4}));
}

TEST(WorkingDays, ListedWeekendsAndDuplicatesChangeNothing) {
  Calendar plain;
  Calendar listed({{2024, 2, 10}, {2024, 2, 11}, {2024, 6, 1}});
  listed.add_non_working_day({2024, 2, 10});
  for (int n = 0; n < 30; ++n) {
    EXPECT_EQ(listed.add_working_days({2024, 2, 5}, n), plain.add_working_days({2024, 2, 5}, n));
  }
  Calendar twice({{2024, 2, 8}, {2024, 2, 8}});
  EXPECT_EQ(twice.working_days_between({2024, 2, 5}, {2024, 2, 12}), 4);
}

TEST(WorkingDays, CrossMonthAndYearBoundaries) {
  Calendar calendar = holidays_2024();
  EXPECT_EQ(calendar.add_working_days({2024, 1, 31}, 3), (CivilDate{2024, 2, 5}));
  // Christmas, its cuti bersama, a weekend and New Year's Day all fall in the way.
  EXPECT_EQ(calendar.add_working_days({2024, 12, 24}, 3), (CivilDate{2024, 12, 31}));
  EXPECT_EQ(calendar.add_working_days({2024, 12, 24}, 4), (CivilDate{2025, 1, 2}));
  EXPECT_EQ(calendar.working_days_between({2024, 12, 20}, {2025, 1, 3}), 7);
  EXPECT_EQ(calendar.add_working_days({2024, 12, 31}, -1), (CivilDate{2024, 12, 30}));
  EXPECT_EQ(calendar.add_working_days({2025, 1, 2}, -3), (CivilDate{2024, 12, 27}));
}

TEST(WorkingDays, CrossTheLeapDay) {
  Calendar plain;
  EXPECT_EQ(plain.add_working_days({2024, 2, 28}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(plain.add_working_days({2024, 2, 28}, 2), (CivilDate{2024, 3, 1}));
  EXPECT_EQ(plain.add_working_days({2023, 2, 28}, 1), (CivilDate{2023, 3, 1}));
  EXPECT_EQ(plain.working_days_between({2024, 2, 23}, {2024, 3, 1}), 5);
  EXPECT_EQ(plain.working_days_between({2024, 2, 1}, {2024, 3, 1}), 21);
  EXPECT_EQ(plain.working_days_between({2023, 2, 1}, {2023, 3, 1}), 20);
}

TEST(WorkingDays, AgreeWithADayByDayWalk) {
  Calendar calendar = holidays_2024();
  CivilDate origin{2023, 12, 1};
  for (int start = 0; start < 120; start += 3) {
    CivilDate a = add_days(origin, start);
    for (int n = 0; n <= 70; n += 7) {
      CivilDate due = calendar.add_working_days(a, n);
      ASSERT_EQ(calendar.working_days_between(a, due), n);
      if (n > 0) {
        ASSERT_TRUE(calendar.is_working_day(due));
      }
    }
    for (int length = -40; length <= 40; length += 5) {
      CivilDate b = add_days(a, length);
      std::int64_t walked = 0;
      for (int step = 1; step <= (length < 0 ? -length : length); ++step) {
        CivilDate day = add_days(length < 0 ? b : a, step);
        if (calendar.is_working_day(day)) ++walked;
      }
      ASSERT_EQ(calendar.working_days_between(a, b), length < 0 ? -walked : walked);
    }
  }
}

TEST(Deadlines, HaveTheirDomainLengths) {
  EXPECT_EQ(kVerifyWithinWorkingDays, 3);
  EXPECT_EQ(kFollowUpWithinWorkingDays, 5);
  EXPECT_EQ(kAutoCompleteAfterWorkingDays, 10);
  EXPECT_EQ(kOmbudsmanAfterWorkingDays, 60);
}

TEST(Deadlines, OverdueTheDayAfterElapsedOnTheDay) {
  Calendar calendar = holidays_2024();
  CivilDate received{2024, 2, 7};  // Wednesday before the bridge
  CivilDate due = due_date(calendar, received, kVerifyWithinWorkingDays);
  EXPECT_EQ(due, (CivilDate{2024, 2, 14}));
  EXPECT_FALSE(is_overdue(calendar, received, kVerifyWithinWorkingDays, due));
  EXPECT_TRUE(is_overdue(calendar, received, kVerifyWithinWorkingDays, {2024, 2, 15}));
  EXPECT_FALSE(has_elapsed(calendar, received, kVerifyWithinWorkingDays, {2024, 2, 13}));
  EXPECT_TRUE(has_elapsed(calendar, received, kVerifyWithinWorkingDays, due));
}

}  // namespace
}  // namespace aduan::workflow
