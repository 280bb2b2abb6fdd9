// Officers over real HTTP: accounts made with `aduan-server officer-add`, Argon2id passwords,
// sessions, login throttling, moving a report along the status flow, the device pulling the
// change, and two officers acting at once.
#include <gtest/gtest.h>

#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {

class ApiOfficer : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
    report_ = valid_report(21);
    report_.anonymous = true;
    report_.contact = domain::ReporterContact{"Budi", "081298765432", ""};
    ASSERT_TRUE(device_.push({report_}));
    admin_ = add_officer(server_, "admin.nasional", "national_admin");
    ASSERT_FALSE(admin_.empty());
  }
  ServerProcess server_{server_args()};
  TestDevice device_{server_};
  domain::Report report_;
  std::string admin_;
};

TEST_F(ApiOfficer, StatusChangesReachTheDeviceThroughPull) {
  auto verified = officer_act(server_, admin_, report_.id, "verify");
  ASSERT_TRUE(verified);
  ASSERT_EQ(verified->status, 200) << verified->body;
  auto routed = officer_act(server_, admin_, report_.id, "disposition", "", "kab-32.12-dinkes");
  ASSERT_TRUE(routed);
  ASSERT_EQ(routed->status, 200) << routed->body;
  auto answer = wire_answer<wire::OfficerActionResponse>(routed);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, "dispositioned");
  EXPECT_EQ(answer->agency_id, "kab-32.12-dinkes");

  auto pulled = device_.pull(0);
  ASSERT_TRUE(pulled);
  ASSERT_EQ(pulled->events.size(), 3u);
  EXPECT_EQ(pulled->events[1].status, "verified");
  EXPECT_EQ(pulled->events[2].status, "dispositioned");
  EXPECT_EQ(pulled->events[2].agency_id, "kab-32.12-dinkes");

  auto track = server_.client().Get("/api/v1/track/" + report_.tracking_code);
  ASSERT_TRUE(track);
  EXPECT_NE(track->body.find("\"status\":\"dispositioned\""), std::string::npos);
}

TEST_F(ApiOfficer, TheWorkflowRefusesAnInvalidTransitionWithItsCode) {
  auto respond_too_early = officer_act(server_, admin_, report_.id, "respond", "Sudah diperbaiki.");
  ASSERT_TRUE(respond_too_early);
  EXPECT_EQ(respond_too_early->status, 409);
  EXPECT_NE(respond_too_early->body.find("workflow."), std::string::npos) << respond_too_early->body;
  auto reject_without_reason = officer_act(server_, admin_, report_.id, "reject");
  ASSERT_TRUE(reject_without_reason);
  EXPECT_EQ(reject_without_reason->status, 409);
  EXPECT_NE(reject_without_reason->body.find("workflow.reason_required"), std::string::npos);
}

TEST_F(ApiOfficer, TheFirstOfTwoOfficersWinsAndTheSecondSeesWhy) {
  auto first = officer_act(server_, admin_, report_.id, "verify", "", "", "received");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  auto second = officer_act(server_, admin_, report_.id, "hold", "menunggu data", "", "received");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409);
  EXPECT_NE(second->body.find("officer.stale"), std::string::npos);
  EXPECT_NE(second->body.find("verified"), std::string::npos) << "says what the report is now";
}

TEST_F(ApiOfficer, AgencyStaffSeeTheirAgencysReportsWithoutAnAnonymousReportersContact) {
  ASSERT_EQ(officer_act(server_, admin_, report_.id, "verify")->status, 200);
  ASSERT_EQ(officer_act(server_, admin_, report_.id, "disposition", "", "kab-32.12-dinkes")->status, 200);
  auto liaison = add_officer(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes");
  auto other = add_officer(server_, "petugas.pupr", "liaison_officer", "kab-32.12-pupr");
  auto list = [&](const std::string& session) {
    auto client = server_.client();
    return wire_answer<wire::OfficerReportsResponse>(
        client.Post("/api/v1/officer/reports", {{"X-Aduan-Session", session}},
                    wire_body(wire::OfficerReportsRequest{}), "application/vnd.aduan.wire"));
  };
  auto mine = list(liaison);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->reports.size(), 1u);
  EXPECT_FALSE(mine->reports[0].report.contact.has_value()) << "anonymous: identity hidden";
  auto theirs = list(other);
  ASSERT_TRUE(theirs);
  EXPECT_TRUE(theirs->reports.empty());
  auto refused = officer_act(server_, other, report_.id, "follow_up", "Kami tinjau.");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto followed = officer_act(server_, liaison, report_.id, "follow_up", "Kami tinjau besok.");
  ASSERT_TRUE(followed);
  EXPECT_EQ(followed->status, 200) << followed->body;
}

TEST_F(ApiOfficer, WrongPasswordsAreThrottledAndSessionsEnd) {
  auto client = server_.client();
  int refused = 0, throttled = 0;
  for (int i = 0; i < 8; ++i) {
    auto result = client.Post("/api/v1/officer/login",
                              wire_body(wire::OfficerLoginRequest{"admin.nasional", "salah-sandi-" + std::to_string(i)}),
                              "application/vnd.aduan.wire");
    ASSERT_TRUE(result);
    if (result->status == 401) ++refused;
    if (result->status == 429) ++throttled;
  }
  EXPECT_GE(refused, 3);
  EXPECT_GE(throttled, 1) << "a guesser is slowed down";
  auto logout = client.Post("/api/v1/officer/logout", {{"X-Aduan-Session", admin_}}, "", "text/plain");
  ASSERT_TRUE(logout);
  auto after = officer_act(server_, admin_, report_.id, "verify");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

}  // namespace
}  // namespace aduan::testing
