// shell/server/api_devices.cpp: POST /api/v1/devices:register, and device authentication.
//
// A device is one installation of the portal. It registers once, gets an id and a secret, and
// proves itself with the secret on every push and pull (core/sync keeps only the secret's
// SHA-256: the secret is random, so a slow password hash would add nothing). This file adds
// the HTTP side: headers, status codes, the per-device rate limit (counted once the secret is
// proved) and the per-address limit on registrations.
#include <memory>

#include "core/sync/server_apply.h"
#include "core/sync/transport.h"
#include "shell/server/api_common.h"

namespace aduan::server {
store::ServerRepository* store_or_503(ServerContext& context, httplib::Response& response) {
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
  auto* store = store_or_503(context, response);
  if (!store) return std::nullopt;
  auto known = sync::authenticate_device(*store, device_id, secret);
  if (!known) {
    send_error(response, 503, known.error().code, "the database is busy; try again later");
    return std::nullopt;
  }
  if (!known.value()) {
    send_error(response, 401, "auth.unknown_device", "unknown device or wrong secret; register again");
    return std::nullopt;
  }
  // Only after the secret: otherwise anyone who knows a device id could use up its requests.
  if (!within_rate(context.per_device(), device_id, context, response, "device"))
    return std::nullopt;
  return device_id;
}

void install_device_routes(RouteTable& routes, ServerContext& context) {
  // Registering writes a row and needs no credentials, so it has its own, tighter limit.
  auto registrations = std::make_shared<RateLimiter>(context.config().register_burst,
                                                     context.config().register_per_second);
  routes.post(
      "/api/v1/devices:register", std::string(sync::kPathRegister),
      [&context, registrations](const httplib::Request& request, httplib::Response& response) {
        if (!within_rate(*registrations, request_address(request), context, response, "address"))
          return;
        std::uint16_t version = 0;
        auto message = read_message<wire::RegisterDeviceRequest>(request, response, version);
        if (!message) return;
        auto* store = store_or_503(context, response);
        if (!store) return;
        auto answer = sync::apply_register(*store, context.clock(), *message);
        if (!answer)
          return send_error(response, 503, answer.error().code, "could not register; try again");
        write_message(response, answer.value(), version);
      });
}

}  // namespace aduan::server
