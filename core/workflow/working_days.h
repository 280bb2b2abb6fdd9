// core/workflow/working_days.h: calendar dates, working days and the deadlines of the flow.
//
// Owns day arithmetic on domain::CivilDate (days since 1970-01-01, ISO weekdays), the Calendar
// of non-working dates (national holidays and cuti bersama, loaded later from assets/), and the
// deadline lengths of DOMAIN.md. Does not own time zones (time_zone.h) or which deadline a case
// runs and how holds pause it (case_clock.h): everything here is a pure function of dates, so
// the server, the console and the metrics count the same days.
//
// Counting convention: the day something happens is day 0 and does not count. A report received
// on a Friday with 3 working days to verify is due the following Wednesday, whether it arrived
// in the morning or at night, and one received on a Saturday is due the same Wednesday.
//
// Typical use: build one Calendar at start-up from the holiday list in assets/ (all the years
// it covers), share it read-only, and ask it for due dates:
//
//   Calendar calendar(holidays);
//   CivilDate due = due_date(calendar, received_on, kVerifyWithinWorkingDays);
//   bool late = is_overdue(calendar, received_on, kVerifyWithinWorkingDays, today);
//   std::int64_t took = calendar.working_days_between(dispositioned_on, followed_up_on);
//
// A date outside the years the list covers still counts weekends correctly; only its holidays
// are missing, so the list must be extended before a new year starts.
#pragma once

#include <cstdint>
#include <vector>

#include "core/domain/report.h"

namespace aduan::workflow {

using domain::CivilDate;

// Deadlines, in working days (DOMAIN.md, "Status and deadlines (working days)").
// A national or regional admin verifies, rejects or holds a new report within this many days.
inline constexpr int kVerifyWithinWorkingDays = 3;
// The agency a case is dispositioned to follows it up within this many days.
inline constexpr int kFollowUpWithinWorkingDays = 5;
// A response the reporter has not replied to completes itself after this many days.
inline constexpr int kAutoCompleteAfterWorkingDays = 10;
// A case unresolved this long after it was received may go to the Ombudsman. DOMAIN.md says
// "60 days" under a heading that counts every deadline in working days, so working days here;
// if the rule turns out to mean calendar days, days_between() is the drop-in.
inline constexpr int kOmbudsmanAfterWorkingDays = 60;

// ISO 8601 numbering, so the value can be stored and compared as a number.
enum class Weekday { monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday };

// Days since 1970-01-01 (negative before it), proleptic Gregorian. The date must be valid, as
// domain::parse_civil_date guarantees; other inputs give an unspecified but defined result.
std::int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(std::int64_t days);

Weekday weekday(const CivilDate& date);
bool is_weekend(const CivilDate& date);
CivilDate add_days(const CivilDate& date, std::int64_t days);
// Calendar days from a to b: positive when b is later.
std::int64_t days_between(const CivilDate& a, const CivilDate& b);

// The non-working days of a calendar: Saturdays and Sundays always, plus the listed dates. A
// value type built once (per year of holidays) and then only read, so lookups are binary
// searches in a sorted vector rather than a map.
class Calendar {
 public:
  Calendar() = default;
  explicit Calendar(const std::vector<CivilDate>& non_working_days);

  // Listing a date twice, or listing a Saturday or Sunday, changes nothing.
  void add_non_working_day(const CivilDate& date);

  bool is_working_day(const CivilDate& date) const;

  // The date `count` working days after `start` (day 0, not counted; it need not be a working
  // day). For count > 0 the result is always a working day; count == 0 returns start; a
  // negative count gives the |count|-th working day before start.
  CivilDate add_working_days(const CivilDate& start, int count) const;

  // The working days d with a < d <= b, so working_days_between(a, add_working_days(a, n)) == n
  // for n >= 0. Negative when b is before a; zero when they are equal.
  std::int64_t working_days_between(const CivilDate& a, const CivilDate& b) const;

  // The working day's number: working_days_between(1970-01-01, date). Working days, and only
  // they, have distinct numbers in date order (a weekend or holiday shares the number of the
  // working day before it), so due days, which are always working days, compare by number as
  // they do by date, and "n working days after today" is today's number + n. What the server's
  // case index sorts and compares on (core/cases) without counting days itself.
  std::int64_t working_day_number(const CivilDate& date) const;

  // The listed non-working days that fall on Monday..Friday, as sorted day numbers: what makes
  // one calendar count differently from another (a fingerprint of it for stored day counts).
  const std::vector<std::int64_t>& closed_weekdays() const { return closed_weekdays_; }

 private:
  // Listed dates that fall on Monday..Friday, as sorted, unique day numbers. Weekend dates are
  // dropped on the way in so counting can subtract holidays from weekdays without double counts.
  std::vector<std::int64_t> closed_weekdays_;

  std::int64_t closed_in(std::int64_t after_day, std::int64_t through_day) const;
};

// The last day on which something started on `start` is on time.
CivilDate due_date(const Calendar& calendar, const CivilDate& start, int working_days);
// The due date has passed: `today` is after it. Drives the overdue flags of the dashboard.
bool is_overdue(const Calendar& calendar, const CivilDate& start, int working_days,
                const CivilDate& today);
// The full period has run: `today` is on or after the due date. Drives the system's own
// actions (auto-completion, escalation), which happen on the day the period ends.
bool has_elapsed(const Calendar& calendar, const CivilDate& start, int working_days,
                 const CivilDate& today);

}  // namespace aduan::workflow
