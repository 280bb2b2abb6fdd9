// The client address against the real server: what a client writes in X-Forwarded-For does
// not choose its rate-limit bucket, and /metrics answers only the operator's addresses.
// The test connects from 127.0.0.1, the default trusted proxy, so it plays the proxy: the
// right-most X-Forwarded-For entry is what nginx appended, the rest is what the client wrote.
#include <gtest/gtest.h>

#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {

int refused_of(const ServerProcess& server, int requests,
               const std::function<std::string(int)>& forwarded_for) {
  int refused = 0;
  auto client = server.client();
  for (int i = 0; i < requests; ++i) {
    auto result = client.Get("/api/v1/catalog", {{"X-Forwarded-For", forwarded_for(i)}});
    EXPECT_TRUE(result);
    if (result && result->status == 429) ++refused;
  }
  (void)server.output();
  return refused;
}

TEST(ClientAddress, ASpoofedLeftMostEntryFromATrustedProxyIsStillLimited) {
  // 1 request/s and a burst of 6 per address.
  ServerProcess server(server_args({"--address-rate", "1"}));
  ASSERT_TRUE(server.started()) << server.output();
  // The attacker writes a new address each time; the proxy appends the real one.
  EXPECT_GE(
      refused_of(server, 16, [](int i) { return "10.9.8." + std::to_string(i) + ", 203.0.113.9"; }),
      5);
  // Someone else behind the same proxy has a bucket of their own.
  EXPECT_EQ(refused_of(server, 3, [](int) { return "198.51.100.7"; }), 0);
  // A whole IPv6 /64 is one client.
  EXPECT_GE(refused_of(server, 16, [](int i) { return "2001:db8:5:6::" + std::to_string(i + 1); }),
            5);
}

TEST(ClientAddress, ForwardedForFromAnUntrustedPeerIsIgnored) {
  ServerProcess server(server_args({"--address-rate", "1", "--trusted-proxies", "192.0.2.0/24"}));
  ASSERT_TRUE(server.started()) << server.output();
  // 127.0.0.1 is not a trusted proxy now: every request is 127.0.0.1's, whatever it claims.
  EXPECT_GE(refused_of(server, 16, [](int i) { return "203.0.113." + std::to_string(i); }), 5);
}

TEST(ClientAddress, MetricsAnswerOnlyTheOperatorsAddresses) {
  ServerProcess server(server_args());
  ASSERT_TRUE(server.started()) << server.output();
  auto client = server.client();
  auto local = client.Get("/metrics");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 200) << "a scraper on the server's own host";
  EXPECT_NE(local->body.find("aduan_http_requests_total"), std::string::npos);
  // Through the proxy the peer is 127.0.0.1 too, but the client is on the internet.
  auto remote = client.Get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}});
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->status, 403);
  EXPECT_EQ(remote->body.find("aduan_"), std::string::npos);
  auto spoofed = client.Get("/metrics", {{"X-Forwarded-For", "127.0.0.1, 203.0.113.9"}});
  ASSERT_TRUE(spoofed);
  EXPECT_EQ(spoofed->status, 403);
  // --metrics-allow names the monitoring network.
  ServerProcess monitored(server_args({"--metrics-allow", "192.0.2.0/24"}));
  ASSERT_TRUE(monitored.started()) << monitored.output();
  auto scraper = monitored.client().Get("/metrics", {{"X-Forwarded-For", "192.0.2.10"}});
  ASSERT_TRUE(scraper);
  EXPECT_EQ(scraper->status, 200);
  auto own_host = monitored.client().Get("/metrics");
  ASSERT_TRUE(own_host);
  EXPECT_EQ(own_host->status, 403);
}

}  // namespace
}  // namespace aduan::testing
