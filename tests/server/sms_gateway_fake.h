// tests/server/sms_gateway_fake.h: an SMS gateway for the SMS channel's tests.
//
// A real HTTP server on a loopback port, as a gateway is to aduan-server: it receives what the
// server sends (the generic {"id","to","text"} or SMS Gateway for Android's POST /message) and
// keeps each message, and it delivers citizens' texts the way gateways do, to the generic
// webhook with its Bearer token or to the Android one, signed. It can be "down" (503 to every
// send) for a while. Waits are for a state (a message arrived), bounded.
#pragma once

#include <httplib.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/domain/hmac.h"
#include "core/json/json_reader.h"
#include "shell/server/json_writer.h"

namespace aduan::testing {

inline constexpr const char* kSmsToken = "token-gerbang-sms-uji-123";
inline constexpr const char* kAndroidKey = "kunci-tanda-tangan-android-456";

struct SentSms {
  std::string id;
  std::string to;
  std::string text;
};

class FakeSmsGateway {
 public:
  FakeSmsGateway() {
    auto keep = [this](const httplib::Request& request, httplib::Response& response, bool android) {
      std::lock_guard lock(mutex_);
      ++attempts_;
      if (down_) {
        response.status = 503;
        return;
      }
      auto body = json::parse(request.body);
      if (!body) {
        response.status = 400;
        return;
      }
      if (android) {
        const auto* numbers = body.value().get("phoneNumbers");
        const auto* message = body.value().get("textMessage");
        authorized_ =
            request.get_header_value("Authorization") == "Basic c21zOnNhbmRp";  // sms:sandi
        sent_.push_back({body.value().string_at("id"),
                         numbers && !numbers->items.empty() ? numbers->items[0].text : "",
                         message ? message->string_at("text") : ""});
      } else {
        sent_.push_back({body.value().string_at("id"), body.value().string_at("to"),
                         body.value().string_at("text")});
      }
      response.set_content(R"({"state":"Pending"})", "application/json");
      response.status = 202;
    };
    server_.Post("/send",
                 [keep](const httplib::Request& q, httplib::Response& r) { keep(q, r, false); });
    server_.Post("/message",
                 [keep](const httplib::Request& q, httplib::Response& r) { keep(q, r, true); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~FakeSmsGateway() {
    server_.stop();
    thread_.join();
  }

  std::string send_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/send"; }
  std::string android_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void set_down(bool down) {
    std::lock_guard lock(mutex_);
    down_ = down;
  }
  std::vector<SentSms> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  int attempts() const {
    std::lock_guard lock(mutex_);
    return attempts_;
  }
  bool authorized() const {
    std::lock_guard lock(mutex_);
    return authorized_;
  }

  // Waits until `count` messages arrived (bounded: 20 s); returns what arrived.
  std::vector<SentSms> wait_for(std::size_t count) const {
    for (int i = 0; i < 400 && sent().size() < count; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return sent();
  }

  // Waits until the server's outbox has nothing left to send (its /metrics), bounded: 20 s.
  static bool outbox_empty(httplib::Client& server) {
    for (int i = 0; i < 400; ++i) {
      auto metrics = server.Get("/metrics");
      if (metrics && metrics->body.find("\naduan_sms_queued 0\n") != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // A citizen's text, delivered to the generic webhook as a gateway would.
  static httplib::Result deliver(httplib::Client& server, const std::string& id,
                                 const std::string& from, const std::string& text,
                                 const std::string& token = kSmsToken) {
    server::JsonWriter json;
    json.begin_object()
        .field("id", id)
        .field("from", from)
        .field("text", text)
        .field("received_at", iso_now())
        .end_object();
    return server.Post("/api/v1/sms/inbound", {{"Authorization", "Bearer " + token}}, json.str(),
                       "application/json");
  }

  // The same through SMS Gateway for Android's webhook, signed with `key`.
  static httplib::Result deliver_android(httplib::Client& server, const std::string& event_id,
                                         const std::string& from, const std::string& text,
                                         const std::string& key = kAndroidKey,
                                         long long skew_seconds = 0) {
    server::JsonWriter json;
    json.begin_object()
        .field("deviceId", "ffffffffceb0b1db")
        .field("event", "sms:received")
        .field("id", event_id)
        .key("payload")
        .begin_object()
        .field("message", text)
        .field("receivedAt", iso_now().substr(0, 19) + ".000")  // the phone's local time, no offset
        .field("messageId", "69bde8d0")                         // made from the content: not unique
        .field("phoneNumber", from)
        .end_object()
        .field("webhookId", "LreFUt")
        .end_object();
    const std::string body = json.str();
    const std::string timestamp = std::to_string(std::time(nullptr) + skew_seconds);
    return server.Post("/api/v1/sms/android",
                       {{"X-Timestamp", timestamp},
                        {"X-Signature", domain::hmac_sha256_hex(key, body + timestamp)}},
                       body, "application/json");
  }

  static std::string iso_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<SentSms> sent_;
  int attempts_ = 0;
  bool down_ = false;
  bool authorized_ = false;
};

}  // namespace aduan::testing
