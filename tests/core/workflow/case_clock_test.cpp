// Tests the case clock (core/workflow/case_clock.h): which deadline runs, from which day, how
// holds pause it, and which zone's day counts.
//
// Every expected date is worked out by hand in the comment beside it, on the real calendar of
// late 2026 and early 2027 (cuti bersama on Thursday 24 December, Christmas on Friday 25 December,
// New Year on Friday 1 January, Isra Mikraj on Tuesday 5 January); the code under test never
// computes an expected value.
#include "core/workflow/case_clock.h"

#include <gtest/gtest.h>

#include "core/domain/report.h"
#include "tests/core/workflow/story.h"

namespace aduan::workflow {
namespace {

using domain::CivilDate;
using testing::at;
using testing::Story;

Calendar year_end_calendar() {
  return Calendar({{2026, 12, 24}, {2026, 12, 25}, {2027, 1, 1}, {2027, 1, 5}});
}

CaseClock clock_of(const Story& story, const CivilDate& today, int hour = 9) {
  return case_clock(story.history, story.received_at, year_end_calendar(), story.zone,
                    at(today, hour, story.zone));
}

TEST(CaseClock, VerifyRunsThreeWorkingDaysFromReceipt) {
  Story s({2026, 11, 20}, TimeZone::wib);  // a Friday
  CaseClock c = clock_of(s, {2026, 11, 23});
  EXPECT_EQ(c.status, Status::received);
  EXPECT_EQ(c.kind, ClockKind::verify);
  EXPECT_EQ(c.deadline.start, (CivilDate{2026, 11, 20}));
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 25}));  // Mon 1, Tue 2, Wed 3
  EXPECT_EQ(c.deadline.allowance, 3);
  EXPECT_EQ(c.deadline.days_left, 2);  // Tuesday, Wednesday
  EXPECT_FALSE(c.deadline.overdue);
  EXPECT_FALSE(c.paused);
  EXPECT_TRUE(c.ombudsman_running);

  c = clock_of(s, {2026, 11, 25});
  EXPECT_EQ(c.deadline.days_left, 0);
  EXPECT_TRUE(c.deadline.elapsed);
  EXPECT_FALSE(c.deadline.overdue);

  c = clock_of(s, {2026, 11, 26});
  EXPECT_EQ(c.deadline.days_left, -1);
  EXPECT_TRUE(c.deadline.overdue);

  c = clock_of(s, {2026, 11, 28});  // Saturday: Thursday and Friday are the days past due
  EXPECT_EQ(c.deadline.days_left, -2);
}

TEST(CaseClock, ASaturdayNightReportIsDueLikeOneFromSaturdayMorning) {
  Story night({2026, 11, 21}, TimeZone::wib, 23);
  Story morning({2026, 11, 21}, TimeZone::wib, 7);
  EXPECT_EQ(clock_of(night, {2026, 11, 23}).deadline.due, (CivilDate{2026, 11, 25}));
  EXPECT_EQ(clock_of(morning, {2026, 11, 23}).deadline.due, (CivilDate{2026, 11, 25}));
}

TEST(CaseClock, CountsAcrossCutiBersamaChristmasAndTheNewYear) {
  Story s({2026, 12, 23}, TimeZone::wib);  // Wednesday
  // 24 cuti bersama, 25 Christmas, 26-27 weekend: Mon 28 is 1, Tue 29 is 2, Wed 30 is 3.
  EXPECT_EQ(clock_of(s, {2026, 12, 24}).deadline.due, (CivilDate{2026, 12, 30}));
  EXPECT_EQ(clock_of(s, {2026, 12, 24}).deadline.days_left, 3);

  s.then(Action::verify, {2026, 12, 28}).then(Action::disposition, {2026, 12, 30}, 10, "dinas-a");
  // From Wed 30 Dec: Thu 31 is 1, Fri 1 Jan New Year, Mon 4 is 2, Tue 5 Isra Mikraj, Wed 6 is 3,
  // Thu 7 is 4, Fri 8 is 5.
  CaseClock c = clock_of(s, {2027, 1, 4});
  EXPECT_EQ(c.kind, ClockKind::follow_up);
  EXPECT_EQ(c.deadline.start, (CivilDate{2026, 12, 30}));
  EXPECT_EQ(c.deadline.due, (CivilDate{2027, 1, 8}));
  EXPECT_EQ(c.deadline.days_left, 3);  // Wed 6, Thu 7, Fri 8
  EXPECT_TRUE(clock_of(s, {2027, 1, 11}).deadline.overdue);
}

