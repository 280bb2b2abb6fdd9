// Kiosks over real HTTP: an agency admin binds the device in front of them to an office, the
// server attributes that office and the `kiosk` channel to every report the device pushes
// (whatever the report says), no other device can claim either, and a revoked kiosk is refused.
#include <gtest/gtest.h>

#include "tests/server/api_client.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

constexpr const char* kOffice = "Mal Pelayanan Publik Indramayu";

class ApiKiosk : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(kiosk_.register_device());
    admin_ = add_officer(server_, "admin.dinkes", "agency_admin", "kab-32.12-dinkes");
    national_ = add_officer(server_, "admin.nasional", "national_admin");
  }

  httplib::Result bind(TestDevice& device, const std::string& session, const std::string& office) {
    return bind_kiosk(server_, device, session, office);
  }

  // The officer's view of a report, as JSON text.
  std::string detail(const domain::ReportId& id) {
    auto answer = server_.client().Get("/api/v1/officer/reports/" + id.to_string(),
                                       {{"X-Aduan-Session", national_}});
    EXPECT_TRUE(answer);
    if (!answer) return "";
    EXPECT_EQ(answer->status, 200) << answer->body;
    return answer->body;
  }

  ServerProcess server_{server_args()};
  TestDevice kiosk_{server_};
  std::string admin_, national_;
};

TEST_F(ApiKiosk, TheOfficeComesFromTheBindingNotFromTheReport) {
  auto bound = bind(kiosk_, admin_, kOffice);
  ASSERT_TRUE(bound);
  ASSERT_EQ(bound->status, 201) << bound->body;
  EXPECT_NE(bound->body.find("\"agency_id\":\"kab-32.12-dinkes\""), std::string::npos) << bound->body;

  // The report says it came from the web: the server knows better.
  auto report = valid_report(41);
  report.channel = domain::Channel::web;
  auto pushed = kiosk_.push({report});
  ASSERT_TRUE(pushed);
  ASSERT_EQ(pushed->verdicts.at(0).kind, wire::VerdictKind::stored);
  const std::string body = detail(report.id);
  EXPECT_NE(body.find("\"channel\":\"kiosk\""), std::string::npos) << body;
  EXPECT_NE(body.find(std::string("\"office\":{\"name\":\"") + kOffice), std::string::npos) << body;

  auto own = server_.client().Get("/api/v1/kiosk", kiosk_.headers());
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
  EXPECT_NE(own->body.find(kOffice), std::string::npos);
}

TEST_F(ApiKiosk, ADeviceThatIsNoKioskCannotClaimAnOffice) {
  TestDevice phone(server_);
  ASSERT_TRUE(phone.register_device());
  auto report = valid_report(42);
  report.channel = domain::Channel::kiosk;
  auto pushed = phone.push({report});
  ASSERT_TRUE(pushed);
  ASSERT_EQ(pushed->verdicts.at(0).kind, wire::VerdictKind::stored);
  const std::string body = detail(report.id);
  EXPECT_NE(body.find("\"channel\":\"web\""), std::string::npos) << body;
  EXPECT_NE(body.find("\"office\":null"), std::string::npos) << body;
  auto own = server_.client().Get("/api/v1/kiosk", phone.headers());
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 404);
}

TEST_F(ApiKiosk, OnlyAnAgencyAdminBindsAndOnlyTheDeviceItself) {
  auto liaison = add_officer(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes");
  auto refused = bind(kiosk_, liaison, kOffice);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << refused->body;
  EXPECT_EQ(bind(kiosk_, national_, kOffice)->status, 403);
  EXPECT_EQ(bind(kiosk_, "not-a-session", kOffice)->status, 401);

  TestDevice stranger(server_);
  stranger.device_id = kiosk_.device_id;
  stranger.secret = std::string(64, '0');  // knows the id, not the secret
  EXPECT_EQ(bind(stranger, admin_, kOffice)->status, 401);

  EXPECT_EQ(bind(kiosk_, admin_, "")->status, 400);
  EXPECT_EQ(bind(kiosk_, admin_, "two\nlines")->status, 400);
  ASSERT_EQ(bind(kiosk_, admin_, kOffice)->status, 201);
  auto again = bind(kiosk_, admin_, "Kantor lain");
  EXPECT_EQ(again->status, 409) << "a binding is final: " << again->body;
}

TEST_F(ApiKiosk, ARevokedKioskIsRefusedAndItsPastReportsKeepTheirOffice) {
  auto bound = bind(kiosk_, admin_, kOffice);
  ASSERT_EQ(bound->status, 201);
  EXPECT_EQ(bound->body.find(kiosk_.device_id), std::string::npos) << "no device id to an officer";
  const auto at = bound->body.find("\"kiosk_id\":\"") + 12;
  const std::string kiosk_id = bound->body.substr(at, bound->body.find('"', at) - at);
  ASSERT_TRUE(kiosk_id.starts_with("kiosk-")) << bound->body;
  auto before = valid_report(43);
  ASSERT_EQ(kiosk_.push({before})->verdicts.at(0).kind, wire::VerdictKind::stored);

  auto other_admin = add_officer(server_, "admin.pupr", "agency_admin", "kab-32.12-pupr");
  const std::string path = "/api/v1/officer/kiosks/" + kiosk_id + "/revoke";
  auto foreign = server_.client().Post(path, {{"X-Aduan-Session", other_admin}}, "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403) << "another agency's admin may not revoke it";
  auto revoked = server_.client().Post(path, {{"X-Aduan-Session", admin_}}, "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->status, 200) << revoked->body;

  auto refused = kiosk_.post("/api/v1/reports:push",
                             wire_body(wire::PushBatchRequest{kiosk_.device_id, {valid_report(44)}}));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_NE(refused->body.find("kiosk.revoked"), std::string::npos) << refused->body;
  auto pull = kiosk_.post("/api/v1/events:pull", wire_body(wire::PullEventsRequest{0, 100}));
  ASSERT_TRUE(pull);
  EXPECT_EQ(pull->status, 403);
  EXPECT_EQ(server_.client().Get("/api/v1/kiosk", kiosk_.headers())->status, 403);
  EXPECT_NE(detail(before.id).find(kOffice), std::string::npos) << "the office of a past report stays";

  auto audit = server_.client().Get("/api/v1/officer/audit", {{"X-Aduan-Session", national_}});
  ASSERT_TRUE(audit);
  EXPECT_NE(audit->body.find("kiosk.bind"), std::string::npos);
  EXPECT_NE(audit->body.find("kiosk.revoke"), std::string::npos);
  EXPECT_EQ(audit->body.find(kiosk_.device_id), std::string::npos) << "no device id in the audit log";
}

}  // namespace
}  // namespace aduan::testing
