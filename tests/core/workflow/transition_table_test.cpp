// Tests every (status x action) pair of the status machine (core/workflow/machine.h).
//
// The expected table below is written out by hand from DOMAIN.md and the issue, independently
// of the rule table in machine.cpp, so a slip in either shows up as a failing pair. Each pair
// is tried by an actor who may take the action and with every input it could need, so the only
// thing under test is whether the status allows it and where it leads.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>

#include "core/workflow/machine.h"
#include "core/workflow/status.h"

namespace aduan::workflow {

// GoogleTest prints these by name rather than as bytes in failure messages.
inline void PrintTo(Status value, std::ostream* out) { *out << to_string(value); }
inline void PrintTo(Action value, std::ostream* out) { *out << to_string(value); }
inline void PrintTo(Role value, std::ostream* out) { *out << to_string(value); }

namespace {

constexpr const char* kHolder = "dinas-pupr-indramayu";
constexpr const char* kOtherAgency = "dinas-kesehatan-indramayu";

struct Expected {
  std::map<Status, Status> from_to;  // the statuses the action starts from, and where it leads
  Actor actor;                       // someone allowed to take it
};

// The actions that only set a marker (rate, the two escalations) map a status to itself.
const std::map<Action, Expected>& expected_table() {
  static const auto* table = new std::map<Action, Expected>{
      {Action::verify,
       {{{Status::received, Status::verified}, {Status::on_hold, Status::verified}},
        {Role::national_admin, ""}}},
      {Action::reject,
       {{{Status::received, Status::rejected},
         {Status::on_hold, Status::rejected},
         {Status::verified, Status::rejected}},
        {Role::regional_admin, ""}}},
      {Action::hold, {{{Status::received, Status::on_hold}}, {Role::national_admin, ""}}},
      {Action::resume, {{{Status::on_hold, Status::received}}, {Role::regional_admin, ""}}},
      {Action::disposition,
       {{{Status::verified, Status::dispositioned}}, {Role::national_admin, ""}}},
      {Action::redisposition,
       {{{Status::dispositioned, Status::dispositioned},
         {Status::in_progress, Status::dispositioned}},
        {Role::agency_admin, kHolder}}},
      {Action::decline_authority,
       {{{Status::dispositioned, Status::verified}, {Status::in_progress, Status::verified}},
        {Role::liaison_officer, kHolder}}},
      {Action::follow_up,
       {{{Status::dispositioned, Status::in_progress}}, {Role::liaison_officer, kHolder}}},
      {Action::respond,
       {{{Status::in_progress, Status::responded}}, {Role::agency_admin, kHolder}}},
      {Action::reporter_reply, {{{Status::responded, Status::in_progress}}, {Role::reporter, ""}}},
      {Action::complete, {{{Status::responded, Status::completed}}, {Role::reporter, ""}}},
      {Action::rate, {{{Status::completed, Status::completed}}, {Role::reporter, ""}}},
      {Action::archive,
       {{{Status::completed, Status::archived}, {Status::rejected, Status::archived}},
        {Role::system, ""}}},
      {Action::escalate_to_ombudsman,
       {{{Status::received, Status::received},
         {Status::verified, Status::verified},
         {Status::on_hold, Status::on_hold},
         {Status::dispositioned, Status::dispositioned},
         {Status::in_progress, Status::in_progress},
         {Status::responded, Status::responded}},
        {Role::system, ""}}},
      {Action::escalate_overdue,
       {{{Status::dispositioned, Status::dispositioned}}, {Role::system, ""}}},
  };
  return *table;
}

// A case as it would stand in `status`: only routed cases have a holding agency.
Case case_in(Status status) {
  Case c;
  c.status = status;
  switch (status) {
    case Status::dispositioned:
    case Status::in_progress:
    case Status::responded:
    case Status::completed:
    case Status::archived:
      c.holding_agency_id = kHolder;
      break;
    default:
      break;
  }
  return c;
}

ActionRequest full_request(Action action) {
  ActionRequest request;
  request.action = action;
  request.actor = expected_table().at(action).actor;
  request.note = "Jalan berlubang di depan pasar sudah ditambal.";
  request.target_agency_id = kOtherAgency;
  request.rating = 4;
  request.at = 1'700'000'000'000;
  return request;
}

class StatusActionPair : public ::testing::TestWithParam<std::tuple<Status, Action>> {};

TEST_P(StatusActionPair, AllowedPairsLeadToTheirStatusOthersAreRefused) {
  auto [status, action] = GetParam();
  const Expected& expected = expected_table().at(action);
  Case before = case_in(status);
  auto result = decide(before, full_request(action));

  auto row = expected.from_to.find(status);
  if (row == expected.from_to.end()) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "workflow.not_allowed_from_status");
    EXPECT_FALSE(result.error().detail.empty());
    return;
  }
  ASSERT_TRUE(result.ok()) << result.error().code << ": " << result.error().detail;
  const Transition& step = result.value();
  EXPECT_EQ(step.from, status);
  EXPECT_EQ(step.to, row->second);
  EXPECT_EQ(step.after.status, row->second);
  EXPECT_EQ(step.action, action);
  EXPECT_EQ(step.actor_role, expected.actor.role);
  EXPECT_EQ(step.actor_agency_id, expected.actor.agency_id);
  EXPECT_EQ(step.at, 1'700'000'000'000);

  bool routes = action == Action::disposition || action == Action::redisposition;
  bool escalates = action == Action::escalate_overdue;
  EXPECT_EQ(step.target_agency_id, routes || escalates ? kOtherAgency : "");
  EXPECT_EQ(step.after.escalated_to_agency_id, escalates ? kOtherAgency : "");
  if (routes) {
    EXPECT_EQ(step.after.holding_agency_id, kOtherAgency);
  } else if (action == Action::decline_authority) {
    EXPECT_EQ(step.after.holding_agency_id, "");
  } else {
    EXPECT_EQ(step.after.holding_agency_id, before.holding_agency_id);
  }
  EXPECT_EQ(step.rating, action == Action::rate ? 4 : 0);
  EXPECT_EQ(step.after.rating, action == Action::rate ? 4 : 0);
  EXPECT_EQ(step.after.escalated_to_ombudsman, action == Action::escalate_to_ombudsman);
}

std::string pair_name(const ::testing::TestParamInfo<std::tuple<Status, Action>>& info) {
  return std::string(to_string(std::get<0>(info.param))) + "_" +
         std::string(to_string(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(EveryPair, StatusActionPair,
                         ::testing::Combine(::testing::ValuesIn(kAllStatuses),
                                            ::testing::ValuesIn(kAllActions)),
                         pair_name);

TEST(TransitionTable, CoversEveryActionAndArchivedIsFinal) {
  EXPECT_EQ(expected_table().size(), kAllActions.size());
  Actor admin{Role::national_admin, ""};
  Actor system{Role::system, ""};
  EXPECT_TRUE(available_actions(case_in(Status::archived), admin).empty());
  EXPECT_TRUE(available_actions(case_in(Status::archived), system).empty());
}

TEST(TransitionTable, RefusalLeavesTheCaseUntouchedUnderApply) {
  Case c = case_in(Status::rejected);
  Case copy = c;
  auto result = apply(c, full_request(Action::verify));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(c, copy);
}

TEST(TransitionTable, ApplyReplacesTheCaseWithTheTransitionsAfter) {
  Case c = case_in(Status::received);
  auto result = apply(c, full_request(Action::verify));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(c, result.value().after);
  EXPECT_EQ(c.status, Status::verified);
}

}  // namespace
}  // namespace aduan::workflow
