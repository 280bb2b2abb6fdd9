// Tests who may take each action, what each action needs, and the console's list of actions
// (core/workflow/machine.h).
//
// Every (action x role) pair is tried on a case in a status the action allows, held by the
// actor's own agency, with complete input: whatever is refused is refused for the role alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

struct Allowed {
  Status from;           // one status the action starts from
  std::set<Role> roles;  // the roles that may take it
};

const std::map<Action, Allowed>& allowed_roles() {
  const std::set<Role> admins = {Role::national_admin, Role::regional_admin};
  const std::set<Role> staff = {Role::agency_admin, Role::liaison_officer};
  static const auto* table = new std::map<Action, Allowed>{
      {Action::verify, {Status::received, admins}},
      {Action::reject, {Status::received, admins}},
      {Action::hold, {Status::received, admins}},
      {Action::resume, {Status::on_hold, admins}},
      {Action::disposition, {Status::verified, admins}},
      {Action::redisposition,
       {Status::in_progress, {Role::national_admin, Role::regional_admin, Role::agency_admin}}},
      {Action::decline_authority, {Status::dispositioned, staff}},
      {Action::follow_up, {Status::dispositioned, staff}},
      {Action::respond, {Status::in_progress, staff}},
      {Action::reporter_reply, {Status::responded, {Role::reporter}}},
      {Action::complete, {Status::responded, {Role::reporter, Role::system}}},
      {Action::rate, {Status::completed, {Role::reporter}}},
      {Action::archive,
       {Status::completed, {Role::national_admin, Role::regional_admin, Role::system}}},
      {Action::escalate_to_ombudsman, {Status::in_progress, {Role::system}}},
      {Action::escalate_overdue, {Status::dispositioned, {Role::system}}},
  };
  return *table;
}

Case held_case(Status status) {
  Case c;
  c.status = status;
  if (status != Status::received && status != Status::verified && status != Status::on_hold) {
    c.holding_agency_id = kHolder;
  }
  return c;
}

ActionRequest request_for(Action action, Actor actor) {
  ActionRequest request;
  request.action = action;
  request.actor = std::move(actor);
  request.note = "Mohon dilengkapi.";
  request.target_agency_id = kOtherAgency;
  request.rating = 5;
  return request;
}

class ActionRolePair : public ::testing::TestWithParam<std::tuple<Action, Role>> {};

TEST_P(ActionRolePair, OnlyListedRolesMayTakeTheAction) {
  auto [action, role] = GetParam();
  const Allowed& allowed = allowed_roles().at(action);
  Actor actor{role, is_agency_staff(role) ? kHolder : ""};
  auto result = decide(held_case(allowed.from), request_for(action, actor));
  if (allowed.roles.count(role) != 0) {
    EXPECT_TRUE(result.ok()) << result.error().code;
  } else {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "workflow.role_not_permitted");
  }
}

