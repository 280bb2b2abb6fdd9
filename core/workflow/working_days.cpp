// core/workflow/working_days.cpp: day numbers, weekdays and counting working days.
//
// Owns the arithmetic behind working_days.h. Counting is closed-form (weekdays between two day
// numbers, minus listed weekdays found by binary search) rather than a walk over every day,
// because the metrics count days to follow-up for every report of a year at a time.
#include "core/workflow/working_days.h"

#include <algorithm>

namespace aduan::workflow {
namespace {

// 1970-01-05, the first Monday on or after the epoch: weeks are counted from it.
constexpr std::int64_t kFirstMonday = 4;

// Division and remainder that round toward negative infinity, so dates before 1970 work.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

// 0 for Monday .. 6 for Sunday.
std::int64_t weekday_index(std::int64_t day) { return floor_mod(day - kFirstMonday, 7); }

// The number of Mondays..Fridays up to and including `day`, counted from an arbitrary origin:
// only differences of it mean anything.
std::int64_t weekdays_through(std::int64_t day) {
  std::int64_t since_monday = day - kFirstMonday;
  std::int64_t weeks = floor_div(since_monday, 7);
  std::int64_t in_week = floor_mod(since_monday, 7);
  return weeks * 5 + std::min<std::int64_t>(in_week + 1, 5);
}

// The day `count` (>= 1) Mondays..Fridays after `day`, ignoring holidays. A weekend day starts
// from the Friday before it, which has the same weekdays after it.
std::int64_t add_weekdays(std::int64_t day, std::int64_t count) {
  std::int64_t index = weekday_index(day);
  if (index >= 5) {
    day -= index - 4;
    index = 4;
  }
  std::int64_t position = index + count;
  return day - index + (position / 5) * 7 + position % 5;
}

}  // namespace

// Howard Hinnant's days_from_civil: exact over the whole int range, no tables, no loops.
std::int64_t days_from_civil(const CivilDate& date) {
  std::int64_t year = date.year - (date.month <= 2 ? 1 : 0);
  std::int64_t month = date.month;
  std::int64_t era = floor_div(year, 400);
  std::int64_t year_of_era = year - era * 400;
  std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  std::int64_t shifted = days + 719468;
  std::int64_t era = floor_div(shifted, 146097);
  std::int64_t day_of_era = shifted - era * 146097;
  std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  std::int64_t month_from_march = (5 * day_of_year + 2) / 153;
  std::int64_t day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  std::int64_t month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

Weekday weekday(const CivilDate& date) {
  return static_cast<Weekday>(weekday_index(days_from_civil(date)) + 1);
}

bool is_weekend(const CivilDate& date) { return weekday_index(days_from_civil(date)) >= 5; }

CivilDate add_days(const CivilDate& date, std::int64_t days) {
  return civil_from_days(days_from_civil(date) + days);
}

std::int64_t days_between(const CivilDate& a, const CivilDate& b) {
  return days_from_civil(b) - days_from_civil(a);
}

Calendar::Calendar(const std::vector<CivilDate>& non_working_days) {
  closed_weekdays_.reserve(non_working_days.size());
  for (const CivilDate& date : non_working_days) add_non_working_day(date);
}

void Calendar::add_non_working_day(const CivilDate& date) {
  std::int64_t day = days_from_civil(date);
  if (weekday_index(day) >= 5) return;
  auto at = std::lower_bound(closed_weekdays_.begin(), closed_weekdays_.end(), day);
  if (at == closed_weekdays_.end() || *at != day) closed_weekdays_.insert(at, day);
}

bool Calendar::is_working_day(const CivilDate& date) const {
  std::int64_t day = days_from_civil(date);
  return weekday_index(day) < 5 &&
         !std::binary_search(closed_weekdays_.begin(), closed_weekdays_.end(), day);
}

std::int64_t Calendar::closed_in(std::int64_t after_day, std::int64_t through_day) const {
  auto first = std::upper_bound(closed_weekdays_.begin(), closed_weekdays_.end(), after_day);
  auto last = std::upper_bound(closed_weekdays_.begin(), closed_weekdays_.end(), through_day);
  return last - first;
}

CivilDate Calendar::add_working_days(const CivilDate& start, int count) const {
  std::int64_t day = days_from_civil(start);
  if (count < 0) {
    // Rare (no deadline runs backwards), so a plain walk is clear enough.
    for (int remaining = -count; remaining > 0;) {
      --day;
      if (is_working_day(civil_from_days(day))) --remaining;
    }
    return civil_from_days(day);
  }
  // Jump over the weekdays still owed, then owe again whatever holidays the jump crossed; the
  // loop ends because each pass moves forward and there are finitely many holidays ahead.
  std::int64_t owed = count;
  while (owed > 0) {
    std::int64_t next = add_weekdays(day, owed);
    owed = closed_in(day, next);
    day = next;
  }
  return civil_from_days(day);
}

std::int64_t Calendar::working_days_between(const CivilDate& a, const CivilDate& b) const {
  std::int64_t from = days_from_civil(a);
  std::int64_t to = days_from_civil(b);
  if (to < from) return -working_days_between(b, a);
  return weekdays_through(to) - weekdays_through(from) - closed_in(from, to);
}

std::int64_t Calendar::working_day_number(const CivilDate& date) const {
  return working_days_between(CivilDate{1970, 1, 1}, date);
}

CivilDate due_date(const Calendar& calendar, const CivilDate& start, int working_days) {
  return calendar.add_working_days(start, working_days);
}

bool is_overdue(const Calendar& calendar, const CivilDate& start, int working_days,
                const CivilDate& today) {
  return today > due_date(calendar, start, working_days);
}

bool has_elapsed(const Calendar& calendar, const CivilDate& start, int working_days,
                 const CivilDate& today) {
  return today >= due_date(calendar, start, working_days);
}

}  // namespace aduan::workflow
