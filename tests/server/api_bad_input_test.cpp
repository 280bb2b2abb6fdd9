// Bad input gets a 4xx with a clear JSON error, nothing is partially stored, and the server
// keeps serving: oversized bodies, malformed and truncated payloads, unsupported protocol
// versions, missing or wrong credentials, and too many requests from a device or an address.
#include <gtest/gtest.h>

#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {

std::string error_code(const httplib::Result& result) {
  if (!result) return "<no answer>";
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json") << result->body;
  auto at = result->body.find("\"code\":\"");
  if (at == std::string::npos) return "<no code>";
  at += 8;
  return result->body.substr(at, result->body.find('"', at) - at);
}

class ApiBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
  }
  void expect_nothing_stored_and_still_serving() {
    auto metrics = server_.client().Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("aduan_reports_stored 0"), std::string::npos);
    auto health = server_.client().Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
  ServerProcess server_{server_args({"--max-body-bytes", "65536"})};
  TestDevice device_{server_};
};

TEST_F(ApiBadInput, BodyOverTheLimit) {
  std::vector<domain::Report> many;
  for (int i = 0; i < 200; ++i) many.push_back(valid_report(100 + i));
  auto result = device_.post("/api/v1/reports:push", wire_body(wire::PushBatchRequest{device_.device_id, many}));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(error_code(result), "request.too_large");
  expect_nothing_stored_and_still_serving();
}

TEST_F(ApiBadInput, MalformedAndTruncatedPayloads) {
  EXPECT_EQ(error_code(device_.post("/api/v1/reports:push", "hello")), "wire.bad_magic");
  auto body = wire_body(wire::PushBatchRequest{device_.device_id, {valid_report(1), valid_report(2)}});
  for (std::size_t cut : {std::size_t{5}, body.size() / 2, body.size() - 1}) {
    auto result = device_.post("/api/v1/reports:push", body.substr(0, cut));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400);
    EXPECT_EQ(error_code(result), "wire.truncated") << "cut at " << cut;
  }
  auto wrong_type = device_.post("/api/v1/reports:push", wire_body(wire::PullEventsRequest{0, 10}));
  EXPECT_EQ(error_code(wrong_type), "wire.wrong_type");
  expect_nothing_stored_and_still_serving();
}

TEST_F(ApiBadInput, UnsupportedProtocolVersions) {
  auto body = wire_body(wire::PushBatchRequest{device_.device_id, {valid_report(1)}});
  body[4] = static_cast<char>(wire::kProtocolVersion + 1);  // the version follows the 4-byte magic
  auto newer = device_.post("/api/v1/reports:push", body);
  ASSERT_TRUE(newer);
  EXPECT_EQ(newer->status, 400);
  EXPECT_EQ(error_code(newer), "wire.newer_version");
  body[4] = 0;
  EXPECT_EQ(error_code(device_.post("/api/v1/reports:push", body)), "wire.unsupported_version");
  expect_nothing_stored_and_still_serving();
}

TEST_F(ApiBadInput, MissingOrWrongCredentials) {
  auto body = wire_body(wire::PushBatchRequest{"", {valid_report(1)}});
  auto client = server_.client();
  auto anonymous = client.Post("/api/v1/reports:push", body, "application/vnd.aduan.wire");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(error_code(anonymous), "auth.missing");
  auto wrong = client.Post("/api/v1/reports:push",
                           {{"X-Aduan-Device", device_.device_id}, {"X-Aduan-Secret", "00ff"}}, body,
                           "application/vnd.aduan.wire");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(error_code(wrong), "auth.unknown_device");
  auto other_device = client.Post("/api/v1/reports:push",
                                  {{"X-Aduan-Device", std::string(32, 'a')}, {"X-Aduan-Secret", device_.secret}},
                                  body, "application/vnd.aduan.wire");
  ASSERT_TRUE(other_device);
  EXPECT_EQ(other_device->status, 401);
  auto officer = client.Post("/api/v1/officer/reports", wire_body(wire::OfficerReportsRequest{}),
                             "application/vnd.aduan.wire");
  ASSERT_TRUE(officer);
  EXPECT_EQ(officer->status, 401);
  EXPECT_EQ(error_code(officer), "officer.no_session");
  expect_nothing_stored_and_still_serving();
}

TEST(ApiRateLimits, TooManyRequestsFromOneDeviceOrOneAddress) {
  ServerProcess server(server_args({"--device-rate", "1", "--address-rate", "3"}));
  ASSERT_TRUE(server.started()) << server.output();
  TestDevice device(server);
  ASSERT_TRUE(device.register_device());
  // A device may burst 15 requests at 1/s; the 16th in the same second is refused. On a busy
  // machine the bucket refills while the requests go out, so the loop sends until the refusal
  // comes, up to four times the burst: only a limiter that never refuses reaches the end.
  int device_requests = 0;
  int refused_device = 0;
  while (refused_device == 0 && device_requests < 60) {
    ++device_requests;
    auto result = device.post("/api/v1/events:pull", wire_body(wire::PullEventsRequest{0, 10}));
    ASSERT_TRUE(result);
    if (result->status == 429) {
      ++refused_device;
      EXPECT_EQ(error_code(result), "rate.limited");
      EXPECT_FALSE(result->get_header_value("Retry-After").empty());
    }
  }
  EXPECT_EQ(refused_device, 1);
  EXPECT_GE(device_requests, 16) << "the burst of 15 was served first";
  // The address allows 18 at once (3/s, 6 s of burst): far more than one phone needs, and the
  // answer is the same clear 429 once it is spent.
  int address_requests = 0;
  int refused_address = 0;
  while (refused_address == 0 && address_requests < 90) {
    ++address_requests;
    auto result = server.client().Get("/api/v1/catalog");
    ASSERT_TRUE(result);
    if (result->status == 429) ++refused_address;
  }
  EXPECT_EQ(refused_address, 1);
  auto health = server.client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << "the server keeps serving";
}

}  // namespace
}  // namespace aduan::testing