TEST(CaseClock, TheAgencysZoneDecidesTheDay) {
  // 15:30 UTC on Sunday 22 November: still Sunday in Jakarta, already Monday in Jayapura.
  constexpr domain::Timestamp kReceived = 1'795'361'400'000;
  const Calendar none;
  CaseClock west = case_clock({}, kReceived, none, TimeZone::wib, kReceived);
  CaseClock east = case_clock({}, kReceived, none, TimeZone::wit, kReceived);
  EXPECT_EQ(west.deadline.start, (CivilDate{2026, 11, 22}));
  EXPECT_EQ(west.deadline.due, (CivilDate{2026, 11, 25}));  // Mon, Tue, Wed
  EXPECT_EQ(east.deadline.start, (CivilDate{2026, 11, 23}));
  EXPECT_EQ(east.deadline.due, (CivilDate{2026, 11, 26}));  // Tue, Wed, Thu
  EXPECT_EQ(west.today, (CivilDate{2026, 11, 22}));
  EXPECT_EQ(east.today, (CivilDate{2026, 11, 23}));
  EXPECT_EQ(west.deadline.days_left, 3);
  EXPECT_EQ(east.deadline.days_left, 3);
}

TEST(CaseClock, AHoldPausesTheVerifyClockAndTheOmbudsmanMarker) {
  Story s({2026, 11, 2}, TimeZone::wita);  // Monday
  s.then(Action::hold, {2026, 11, 3});     // Tuesday
  CaseClock c = clock_of(s, {2026, 11, 3}, 15);
  EXPECT_EQ(c.status, Status::on_hold);
  EXPECT_TRUE(c.paused);
  EXPECT_EQ(c.deadline.paused_days, 0);
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 5}));
  EXPECT_EQ(c.deadline.days_left, 2);

  c = clock_of(s, {2026, 11, 5});  // Wednesday and Thursday on hold so far
  EXPECT_TRUE(c.paused);
  EXPECT_EQ(c.deadline.paused_days, 2);
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 9}));
  EXPECT_EQ(c.deadline.days_left, 2);  // constant while paused
  EXPECT_FALSE(c.deadline.overdue);
  EXPECT_EQ(c.ombudsman.paused_days, 2);

  s.then(Action::resume, {2026, 11, 9});  // Monday: Wed, Thu, Fri, Mon spent on hold
  c = clock_of(s, {2026, 11, 10});
  EXPECT_EQ(c.status, Status::received);
  EXPECT_FALSE(c.paused);
  EXPECT_EQ(c.deadline.paused_days, 4);
  // 3 + 4 working days from Mon 2: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10, Wed 11.
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 11}));
  EXPECT_EQ(c.deadline.days_left, 1);
  EXPECT_EQ(c.ombudsman.paused_days, 4);
  EXPECT_EQ(c.ombudsman.allowance, 60);
  EXPECT_EQ(c.ombudsman.due, year_end_calendar().add_working_days({2026, 11, 2}, 64));
}

