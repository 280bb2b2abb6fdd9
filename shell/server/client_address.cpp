// shell/server/client_address.cpp: see client_address.h.
#include "shell/server/client_address.h"

namespace aduan::server {
namespace {

// Never taken from the client: record_client_address erases what a client sent under it.
constexpr const char* kClientHeader = "X-Aduan-Internal-Client";

std::string forwarded_for(const httplib::Request& request) {
  // Several X-Forwarded-For headers are one list, in order (RFC 9110, 5.3).
  std::string joined;
  const std::size_t count = request.get_header_value_count("X-Forwarded-For");
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) joined += ',';
    joined += request.get_header_value("X-Forwarded-For", i);
  }
  return joined;
}

}  // namespace

void record_client_address(httplib::Request& request, const AddressList& trusted_proxies) {
  request.headers.erase(kClientHeader);
  auto client = client_address(request.remote_addr, forwarded_for(request), trusted_proxies);
  if (client) request.set_header(kClientHeader, to_string(*client));
}

std::optional<IpAddress> client_ip(const httplib::Request& request) {
  if (request.has_header(kClientHeader)) return parse_ip(request.get_header_value(kClientHeader));
  return parse_ip(request.remote_addr);
}

std::string request_address(const httplib::Request& request) {
  auto client = client_ip(request);
  return client ? rate_limit_key(*client) : request.remote_addr;
}

}  // namespace aduan::server
