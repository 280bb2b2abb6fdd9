// shell/server/client_address.h: the client address of an HTTP request, found once.
//
// The pre-routing handler (http_app.cpp) resolves the client from the peer and its
// X-Forwarded-For (network_address.h, --trusted-proxies) and records it on the request under
// an internal header, after dropping any header of that name the client sent; routes read it
// back. Does not own the parsing (network_address.h) or the limits (rate_limiter.h).
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "shell/server/network_address.h"

namespace aduan::server {

void record_client_address(httplib::Request& request, const AddressList& trusted_proxies);

// The recorded client; before recording (or for a peer that is no address) the peer itself.
std::optional<IpAddress> client_ip(const httplib::Request& request);

// The per-address limits' key of the client (rate_limit_key: an IPv4 address or an IPv6 /64).
std::string request_address(const httplib::Request& request);

}  // namespace aduan::server