TEST(CaseClock, AHoldEndedByVerifyingCountsAndADeclineStartsAFreshAdminClock) {
  Story s({2026, 11, 2}, TimeZone::wib);
  s.then(Action::hold, {2026, 11, 3}).then(Action::verify, {2026, 11, 5});  // Wed, Thu held
  EXPECT_EQ(clock_of(s, {2026, 11, 5}).deadline.paused_days, 2);
  EXPECT_EQ(clock_of(s, {2026, 11, 5}).deadline.due, (CivilDate{2026, 11, 9}));

  s.then(Action::disposition, {2026, 11, 5}, 11, "dinas-a")
      .then(Action::decline_authority, {2026, 11, 10});
  CaseClock c = clock_of(s, {2026, 11, 11});
  EXPECT_EQ(c.status, Status::verified);
  EXPECT_EQ(c.kind, ClockKind::verify);
  EXPECT_EQ(c.deadline.start, (CivilDate{2026, 11, 10}));
  EXPECT_EQ(c.deadline.paused_days, 0);  // the hold was before this clock started
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 13}));
  EXPECT_EQ(c.ombudsman.paused_days, 2);  // but the Ombudsman counts from receipt
}

TEST(CaseClock, EachStageRunsItsOwnClockFromItsLatestStart) {
  Story s({2026, 11, 2}, TimeZone::wib);
  s.then(Action::verify, {2026, 11, 2}, 11).then(Action::disposition, {2026, 11, 3}, 10, "dinas-a");
  CaseClock c = clock_of(s, {2026, 11, 4});
  EXPECT_EQ(c.kind, ClockKind::follow_up);
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 10}));  // Wed 4, Thu 5, Fri 6, Mon 9, Tue 10

  s.then(Action::redisposition, {2026, 11, 6}, 10, "dinas-b");
  c = clock_of(s, {2026, 11, 9});
  EXPECT_EQ(c.deadline.start, (CivilDate{2026, 11, 6}));
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 13}));

  s.then(Action::follow_up, {2026, 11, 9});
  c = clock_of(s, {2026, 11, 30});
  EXPECT_EQ(c.status, Status::in_progress);
  EXPECT_EQ(c.kind, ClockKind::none);  // no deadline for the answer itself
  EXPECT_TRUE(c.ombudsman_running);

  s.then(Action::respond, {2026, 11, 10});
  c = clock_of(s, {2026, 11, 11});
  EXPECT_EQ(c.kind, ClockKind::awaiting_reporter);
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 24}));  // ten working days from Tue 10
  EXPECT_EQ(c.deadline.allowance, 10);

  s.then(Action::reporter_reply, {2026, 11, 12}).then(Action::respond, {2026, 11, 16});
  c = clock_of(s, {2026, 11, 17});
  EXPECT_EQ(c.deadline.start, (CivilDate{2026, 11, 16}));
  EXPECT_EQ(c.deadline.due, (CivilDate{2026, 11, 30}));

  s.then(Action::complete, {2026, 11, 18});
  c = clock_of(s, {2027, 6, 1});
  EXPECT_EQ(c.status, Status::completed);
  EXPECT_EQ(c.kind, ClockKind::none);
  EXPECT_FALSE(c.ombudsman_running);
  EXPECT_FALSE(c.ombudsman.elapsed);
}

TEST(CaseClock, StepsStampedBeforeReceiptCountFromReceipt) {
  Story s({2026, 11, 20}, TimeZone::wib, 10);
  s.then(Action::verify, {2026, 11, 19}).then(Action::disposition, {2026, 11, 19}, 11, "dinas-a");
  // A device or server clock that ran behind: the follow-up clock starts on Friday 20, not 19.
  EXPECT_EQ(clock_of(s, {2026, 11, 23}).deadline.start, (CivilDate{2026, 11, 20}));
  EXPECT_EQ(clock_of(s, {2026, 11, 23}).deadline.due, (CivilDate{2026, 11, 27}));
}

TEST(CaseClock, KindsHaveStableNames) {
  EXPECT_EQ(to_string(ClockKind::none), "none");
  EXPECT_EQ(to_string(ClockKind::verify), "verify");
  EXPECT_EQ(to_string(ClockKind::follow_up), "follow_up");
  EXPECT_EQ(to_string(ClockKind::awaiting_reporter), "awaiting_reporter");
}

}  // namespace
}  // namespace aduan::workflow
