// shell/server/network_address.cpp: see network_address.h. inet_pton/inet_ntop do the
// parsing and printing, so every spelling of one address becomes one canonical key.
#include "shell/server/network_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace aduan::server {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "[2001:db8::1]:443" and "203.0.113.7:443" are written by some proxies; the port is not ours.
std::string_view without_port(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    return close == std::string_view::npos ? text : text.substr(1, close - 1);
  }
  auto colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos)
    return text.substr(0, colon);
  return text;
}

bool same_prefix(const IpAddress& a, const IpAddress& b, int bits) {
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
    if ((a.bytes[static_cast<std::size_t>(i)] & mask) !=
        (b.bytes[static_cast<std::size_t>(i)] & mask))
      return false;
  }
  return true;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  text = without_port(trim(text));
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string zero_terminated(text);
  IpAddress address;
  if (inet_pton(AF_INET, zero_terminated.c_str(), address.bytes.data()) == 1) return address;
  if (inet_pton(AF_INET6, zero_terminated.c_str(), address.bytes.data()) != 1) return std::nullopt;
  static constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0,    0,
                                                                 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), address.bytes.begin())) {
    std::copy(address.bytes.begin() + 12, address.bytes.end(), address.bytes.begin());
    std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
    return address;
  }
  address.is_v4 = false;
  return address;
}

std::string to_string(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.is_v4 ? AF_INET : AF_INET6, address.bytes.data(), text, sizeof text);
  return text;
}

std::string rate_limit_key(const IpAddress& address) {
  if (address.is_v4) return to_string(address);
  IpAddress network = address;
  std::fill(network.bytes.begin() + 8, network.bytes.end(), 0);
  return to_string(network) + "/64";
}

Result<AddressList> AddressList::parse(std::string_view text) {
  AddressList list;
  list.text_ = std::string(trim(text));
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = trim(text.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) continue;
    const std::size_t slash = item.find('/');
    auto base = parse_ip(item.substr(0, slash));
    if (!base || item.front() == '[')
      return Error{"config.bad_network",
                   "'" + std::string(item) + "' is not an address or network"};
    Network network{*base, base->is_v4 ? 32 : 128};
    if (slash != std::string_view::npos) {
      const std::string_view bits = item.substr(slash + 1);
      int value = -1;
      auto [end, error] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
      if (error != std::errc() || end != bits.data() + bits.size() || value < 0 ||
          value > network.prefix_bits)
        return Error{"config.bad_network", "'" + std::string(item) + "' has a bad prefix length"};
      network.prefix_bits = value;
    }
    list.networks_.push_back(network);
  }
  return list;
}

bool AddressList::contains(const IpAddress& address) const {
  return std::any_of(networks_.begin(), networks_.end(), [&](const Network& network) {
    return network.base.is_v4 == address.is_v4 &&
           same_prefix(network.base, address, network.prefix_bits);
  });
}

std::optional<IpAddress> client_address(std::string_view peer, std::string_view forwarded_for,
                                        const AddressList& trusted_proxies) {
  auto client = parse_ip(peer);
  if (!client) return std::nullopt;
  // Right to left: each trusted hop vouches for the address it appended, nothing further.
  std::size_t end = forwarded_for.size();
  while (trusted_proxies.contains(*client) && end > 0) {
    const std::size_t comma = forwarded_for.rfind(',', end - 1);
    const std::size_t start = comma == std::string_view::npos ? 0 : comma + 1;
    auto hop = parse_ip(forwarded_for.substr(start, end - start));
    // Garbage where a proxy should have written an address: the last hop we know is the client.
    if (!hop) break;
    client = hop;
    end = comma == std::string_view::npos ? 0 : comma;
  }
  return client;
}

}  // namespace aduan::server
