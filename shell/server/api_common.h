// shell/server/api_common.h: what the /api/v1 routes share: reading a wire message from a
// request, answering in the client's own protocol version, and device authentication.
//
// Owns the HTTP side of the wire format (status codes for each decoding error) and of device
// credentials. Does not own the format itself (core/wire) or storage (core/store).
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>

#include "core/wire/messages.h"
#include "shell/server/http_app.h"
#include "shell/server/route_table.h"
#include "shell/server/server_context.h"

namespace aduan::server {

// Decodes the body as T. On failure answers 400 with a JSON error naming the wire error code
// (wire.truncated, wire.newer_version, ...) and returns nullopt. `version` gets the envelope's
// protocol version, so the answer can be encoded in the same one.
template <class T>
std::optional<T> read_message(const httplib::Request& request, httplib::Response& response,
                              std::uint16_t& version) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(request.body.data());
  std::span<const std::uint8_t> body(bytes, request.body.size());
  auto header = wire::peek_envelope(body);
  if (!header) {
    send_error(response, 400, header.error().code, header.error().detail);
    return std::nullopt;
  }
  version = header.value().version;
  auto message = wire::decode<T>(body);
  if (!message) {
    send_error(response, 400, message.error().code, message.error().detail);
    return std::nullopt;
  }
  return std::move(message.value());
}

template <class T>
void write_message(httplib::Response& response, const T& message, std::uint16_t version) {
  auto bytes = wire::encode(message, version);
  if (!bytes) return send_error(response, 500, bytes.error().code, bytes.error().detail);
  send_wire(response, std::string(bytes.value().begin(), bytes.value().end()));
}

// The device named by X-Aduan-Device, if X-Aduan-Secret proves it and the
// device is within its rate limit. Otherwise answers 401 or 429 and returns nullopt.
std::optional<std::string> authenticate_device(ServerContext& context, const httplib::Request& request,
                                               httplib::Response& response);

// 429 with Retry-After when `key` is over `limiter`'s rate; true when the request may go on.
bool within_rate(RateLimiter& limiter, const std::string& key, ServerContext& context,
                 httplib::Response& response, const char* what);

// The current thread's store, or a 503 answer when the database cannot be opened.
store::ServerRepository* store_or_503(ServerContext& context, httplib::Response& response);

// A client-generated id that makes a retried action apply once (officers and reporters).
inline constexpr const char* kActionIdHeader = "X-Aduan-Action-Id";
inline constexpr std::size_t kMaxActionIdBytes = 64;

// The officer named by the X-Aduan-Session header; otherwise answers 401 (or 503) and returns
// nullopt. api_officers.cpp.
std::optional<store::Officer> authenticate_officer(ServerContext& context, const httplib::Request& request,
                                                   httplib::Response& response);

// Runs `change` and appends `entry` (its audit row) in one transaction under the write lock: an
// admin's change and its record are both written or neither. api_officers.cpp.
Status save_with_audit(ServerContext& context, const store::AuditEntry& entry,
                       const std::function<Status()>& change);

void install_device_routes(RouteTable& routes, ServerContext& context);
void install_report_routes(RouteTable& routes, ServerContext& context);
void install_tracking_routes(RouteTable& routes, ServerContext& context);
void install_attachment_routes(RouteTable& routes, ServerContext& context);
void install_officer_routes(RouteTable& routes, ServerContext& context);
void install_console_routes(RouteTable& routes, ServerContext& context);
void install_report_details_routes(RouteTable& routes,
                                   ServerContext& context);  // api_report_details.cpp
void install_evidence_routes(RouteTable& routes, ServerContext& context);
void install_admin_routes(RouteTable& routes, ServerContext& context);
void install_reporter_routes(RouteTable& routes, ServerContext& context);
void install_stats_routes(RouteTable& routes, ServerContext& context);
void install_open_data_routes(RouteTable& routes, ServerContext& context);  // api_open_data.cpp
void install_kiosk_routes(RouteTable& routes, ServerContext& context);
void install_lapor_routes(RouteTable& routes, ServerContext& context);     // api_lapor.cpp
void install_official_routes(RouteTable& routes, ServerContext& context);  // api_officials.cpp
void install_open311_routes(RouteTable& routes, ServerContext& context);   // api_open311.cpp

// How long a village official's sign-in on a device lets it deliver in their name: long
// enough for weeks offline between trips to town; signing in again renews it.
inline constexpr std::int64_t kOfficialDeviceLifetimeMs = 30LL * 24 * 60 * 60 * 1000;

// Whom the reports a device pushes are entered by: a bound village official, or nobody.
struct OfficialAttribution {
  std::string officer_id;   // empty: the device is no official's
  std::string region_code;  // the region the official serves
};
// api_officials.cpp. Refuses (403, nullopt) a device whose binding was revoked or expired or
// whose official was disabled; otherwise the attribution, empty for an unbound device.
std::optional<OfficialAttribution> apply_official_binding(ServerContext& context, const std::string& device_id,
                                                          httplib::Response& response);

// api_kiosk.cpp. Refuses a revoked kiosk (403, false). Otherwise sets the channel of every
// report of `batch` (may be null) from the device's binding: `kiosk` for a bound device, and
// never `kiosk` for any other. The office is the binding's, so no body can name one.
bool apply_kiosk_binding(ServerContext& context, const std::string& device_id,
                         wire::PushBatchRequest* batch, httplib::Response& response);
class JsonWriter;
// An "office" field: the kiosk's office {name, agency_id}, or null for a report from any other device.
void write_kiosk_office(JsonWriter& json, store::ServerRepository& store, const std::string& device_id);

}  // namespace aduan::server
