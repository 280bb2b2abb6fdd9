// Tests the scheduler's due actions (due_system_actions in core/workflow/case_clock.h) under a
// controlled clock: automatic completion, escalation of an overdue case to the parent agency,
// and escalation to the Ombudsman, each firing on its day, not the day before, and only once.
//
// "Once" is checked the way the server runs: apply what is returned, store it in the history,
// ask again at the same instant and later, and expect nothing.
#include <gtest/gtest.h>

#include <vector>

#include "core/domain/report.h"
#include "core/workflow/case_clock.h"
#include "tests/core/workflow/story.h"

namespace aduan::workflow {
namespace {

using domain::CivilDate;
using testing::at;
using testing::Story;

std::vector<Action> actions_of(const std::vector<ActionRequest>& requests) {
  std::vector<Action> out;
  for (const auto& r : requests) out.push_back(r.action);
  return out;
}

std::vector<ActionRequest> due(const Story& s, const Calendar& calendar, const CivilDate& today,
                               int hour = 8, std::string_view parent = "kab-32.12") {
  return due_system_actions(s.current, s.history, s.received_at, calendar, s.zone,
                            at(today, hour, s.zone), parent);
}

// A case the agency answered on Monday 9 November 2026.
Story answered() {
  Story s({2026, 11, 2}, TimeZone::wib);
  s.then(Action::verify, {2026, 11, 2})
      .then(Action::disposition, {2026, 11, 2}, 11, "dinas-a")
      .then(Action::follow_up, {2026, 11, 3})
      .then(Action::respond, {2026, 11, 9});
  return s;
}

TEST(SystemActions, CompletesTenWorkingDaysAfterAnUnansweredResponse) {
  const Calendar calendar;
  Story s = answered();
  // From Mon 9: 10, 11, 12, 13, 16, 17, 18, 19, 20, 23 -> Monday 23 November.
  EXPECT_TRUE(due(s, calendar, {2026, 11, 20}, 23).empty());
  auto actions = due(s, calendar, {2026, 11, 23}, 0);
  ASSERT_EQ(actions_of(actions), (std::vector<Action>{Action::complete}));
  EXPECT_EQ(actions[0].actor.role, Role::system);
  EXPECT_EQ(actions[0].at, at({2026, 11, 23}, 0, TimeZone::wib));

  s.apply_all(actions);
  EXPECT_EQ(s.current.status, Status::completed);
  EXPECT_TRUE(due(s, calendar, {2026, 11, 23}, 0).empty());
  EXPECT_TRUE(due(s, calendar, {2027, 3, 1}).empty());
}

TEST(SystemActions, AReplyFromTheReporterStopsTheAutomaticCompletion) {
  const Calendar calendar;
  Story s = answered();
  s.then(Action::reporter_reply, {2026, 11, 20});
  EXPECT_TRUE(due(s, calendar, {2026, 11, 23}).empty());
  EXPECT_TRUE(due(s, calendar, {2026, 12, 31}).empty());
}

TEST(SystemActions, CompletionDayIsCountedInTheAgencysZoneAcrossTheNewYear) {
  const Calendar calendar({{2026, 12, 24}, {2026, 12, 25}, {2027, 1, 1}, {2027, 1, 5}});
  Story s({2026, 12, 14}, TimeZone::wit);
  s.then(Action::verify, {2026, 12, 14})
      .then(Action::disposition, {2026, 12, 14}, 11, "dinas-jayapura")
      .then(Action::follow_up, {2026, 12, 15})
      .then(Action::respond, {2026, 12, 18});  // Friday
  // Mon 21 (1), 22, 23, [24 cuti bersama, 25 Christmas], 28, 29, 30, 31 (7), [1 Jan], Mon 4 (8),
  // [5 Isra Mikraj], Wed 6 (9), Thu 7 (10).
  EXPECT_TRUE(due(s, calendar, {2027, 1, 6}, 23).empty());
  const domain::Timestamp now = at({2027, 1, 7}, 1, TimeZone::wit);  // 23:00 on the 6th in WIB
  auto in_papua = due_system_actions(s.current, s.history, s.received_at, calendar, TimeZone::wit,
                                     now, "prov-91");
  auto in_java = due_system_actions(s.current, s.history, s.received_at, calendar, TimeZone::wib,
                                    now, "prov-91");
  EXPECT_EQ(actions_of(in_papua), (std::vector<Action>{Action::complete}));
  EXPECT_TRUE(in_java.empty());
}

TEST(SystemActions, AnOverdueFollowUpGoesToTheParentOnceTheDeadlineHasPassed) {
  const Calendar calendar;
  Story s({2026, 11, 2}, TimeZone::wib);
  s.then(Action::verify, {2026, 11, 2}).then(Action::disposition, {2026, 11, 2}, 11, "dinas-a");
  // Due Monday 9 (Tue 3 .. Mon 9); overdue from Tuesday 10.
  EXPECT_TRUE(due(s, calendar, {2026, 11, 9}, 23).empty());
  EXPECT_TRUE(due(s, calendar, {2026, 11, 10}, 8, "").empty());  // no parent: nobody to tell
  auto actions = due(s, calendar, {2026, 11, 10});
  ASSERT_EQ(actions_of(actions), (std::vector<Action>{Action::escalate_overdue}));
  EXPECT_EQ(actions[0].target_agency_id, "kab-32.12");

  s.apply_all(actions);
  EXPECT_EQ(s.current.status, Status::dispositioned);
  EXPECT_EQ(s.current.holding_agency_id, "dinas-a");
  EXPECT_EQ(s.current.escalated_to_agency_id, "kab-32.12");
  EXPECT_TRUE(due(s, calendar, {2026, 11, 10}).empty());
  EXPECT_TRUE(due(s, calendar, {2026, 11, 20}).empty());

  // Routed to another agency on Wednesday 11: its own five days, due Wednesday 18.
  s.then(Action::redisposition, {2026, 11, 11}, 10, "dinas-b");
  EXPECT_TRUE(due(s, calendar, {2026, 11, 18}).empty());
  actions = due(s, calendar, {2026, 11, 19}, 8, "kab-32.12-b");
  ASSERT_EQ(actions_of(actions), (std::vector<Action>{Action::escalate_overdue}));
  EXPECT_EQ(actions[0].target_agency_id, "kab-32.12-b");

  // Once followed up, nothing is overdue any more.
  s.then(Action::follow_up, {2026, 11, 19});
  EXPECT_TRUE(due(s, calendar, {2026, 11, 25}).empty());
}

TEST(SystemActions, SixtyWorkingDaysUnresolvedGoesToTheOmbudsmanOnce) {
  const Calendar calendar;  // weekends only: 60 working days are exactly 12 weeks
  Story s({2026, 1, 5}, TimeZone::wita);
  s.then(Action::verify, {2026, 1, 5})
      .then(Action::disposition, {2026, 1, 5}, 11, "dinas-a")
      .then(Action::follow_up, {2026, 1, 6});
  EXPECT_TRUE(due(s, calendar, {2026, 3, 27}, 23).empty());
  auto actions = due(s, calendar, {2026, 3, 30});
  ASSERT_EQ(actions_of(actions), (std::vector<Action>{Action::escalate_to_ombudsman}));
  s.apply_all(actions);
  EXPECT_TRUE(s.current.escalated_to_ombudsman);
  EXPECT_EQ(s.current.status, Status::in_progress);
  EXPECT_TRUE(due(s, calendar, {2026, 3, 30}).empty());
  EXPECT_TRUE(due(s, calendar, {2026, 6, 1}).empty());
}

TEST(SystemActions, TheOmbudsmanDayMovesByTheDaysOnHold) {
  const Calendar calendar;
  Story s({2026, 1, 5}, TimeZone::wib);
  s.then(Action::hold, {2026, 1, 6}).then(Action::resume, {2026, 1, 13});  // 5 working days
  s.then(Action::verify, {2026, 1, 13}, 11)
      .then(Action::disposition, {2026, 1, 13}, 12, "dinas-a")
      .then(Action::follow_up, {2026, 1, 14});
  EXPECT_TRUE(due(s, calendar, {2026, 3, 30}).empty());
  EXPECT_TRUE(due(s, calendar, {2026, 4, 3}).empty());
  EXPECT_EQ(actions_of(due(s, calendar, {2026, 4, 6})),
            (std::vector<Action>{Action::escalate_to_ombudsman}));
}

TEST(SystemActions, BothEscalationsOnOneDayComeInAnOrderTheMachineAccepts) {
  const Calendar calendar;
  Story s({2026, 1, 5}, TimeZone::wib);
  s.then(Action::verify, {2026, 1, 5}).then(Action::disposition, {2026, 1, 5}, 11, "dinas-a");
  auto actions = due(s, calendar, {2026, 3, 30}, 8, "prov-32");
  ASSERT_EQ(actions_of(actions),
            (std::vector<Action>{Action::escalate_overdue, Action::escalate_to_ombudsman}));
  s.apply_all(actions);
  EXPECT_EQ(s.history.size(), 4u);
  EXPECT_TRUE(due(s, calendar, {2026, 3, 30}, 8, "prov-32").empty());
}

TEST(SystemActions, CompletionTakesPrecedenceAndResolvedCasesOweNothing) {
  const Calendar calendar;
  Story s({2026, 1, 5}, TimeZone::wib);
  s.then(Action::verify, {2026, 1, 5})
      .then(Action::disposition, {2026, 1, 5}, 11, "dinas-a")
      .then(Action::follow_up, {2026, 1, 6})
      .then(Action::respond, {2026, 1, 7});
  EXPECT_EQ(actions_of(due(s, calendar, {2026, 4, 1})), (std::vector<Action>{Action::complete}));

  Story rejected({2026, 1, 5}, TimeZone::wib);
  rejected.then(Action::reject, {2026, 1, 6});
  EXPECT_TRUE(due(rejected, calendar, {2026, 12, 1}).empty());
}

}  // namespace
}  // namespace aduan::workflow
