// What anonymous requests may cost, against the real server: public statistics from a cache,
// tracking pages under the per-address limit, registrations limited per address, and a
// device's own limit spent only by requests that proved its secret.
#include <gtest/gtest.h>

#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

// The value of one metric line ("name value") in /metrics, or -1.
double metric(const ServerProcess& server, const std::string& name) {
  auto text = server.client().Get("/metrics");
  if (!text || text->status != 200) return -1;
  auto at = text->body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(text->body.substr(at + name.size() + 2));
}

TEST(PublicRoutes, TwoHundredStatisticsRequestsCostOneComputation) {
  ServerProcess server(server_args({"--stats-cache-seconds", "3600", "--scheduler-interval", "0"}));
  ASSERT_TRUE(server.started()) << server.output();
  TestDevice device(server);
  ASSERT_TRUE(device.register_device());
  ASSERT_TRUE(device.push({valid_report(7)}));
  auto client = server.client();
  std::string first;
  for (int i = 0; i < 200; ++i) {
    auto stats = client.Get(i % 2 ? "/api/v1/stats" : "/api/v1/stats.csv");
    ASSERT_TRUE(stats);
    ASSERT_EQ(stats->status, 200) << stats->body;
    if (i == 1) first = stats->body;
    if (i % 50 == 0) drain(server);
  }
  EXPECT_NE(first.find("\"total\":{\"received\":1,"), std::string::npos) << first;
  EXPECT_EQ(metric(server, "aduan_stats_snapshots_total"), 1);
  EXPECT_EQ(metric(server, "aduan_stats_computations_total"), 1)
      << "JSON and CSV share one computation";
  // Another period is computed from the same snapshot of the database.
  ASSERT_EQ(client.Get("/api/v1/stats?month=1")->status, 200);
  EXPECT_EQ(metric(server, "aduan_stats_snapshots_total"), 1);
  EXPECT_EQ(metric(server, "aduan_stats_computations_total"), 2);
}

TEST(PublicRoutes, WithoutTheCacheEveryRequestComputes) {
  ServerProcess server(server_args({"--stats-cache-seconds", "0"}));
  ASSERT_TRUE(server.started()) << server.output();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(server.client().Get("/api/v1/stats")->status, 200);
  EXPECT_EQ(metric(server, "aduan_stats_computations_total"), 3);
  auto ready = server.client().Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
}

TEST(PublicRoutes, TrackingPagesFilesAndOpenDataAreUnderThePerAddressLimitButProbesAreNot) {
  ServerProcess server(server_args({"--address-rate", "1"}));  // a burst of 6
  ASSERT_TRUE(server.started()) << server.output();
  auto client = server.client();
  int limited = 0;
  for (const char* path :
       {"/t/ABCD-EFGH-JKMN-P", "/t?code=ABCD", "/index.html", "/api/v1/open-data/reports"}) {
    for (int i = 0; i < 8; ++i) {
      auto result = client.Get(path);
      ASSERT_TRUE(result);
      if (result->status == 429) ++limited;
    }
  }
  EXPECT_GE(limited, 18);
  for (const char* probe : {"/healthz", "/readyz", "/metrics"}) {
    auto result = client.Get(probe);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << probe;
  }
}

// A citizen's action signed with the receipt pays the per-address limit once, as every request
// does before its route; paying it a second time in the route halved what one address could do.
TEST(PublicRoutes, AReportersActionIsCountedOnceByThePerAddressLimit) {
  ServerProcess server(server_args({"--address-rate", "1"}));  // a burst of 6
  ASSERT_TRUE(server.started()) << server.output();
  TestDevice phone(server);
  ASSERT_TRUE(phone.register_device());
  const domain::Report report = report_at(7001, "32.12", "kab-32.12-dinkes");
  ASSERT_TRUE(phone.push({report}));
  // Two requests so far; four actions make six, the burst. Counted twice they would make ten.
  for (int i = 0; i < 4; ++i) {
    auto answer = reporter_act(server, report, {"reporter_reply", "Jalannya masih rusak."});
    ASSERT_TRUE(answer);
    EXPECT_NE(answer->status, 429) << "action " << i << ": " << answer->body;
  }
}

TEST(PublicRoutes, RegistrationsAreLimitedPerAddress) {
  ServerProcess server(server_args({"--register-rate", "0.01"}));  // a burst of 3
  ASSERT_TRUE(server.started()) << server.output();
  auto client = server.client();
  auto register_from = [&](const std::string& address) {
    auto result = client.Post("/api/v1/devices:register", {{"X-Forwarded-For", address}},
                              wire_body(wire::RegisterDeviceRequest{}), kWireType);
    return result ? result->status : 0;
  };
  int refused = 0;
  for (int i = 0; i < 8; ++i)
    if (register_from("203.0.113.9") == 429) ++refused;
  EXPECT_GE(refused, 4);
  EXPECT_EQ(register_from("198.51.100.7"), 200) << "another address is not slowed";
}

TEST(PublicRoutes, KnowingADeviceIdDoesNotSpendThatDevicesRequests) {
  ServerProcess server(server_args({"--device-rate", "1"}));  // a burst of 15
  ASSERT_TRUE(server.started()) << server.output();
  TestDevice device(server);
  ASSERT_TRUE(device.register_device());
  auto client = server.client();
  for (int i = 0; i < 40; ++i) {
    auto wrong = client.Post("/api/v1/events:pull",
                             {{"X-Aduan-Device", device.device_id}, {"X-Aduan-Secret", "00ff"}},
                             wire_body(wire::PullEventsRequest{0, 10}), kWireType);
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
  }
  EXPECT_TRUE(device.pull(0).has_value()) << "the real device still has its burst";
}

}  // namespace
}  // namespace aduan::testing
