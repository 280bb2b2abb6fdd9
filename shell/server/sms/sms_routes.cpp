// shell/server/sms/sms_routes.cpp: the webhooks SMS gateways deliver citizens' texts to.
//
// POST /api/v1/sms/inbound   Authorization: Bearer <--sms-inbound-token>
//   {"id": "<gateway's message id>", "from": "+62...", "text": "...",
//    "received_at": "<ISO 8601 with offset>"}: any gateway that can post JSON.
// POST /api/v1/sms/android   SMS Gateway for Android's webhook, signed with
//   --sms-android-signing-key: X-Signature is hex HMAC-SHA256 of the raw body followed by the
//   X-Timestamp header (Unix seconds, within kSignatureSkewSeconds of now, so a captured request
//   cannot be replayed later). Its sms:received event carries payload.message, phoneNumber,
//   receivedAt (the phone's local time; without an offset it is read in the service's zone) and
//   messageId, which the gateway makes from the content and is not unique: the event's own id
//   names the delivery, and the same number and text within the retry window are one message
//   anyway (sms_channel.h). Its other events (sent, delivered, ping) are answered and ignored.
// Each route is off (404, as if absent) until its secret is set. A wrong token or signature is
// 401 and changes nothing; a malformed or oversized body is 400 or 413 and changes nothing. The
// answer is 200 {"status": what was done, "tracking_code", "reply_queued"} for every message
// handled, including a duplicate or a capped sender: a gateway that sees an error retries, and
// retrying those would only cost more.
#include <cstdlib>