std::string pair_name(const ::testing::TestParamInfo<std::tuple<Action, Role>>& info) {
  return std::string(to_string(std::get<0>(info.param))) + "_by_" +
         std::string(to_string(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(EveryPair, ActionRolePair,
                         ::testing::Combine(::testing::ValuesIn(kAllActions),
                                            ::testing::ValuesIn(kAllRoles)),
                         pair_name);

std::string refusal(const Case& c, const ActionRequest& request, const Scope& scope = {}) {
  auto result = decide(c, request, scope);
  return result.ok() ? "ok" : result.error().code;
}

TEST(HoldingAgency, StaffOfAnotherAgencyOrOfNoneAreRefused) {
  for (Action action : {Action::redisposition, Action::decline_authority, Action::follow_up}) {
    SCOPED_TRACE(std::string(to_string(action)));
    auto elsewhere = request_for(action, {Role::agency_admin, kOtherAgency});
    elsewhere.target_agency_id = "dinas-sosial-indramayu";
    EXPECT_EQ(refusal(held_case(Status::dispositioned), elsewhere), "workflow.not_holding_agency");
    auto nowhere = request_for(action, {Role::agency_admin, ""});
    EXPECT_EQ(refusal(held_case(Status::dispositioned), nowhere), "workflow.not_holding_agency");
  }
  // Portal admins route any case, whoever holds it.
  auto admin = request_for(Action::redisposition, {Role::regional_admin, ""});
  EXPECT_EQ(refusal(held_case(Status::dispositioned), admin), "ok");
}

TEST(HoldingAgency, TheActsForHookLetsAParentAgencyAct) {
  Scope scope;
  scope.acts_for = [](const Actor& actor, std::string_view agency) {
    return actor.agency_id == "pemkab-indramayu" && agency == kHolder;
  };
  auto parent = request_for(Action::follow_up, {Role::agency_admin, "pemkab-indramayu"});
  EXPECT_EQ(refusal(held_case(Status::dispositioned), parent, scope), "ok");
  EXPECT_EQ(refusal(held_case(Status::dispositioned), parent), "workflow.not_holding_agency");
}

// A report that arrived without its region or category is not verified until an admin completed
// it; everything else an admin may do to it (hold, reject) stays possible, and verify is not
// offered meanwhile.
TEST(PendingDetails, VerifyWaitsUntilNothingIsPending) {
  Case pending = held_case(Status::received);
  pending.details_pending = true;
  const Actor admin{Role::national_admin, ""};
  EXPECT_EQ(refusal(pending, request_for(Action::verify, admin)), "officer.details_pending");
  auto reject = request_for(Action::reject, admin);
  reject.note = "Bukan laporan layanan publik.";
  EXPECT_EQ(refusal(pending, reject), "ok");
  const auto offered = available_actions(pending, admin);
  EXPECT_EQ(std::count(offered.begin(), offered.end(), Action::verify), 0);
  EXPECT_EQ(std::count(offered.begin(), offered.end(), Action::reject), 1);
  pending.details_pending = false;
  EXPECT_EQ(refusal(pending, request_for(Action::verify, admin)), "ok");
}

TEST(Requirements, ReasonsMustBeGivenAndNotBlank) {
  for (auto [action, status] :
       {std::pair{Action::reject, Status::received}, std::pair{Action::hold, Status::received},
        std::pair{Action::decline_authority, Status::dispositioned}}) {
    SCOPED_TRACE(std::string(to_string(action)));
    auto request = request_for(action, {Role::liaison_officer, kHolder});
    if (action != Action::decline_authority) request.actor = {Role::national_admin, ""};
    request.note = "";
    EXPECT_EQ(refusal(held_case(status), request), "workflow.reason_required");
    request.note = " \t\n ";
    EXPECT_EQ(refusal(held_case(status), request), "workflow.reason_required");
  }
}

TEST(Requirements, FollowUpAnswerAndReplyNeedText) {
  for (auto [action, status, role] :
       {std::tuple{Action::follow_up, Status::dispositioned, Role::liaison_officer},
        std::tuple{Action::respond, Status::in_progress, Role::liaison_officer},
        std::tuple{Action::reporter_reply, Status::responded, Role::reporter}}) {
    SCOPED_TRACE(std::string(to_string(action)));
    auto request = request_for(action, {role, role == Role::reporter ? "" : kHolder});
    request.note = "  ";
    EXPECT_EQ(refusal(held_case(status), request), "workflow.text_required");
  }
}

TEST(Requirements, RoutingNeedsAnotherAgencyWithinScope) {
  auto route = request_for(Action::disposition, {Role::regional_admin, ""});
  route.target_agency_id = "";
  EXPECT_EQ(refusal(held_case(Status::verified), route), "workflow.target_agency_required");

  // The agency the citizen suggested holds a verified case; routing it there is the point.
  auto to_suggested = request_for(Action::disposition, {Role::national_admin, ""});
  to_suggested.target_agency_id = kHolder;
  EXPECT_EQ(refusal(held_case(Status::verified), to_suggested), "ok");

  auto again = request_for(Action::redisposition, {Role::agency_admin, kHolder});
  again.target_agency_id = kHolder;
  EXPECT_EQ(refusal(held_case(Status::in_progress), again), "workflow.same_agency");

  Scope scope;
  scope.may_route_to = [](const Actor&, std::string_view agency) {
    return agency.starts_with("dinas-pupr-");
  };
  again.target_agency_id = kOtherAgency;
  EXPECT_EQ(refusal(held_case(Status::in_progress), again, scope), "workflow.target_out_of_scope");
  again.target_agency_id = "dinas-pupr-indramayu-uptd-jalan";
  EXPECT_EQ(refusal(held_case(Status::in_progress), again, scope), "ok");
}

TEST(Requirements, RatingIsOneToFiveAndGivenOnce) {
  auto rate = request_for(Action::rate, {Role::reporter, ""});
  for (int bad : {0, 6, -1, 100}) {
    rate.rating = bad;
    EXPECT_EQ(refusal(held_case(Status::completed), rate), "workflow.bad_rating") << bad;
  }
  for (int good : {1, 5}) {
    rate.rating = good;
    EXPECT_EQ(refusal(held_case(Status::completed), rate), "ok") << good;
  }
  rate.note = "";  // the comment is optional
  EXPECT_EQ(refusal(held_case(Status::completed), rate), "ok");
  Case rated = held_case(Status::completed);
  rated.rating = 3;
  EXPECT_EQ(refusal(rated, rate), "workflow.already_rated");
}

TEST(Requirements, EscalationIsMarkedOnce) {
  Case c = held_case(Status::in_progress);
  auto escalate = request_for(Action::escalate_to_ombudsman, {Role::system, ""});
  ASSERT_TRUE(apply(c, escalate).ok());
  EXPECT_TRUE(c.escalated_to_ombudsman);
  EXPECT_EQ(c.status, Status::in_progress);
  EXPECT_EQ(refusal(c, escalate), "workflow.already_escalated");
}

TEST(Requirements, OverdueEscalationGoesOnceToTheParentUntilTheCaseIsRoutedAgain) {
  Case c = held_case(Status::dispositioned);
  auto escalate = request_for(Action::escalate_overdue, {Role::system, ""});
  escalate.target_agency_id = "kab-32.12";
  // Escalating is not routing: a routing scope that refuses everything does not stop it.
  Scope nowhere;
  nowhere.may_route_to = [](const Actor&, std::string_view) { return false; };
  ASSERT_TRUE(apply(c, escalate, nowhere).ok());
  EXPECT_EQ(c.status, Status::dispositioned);
  EXPECT_EQ(c.holding_agency_id, kHolder);
  EXPECT_EQ(c.escalated_to_agency_id, "kab-32.12");
  EXPECT_EQ(refusal(c, escalate), "workflow.already_escalated");

  auto reroute = request_for(Action::redisposition, {Role::national_admin, ""});
  reroute.target_agency_id = kOtherAgency;
  ASSERT_TRUE(apply(c, reroute).ok());
  EXPECT_EQ(c.escalated_to_agency_id, "");
  EXPECT_TRUE(decide(c, escalate).ok());

  auto no_target = request_for(Action::escalate_overdue, {Role::system, ""});
  no_target.target_agency_id.clear();
  EXPECT_EQ(decide(held_case(Status::dispositioned), no_target).error().code,
            "workflow.target_agency_required");
}

TEST(Needs, TellsTheConsoleWhichFieldToShow) {
  EXPECT_EQ(needs(Action::verify), Needs::nothing);
  EXPECT_EQ(needs(Action::reject), Needs::reason);
  EXPECT_EQ(needs(Action::decline_authority), Needs::reason);
  EXPECT_EQ(needs(Action::respond), Needs::text);
  EXPECT_EQ(needs(Action::redisposition), Needs::target_agency);
  EXPECT_EQ(needs(Action::rate), Needs::rating);
}

TEST(AvailableActions, ListsOnlyWhatWouldSucceedInTableOrder) {
  using V = std::vector<Action>;
  Actor national{Role::national_admin, ""};
  Actor liaison{Role::liaison_officer, kHolder};
  Actor outsider{Role::liaison_officer, kOtherAgency};
  Actor agency_admin{Role::agency_admin, kHolder};
  Actor reporter{Role::reporter, ""};
  Actor system{Role::system, ""};

  EXPECT_EQ(available_actions(held_case(Status::received), national),
            (V{Action::verify, Action::reject, Action::hold}));
  EXPECT_EQ(available_actions(held_case(Status::on_hold), national),
            (V{Action::verify, Action::reject, Action::resume}));
  EXPECT_EQ(available_actions(held_case(Status::verified), national),
            (V{Action::reject, Action::disposition}));
  EXPECT_EQ(available_actions(held_case(Status::dispositioned), liaison),
            (V{Action::decline_authority, Action::follow_up}));
  EXPECT_EQ(available_actions(held_case(Status::in_progress), agency_admin),
            (V{Action::redisposition, Action::decline_authority, Action::respond}));
  EXPECT_TRUE(available_actions(held_case(Status::in_progress), outsider).empty());
  EXPECT_EQ(available_actions(held_case(Status::responded), reporter),
            (V{Action::reporter_reply, Action::complete}));
  EXPECT_EQ(available_actions(held_case(Status::responded), system),
            (V{Action::complete, Action::escalate_to_ombudsman}));
  EXPECT_EQ(available_actions(held_case(Status::completed), reporter), (V{Action::rate}));
  EXPECT_EQ(available_actions(held_case(Status::completed), system), (V{Action::archive}));
  Case rated = held_case(Status::completed);
  rated.rating = 4;
  EXPECT_TRUE(available_actions(rated, reporter).empty());
  EXPECT_TRUE(available_actions(held_case(Status::received), reporter).empty());
}

TEST(AvailableActions, AgreesWithDecideForEveryStatusAndRole) {
  for (Status status : kAllStatuses) {
    for (Role role : kAllRoles) {
      Actor actor{role, is_agency_staff(role) ? kHolder : ""};
      std::set<Action> listed;
      for (Action action : available_actions(held_case(status), actor)) listed.insert(action);
      for (Action action : kAllActions) {
        bool ok = decide(held_case(status), request_for(action, actor)).ok();
        EXPECT_EQ(listed.count(action) != 0, ok)
            << to_string(status) << " " << to_string(role) << " " << to_string(action);
      }
    }
  }
}

}  // namespace
}  // namespace aduan::workflow
