// Who the client is: addresses, networks, and X-Forwarded-For read from the right
// (shell/server/network_address.h). Unit tests; client_address_test.cpp runs the real server.
#include "shell/server/network_address.h"

#include <gtest/gtest.h>

#include "shell/server/config.h"

namespace aduan::server {
namespace {

AddressList networks(const char* text) {
  return AddressList::parse(text).value();
}

std::string client(const char* peer, const char* forwarded,
                   const char* trusted = "127.0.0.0/8,::1") {
  auto found = client_address(peer, forwarded, networks(trusted));
  return found ? to_string(*found) : "none";
}

TEST(NetworkAddress, ParsesBothFamiliesAndEverySpellingIsOneKey) {
  EXPECT_EQ(to_string(parse_ip("203.0.113.7").value()), "203.0.113.7");
  EXPECT_EQ(to_string(parse_ip(" ::ffff:203.0.113.7 ").value()), "203.0.113.7")
      << "IPv4-mapped is IPv4";
  EXPECT_EQ(to_string(parse_ip("2001:DB8:0:0::1").value()), "2001:db8::1");
  EXPECT_EQ(to_string(parse_ip("[2001:db8::1]:443").value()), "2001:db8::1");
  EXPECT_EQ(to_string(parse_ip("203.0.113.7:8080").value()), "203.0.113.7");
  for (const char* bad :
       {"", "unknown", "300.1.1.1", "1.2.3", "2001:db8::1::2", "1.2.3.4, 5.6.7.8"})
    EXPECT_FALSE(parse_ip(bad)) << bad;
}

TEST(NetworkAddress, Ipv6ClientsAreLimitedByTheirSlash64) {
  EXPECT_EQ(rate_limit_key(parse_ip("2001:db8:1:2:aaaa::1").value()), "2001:db8:1:2::/64");
  EXPECT_EQ(rate_limit_key(parse_ip("2001:db8:1:2:bbbb::9").value()), "2001:db8:1:2::/64");
  EXPECT_EQ(rate_limit_key(parse_ip("203.0.113.7").value()), "203.0.113.7");
}

TEST(NetworkAddress, ListsOfNetworks) {
  auto list = networks("10.0.0.0/8, 192.168.1.7 ,2001:db8::/32");
  EXPECT_TRUE(list.contains(parse_ip("10.200.3.4").value()));
  EXPECT_FALSE(list.contains(parse_ip("11.0.0.1").value()));
  EXPECT_TRUE(list.contains(parse_ip("192.168.1.7").value()));
  EXPECT_FALSE(list.contains(parse_ip("192.168.1.8").value()));
  EXPECT_TRUE(list.contains(parse_ip("2001:db8:ffff::1").value()));
  EXPECT_FALSE(list.contains(parse_ip("2001:db9::1").value()));
  EXPECT_FALSE(networks("").contains(parse_ip("127.0.0.1").value())) << "empty: nobody";
  EXPECT_TRUE(networks("0.0.0.0/0").contains(parse_ip("8.8.8.8").value()));
  for (const char* bad :
       {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8x", "example.org", "::1/129", "[::1]/128"})
    EXPECT_FALSE(AddressList::parse(bad)) << bad;
}

TEST(NetworkAddress, ForwardedForIsReadFromTheRightSkippingTrustedHops) {
  // No proxy: the peer, whatever the client wrote.
  EXPECT_EQ(client("198.51.100.4", "1.1.1.1"), "198.51.100.4");
  // The proxy appended the real address after what the client wrote: the spoof is ignored.
  EXPECT_EQ(client("127.0.0.1", "1.1.1.1, 203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(client("127.0.0.1", "203.0.113.9"), "203.0.113.9");
  // Two trusted proxies in a row (a load balancer, then nginx).
  EXPECT_EQ(client("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.5", "127.0.0.1,10.0.0.0/8"),
            "203.0.113.9");
  // Garbage where a trusted proxy wrote: the last hop known is the client.
  EXPECT_EQ(client("127.0.0.1", "203.0.113.9, nonsense", "127.0.0.1"), "127.0.0.1");
  // Everything trusted: the left-most trusted hop (a request made on the proxy's own host).
  EXPECT_EQ(client("127.0.0.1", "127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(client("::1", "2001:db8::7"), "2001:db8::7");
  // A proxy we do not trust is a client like any other.
  EXPECT_EQ(client("127.0.0.1", "1.1.1.1", ""), "127.0.0.1");
  EXPECT_EQ(client("not-an-address", ""), "none");
}

TEST(NetworkAddress, ConfigurationFlagsAndDefaults) {
  std::vector<const char*> none;
  auto defaults = parse_config(0, none.data());
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults.value().trusted_proxies.text(), kLoopbackNetworks);
  EXPECT_TRUE(defaults.value().metrics_allow.contains(parse_ip("::1").value()));
  std::vector<const char*> args = {"--trusted-proxies", "10.1.0.0/16",
                                   "--metrics-allow=192.0.2.0/24"};
  auto set = parse_config(static_cast<int>(args.size()), args.data());
  ASSERT_TRUE(set);
  EXPECT_TRUE(set.value().trusted_proxies.contains(parse_ip("10.1.2.3").value()));
  EXPECT_FALSE(set.value().trusted_proxies.contains(parse_ip("127.0.0.1").value()));
  EXPECT_TRUE(set.value().metrics_allow.contains(parse_ip("192.0.2.9").value()));
  std::vector<const char*> bad = {"--trusted-proxies", "10.1.0.0/99"};
  EXPECT_EQ(parse_config(2, bad.data()).error().code, "config.bad_value");
  setenv("ADUAN_TRUSTED_PROXIES", "", 1);
  auto from_env = parse_config(0, none.data());
  unsetenv("ADUAN_TRUSTED_PROXIES");
  ASSERT_TRUE(from_env);
  EXPECT_FALSE(from_env.value().trusted_proxies.contains(parse_ip("127.0.0.1").value()));
}

}  // namespace
}  // namespace aduan::server
