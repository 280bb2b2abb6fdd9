// shell/server/network_address.h: who is asking, as the rate limits and /metrics see it.
//
// Owns parsing IPv4 and IPv6 addresses and CIDR lists (--trusted-proxies, --metrics-allow),
// and finding the client behind a chain of proxies: X-Forwarded-For is read from the right,
// skipping the hops we trust, and the first address we do not trust is the client. Everything
// to the left of it was written by the client and is ignored. Does not own HTTP or limits.
//
// IPv6 clients are keyed by their /64 for rate limits: a phone network hands each phone a /64,
// so keying by the full address would let one phone be a billion "addresses".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/result.h"

namespace aduan::server {

struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4
  bool is_v4 = true;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// "203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7" (an IPv4-mapped address is IPv4).
std::optional<IpAddress> parse_ip(std::string_view text);
std::string to_string(const IpAddress& address);
// The key the per-address limits use: the IPv4 address, or the IPv6 /64 ("2001:db8:1:2::/64").
std::string rate_limit_key(const IpAddress& address);

// A list of networks, e.g. "127.0.0.0/8, ::1" (a bare address is a /32 or /128).
class AddressList {
 public:
  static Result<AddressList> parse(std::string_view text);
  bool contains(const IpAddress& address) const;
  const std::string& text() const { return text_; }

 private:
  struct Network {
    IpAddress base;
    int prefix_bits = 0;
  };
  std::vector<Network> networks_;
  std::string text_;
};

// The loopback networks, the default of both lists.
inline constexpr std::string_view kLoopbackNetworks = "127.0.0.0/8,::1/128";

// The client of a request that came from `peer` with this X-Forwarded-For value (empty when
// absent). nullopt only when the peer itself is not an address.
std::optional<IpAddress> client_address(std::string_view peer, std::string_view forwarded_for,
                                        const AddressList& trusted_proxies);

}  // namespace aduan::server
