// shell/server/api_devices.cpp: POST /api/v1/devices:register, and device authentication.
//
// A device is one installation of the portal. It registers once, gets an id and a secret, and
// proves itself with the secret on every push and pull. The server keeps only the secret's
// SHA-256: the secret is 256 random bits, so a slow password hash would add nothing.
#include <cstring>

#include "core/domain/sha256.h"
#include "core/sync/transport.h"
#include "shell/server/api_common.h"

namespace aduan::server {
namespace {

thread_local const char* current_route = "other";

bool same_text_constant_time(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace

void set_route_label(const char* pattern) { current_route = pattern; }
const char* route_label() { return current_route; }

store::ServerStore* store_or_503(ServerContext& context, httplib::Response& response) {
  auto* store = context.store();
  if (!store) send_error(response, 503, "store.unavailable", "the database cannot be opened; try again later");
  return store;
}

bool within_rate(RateLimiter& limiter, const std::string& key, ServerContext& context,
                 httplib::Response& response, const char* what) {
  std::int64_t retry_after_ms = 0;
  if (limiter.allow(key, context.now(), &retry_after_ms)) return true;
  response.set_header("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
  send_error(response, 429, "rate.limited", std::string("too many requests from this ") + what + "; slow down");
  return false;
}

std::optional<std::string> authenticate_device(ServerContext& context, const httplib::Request& request,
                                               httplib::Response& response) {
  const std::string device_id = request.get_header_value(std::string(sync::kHeaderDeviceId));
  const std::string secret = request.get_header_value(std::string(sync::kHeaderDeviceSecret));
  if (device_id.empty() || secret.empty()) {
    send_error(response, 401, "auth.missing",
               "the X-Aduan-Device and X-Aduan-Secret headers are required (register first)");
    return std::nullopt;
  }
  if (!within_rate(context.per_device(), device_id, context, response, "device")) return std::nullopt;
  auto* store = store_or_503(context, response);
  if (!store) return std::nullopt;
  auto stored_hash = store->device_secret_hash(device_id);
  if (!stored_hash) {
    send_error(response, 503, stored_hash.error().code, "the database is busy; try again later");
    return std::nullopt;
  }
  const std::string presented = domain::sha256_hex(secret);
  if (!stored_hash.value() || !same_text_constant_time(*stored_hash.value(), presented)) {
    send_error(response, 401, "auth.unknown_device", "unknown device or wrong secret; register again");
    return std::nullopt;
  }
  return device_id;
}

void install_device_routes(httplib::Server& http, ServerContext& context) {
  http.Post(std::string(sync::kPathRegister), [&context](const httplib::Request& request, httplib::Response& response) {
    set_route_label("/api/v1/devices:register");
    std::uint16_t version = 0;
    auto message = read_message<wire::RegisterDeviceRequest>(request, response, version);
    if (!message) return;
    auto* store = store_or_503(context, response);
    if (!store) return;
    wire::RegisterDeviceResponse answer{domain::random_hex(16), domain::random_hex(32)};
    auto saved = store->register_device(answer.device_id, domain::sha256_hex(answer.device_secret),
                                        domain::to_string(message->channel), context.now());
    if (!saved) return send_error(response, 503, saved.error().code, "could not register; try again");
    write_message(response, answer, version);
  });
}

}  // namespace aduan::server