#include "core/domain/hmac.h"
#include "core/domain/secrets.h"
#include "core/json/json_reader.h"
#include "core/sync/server_apply.h"
#include "shell/server/api_common.h"
#include "shell/server/json_writer.h"
#include "shell/server/scheduler.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server::sms {
namespace {

// A concatenated SMS is at most a few KB; a webhook envelope adds little.
constexpr std::size_t kMaxBodyBytes = 16 * 1024;
constexpr std::size_t kMaxTextBytes = 4 * 1024;
constexpr std::size_t kMaxIdBytes = 128;
constexpr std::int64_t kSignatureSkewSeconds = 300;

bool body_fits(const httplib::Request& request, httplib::Response& response) {
  if (request.body.size() <= kMaxBodyBytes) return true;
  send_error(response, 413, "sms.too_large", "an SMS webhook body is at most 16 KB");
  return false;
}

std::optional<json::Value> json_body(const httplib::Request& request, httplib::Response& response) {
  auto parsed = json::parse(request.body, json::Limits{kMaxBodyBytes, 8, 1000, kMaxBodyBytes});
  if (!parsed || !parsed.value().is_object()) {
    send_error(response, 400, "sms.bad_body", "the body is not a JSON object");
    return std::nullopt;
  }
  return std::move(parsed.value());
}

// The fields every message needs, checked alike for both routes; sends the 400 when one is bad.
bool message_complete(const InboundMessage& message, httplib::Response& response) {
  const char* problem = message.gateway_id.empty() || message.gateway_id.size() > kMaxIdBytes
                            ? "id is a string of 1-128 bytes"
                        : message.from.empty() || message.from.size() > 64
                            ? "from is the sender's number"
                        : message.text.size() > kMaxTextBytes ? "text is at most 4 KB"
                                                              : nullptr;
  if (problem) send_error(response, 400, "sms.bad_body", problem);
  return problem == nullptr;
}

void answer(ServerContext& context, const InboundMessage& message, httplib::Response& response) {
  auto outcome = handle_inbound(context, message);
  if (!outcome)
    return send_error(response, 503, outcome.error().code, "not handled; send it again");
  JsonWriter json;
  json.begin_object()
      .field("status", outcome.value().command)
      .field("tracking_code", outcome.value().tracking_code)
      .key("reply_queued")
      .value(outcome.value().reply_queued)
      .end_object();
  response.set_content(json.str(), "application/json");
}

void generic_inbound(ServerContext& context, const httplib::Request& request,
                     httplib::Response& response) {
  const std::string& token = context.config().sms_inbound_token;
  if (token.empty()) return send_error(response, 404, "http.not_found", "no such route");
  const std::string given = request.get_header_value("Authorization");
  if (!given.starts_with("Bearer ") || !domain::constant_time_equal(given.substr(7), token))
    return send_error(response, 401, "sms.unauthorized", "a valid Bearer token is required");
  if (!body_fits(request, response)) return;
  auto body = json_body(request, response);
  if (!body) return;
  InboundMessage message{"inbound", body->string_at("id"), body->string_at("from"),
                         body->string_at("text"), 0};
  if (!body->get("text") || body->get("text")->kind != json::Value::Kind::string)
    return send_error(response, 400, "sms.bad_body", "text is required");
  if (!message_complete(message, response)) return;
  auto at = parse_iso_time(body->string_at("received_at"));
  if (!at || body->string_at("received_at").size() <= 10)
    return send_error(response, 400, "sms.bad_body",
                      "received_at is an ISO 8601 time with its offset");
  message.received_at = at.value();
  answer(context, message, response);
}

// The phone's local time: with its offset as written, else in the service's zone.
Result<domain::Timestamp> phone_time(ServerContext& context, const std::string& text) {
  auto at = parse_iso_time(text);
  if (at) return at;
  auto local = parse_iso_time(text + "Z");
  if (!local || text.size() <= 10) return at;
  const sync::ServerContext apply{context.catalog().catalog, context.clock()};
  return local.value() - apply.local_offset_ms;
}

void android_inbound(ServerContext& context, const httplib::Request& request,
                     httplib::Response& response) {
  const std::string& key = context.config().sms_android_signing_key;
  if (key.empty()) return send_error(response, 404, "http.not_found", "no such route");
  if (!body_fits(request, response)) return;
  const std::string timestamp = request.get_header_value("X-Timestamp");
  char* end = nullptr;
  const long long seconds = std::strtoll(timestamp.c_str(), &end, 10);
  const bool fresh = !timestamp.empty() && *end == '\0' &&
                     std::llabs(seconds - context.now() / 1000) <= kSignatureSkewSeconds;
  const std::string expected = domain::hmac_sha256_hex(key, request.body + timestamp);
  if (!fresh || !domain::constant_time_equal(request.get_header_value("X-Signature"), expected))
    return send_error(response, 401, "sms.bad_signature",
                      "the webhook's signature or time is not valid");
  auto body = json_body(request, response);
  if (!body) return;
  if (body->string_at("event") != "sms:received") {
    response.set_content(R"({"status":"ignored","tracking_code":"","reply_queued":false})",
                         "application/json");
    return;
  }
  const json::Value* payload = body->get("payload");
  if (!payload || !payload->is_object())
    return send_error(response, 400, "sms.bad_body", "payload is required");
  std::string id = body->string_at("id");
  if (id.empty()) id = payload->string_at("messageId");
  InboundMessage message{"android", id, payload->string_at("phoneNumber"),
                         payload->string_at("message"), 0};
  if (!payload->get("message") || payload->get("message")->kind != json::Value::Kind::string)
    return send_error(response, 400, "sms.bad_body", "payload.message is required");
  if (!message_complete(message, response)) return;
  auto at = phone_time(context, payload->string_at("receivedAt"));
  if (!at)
    return send_error(response, 400, "sms.bad_body", "payload.receivedAt is an ISO 8601 time");
  message.received_at = at.value();
  answer(context, message, response);
}

}  // namespace

void install_routes(RouteTable& routes, ServerContext& context) {
  routes.post("/api/v1/sms/inbound", R"(/api/v1/sms/inbound)",
              [&context](const httplib::Request& request, httplib::Response& response) {
                generic_inbound(context, request, response);
              });
  routes.post("/api/v1/sms/android", R"(/api/v1/sms/android)",
              [&context](const httplib::Request& request, httplib::Response& response) {
                android_inbound(context, request, response);
              });
}

}  // namespace aduan::server::sms
