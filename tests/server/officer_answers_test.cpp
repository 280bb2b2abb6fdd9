// No officer can act as a citizen: a reporter's receipt secret, device id and device secret
// are in no answer an officer gets (wire or JSON, every officer route), and an officer who
// tries the reporter's route with what those answers hold is refused, end to end.
#include <gtest/gtest.h>

#include "core/domain/sha256.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

// `hex` as the wire codec packs it: raw bytes, two digits each.
std::string packed(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

class OfficerAnswers : public DeviceAndTwoOfficers {
 protected:
  void SetUp() override {
    DeviceAndTwoOfficers::SetUp();
    if (HasFatalFailure()) return;
    report_ = report_at(91, "32.12", "kab-32.12-dinkes");
    ASSERT_TRUE(device_.push({report_}));
    ASSERT_EQ(act(server_, national_, report_.id, {"verify"})->status, 200);
    ASSERT_EQ(act(server_, national_, report_.id, {"disposition", "", "kab-32.12-dinkes"})->status,
              200);
    ASSERT_EQ(act(server_, liaison_, report_.id, {"follow_up", "Kami tinjau."})->status, 200);
    ASSERT_EQ(act(server_, liaison_, report_.id, {"respond", "Sudah diperbaiki."})->status, 200);
  }

  // Every secret that would let its holder act as this report's citizen, as text and packed.
  std::vector<std::pair<std::string, std::string>> secrets() const {
    std::vector<std::pair<std::string, std::string>> all;
    for (const auto& [name, hex] :
         {std::pair<std::string, std::string>{"receipt secret", report_.receipt_secret},
          {"device id", device_.device_id},
          {"device secret", device_.secret},
          {"device secret's hash", domain::sha256_hex(device_.secret)}}) {
      all.emplace_back(name, hex);
      all.emplace_back(name + " (packed)", packed(hex));
    }
    return all;
  }

  domain::Report report_;
};

TEST_F(OfficerAnswers, NoOfficerAnswerCarriesTheReportersSecrets) {
  auto client = server_.client();
  std::vector<std::pair<std::string, httplib::Result>> answers;
  for (const auto& [who, session] :
       {std::pair<std::string, std::string>{"national", national_}, {"liaison", liaison_}}) {
    drain(server_);
    answers.emplace_back(who + " wire queue",
                         client.Post("/api/v1/officer/reports", {{"X-Aduan-Session", session}},
                                     wire_body(wire::OfficerReportsRequest{}), kWireType));
    answers.emplace_back(who + " wire queue, oldest version",
                         client.Post("/api/v1/officer/reports", {{"X-Aduan-Session", session}},
                                     wire_body(wire::OfficerReportsRequest{}, wire::kOldestSupportedVersion),
                                     kWireType));
    for (const char* path :
         {"/api/v1/officer/queue", "/api/v1/officer/audit", "/api/v1/officer/agencies",
          "/api/v1/officer/stats", "/api/v1/officer/stats?format=csv"})
      answers.emplace_back(who + " " + path, get_as(server_, session, path));
    answers.emplace_back(
        who + " detail",
        get_as(server_, session, "/api/v1/officer/reports/" + report_.id.to_string()));
  }
  answers.emplace_back("action", act(server_, national_, report_.id, {"hold", "menunggu data"}));
  answers.emplace_back(
      "login", client.Post("/api/v1/officer/login",
                           wire_body(wire::OfficerLoginRequest{"nasional", "kata-sandi-panjang"}),
                           kWireType));
  for (const auto& [what, answer] : answers) {
    ASSERT_TRUE(answer) << what;
    EXPECT_LT(answer->status, 500) << what;
    for (const auto& [name, secret] : secrets())
      EXPECT_EQ(answer->body.find(secret), std::string::npos) << what << " carries the " << name;
  }
  // The search can fail: the queue does carry the report, and its id is found in it.
  const auto& queue = answers.front().second;
  ASSERT_EQ(queue->status, 200);
  EXPECT_NE(queue->body.find(packed(report_.id.to_string())), std::string::npos);
}

TEST_F(OfficerAnswers, AnOfficerCannotCloseAndRateACaseAsTheCitizen) {
  // The officer takes everything the queue gives about the report, and tries the citizen's route.
  auto rows = wire_answer<wire::OfficerReportsResponse>(
      server_.client().Post("/api/v1/officer/reports", {{"X-Aduan-Session", liaison_}},
                            wire_body(wire::OfficerReportsRequest{}), kWireType));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->reports.size(), 1u);
  const domain::Report& seen = rows->reports[0].report;
  EXPECT_TRUE(seen.receipt_secret.empty());
  for (const std::string& guess : {seen.receipt_secret, std::string(32, '0')}) {
    domain::Report forged = seen;
    forged.receipt_secret = guess;
    for (const Act& attempt : {Act{"complete"}, Act{"rate", "", "", "", "", 5}}) {
      auto refused = reporter_act(server_, forged, attempt);
      ASSERT_TRUE(refused);
      EXPECT_TRUE(refused->status == 401 || refused->status == 404)
          << refused->status << " " << refused->body;
    }
  }
  auto detail = get_as(server_, national_, "/api/v1/officer/reports/" + report_.id.to_string());
  EXPECT_TRUE(contains(detail, "\"status\":\"responded\"")) << detail->body;
  // The route itself works: the citizen, with the receipt, closes and rates the case.
  EXPECT_EQ(reporter_act(server_, report_, {"complete"})->status, 200);
  EXPECT_EQ(reporter_act(server_, report_, {"rate", "", "", "", "", 5})->status, 200);
}

}  // namespace
}  // namespace aduan::testing
