// shell/server/sms/sms_sender.cpp: leasing, posting and recording outgoing SMS (sms_sender.h).
//
// A pass every kPassInterval: lease up to kBatch due messages for kLeaseMs, post each, record
// it. A pass never holds the write lock while it waits on the network: leasing and recording
// are short transactions of their own. A sender that dies mid-pass leaves its leases to run out;
// the next pass (any process's) takes them over, and the gateway sees the same id again.
#include "shell/server/sms/sms_sender.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/domain/secrets.h"
#include "shell/server/json_writer.h"
#include "shell/server/server_context.h"

namespace aduan::server::sms {
namespace {

constexpr auto kPassInterval = std::chrono::milliseconds(500);
constexpr std::size_t kBatch = 20;
constexpr domain::Timestamp kLeaseMs = 60'000;
constexpr domain::Timestamp kMaxRetryDelayMs = 3'600'000;

struct Endpoint {
  std::string origin;  // "http://host:port"
  std::string path;    // "/path", "/" when none
};

Endpoint split(const std::string& url) {
  const std::size_t host_at = url.find("://") + 3;
  const std::size_t path_at = url.find('/', host_at);
  if (path_at == std::string::npos) return {url, "/"};
  return {url.substr(0, path_at), url.substr(path_at)};
}

std::string generic_body(const store::SmsOutgoing& message) {
  JsonWriter json;
  json.begin_object()
      .field("id", message.id)
      .field("to", message.to_number)
      .field("text", message.text)
      .end_object();
  return json.str();
}

// SMS Gateway for Android's POST /message: the text, one recipient, our id as its id.
std::string android_body(const store::SmsOutgoing& message) {
  JsonWriter json;
  json.begin_object()
      .field("id", message.id)
      .key("textMessage")
      .begin_object()
      .field("text", message.text)
      .end_object()
      .key("phoneNumbers")
      .begin_array()
      .value(message.to_number)
      .end_array()
      .end_object();
  return json.str();
}

}  // namespace

Sender::Sender(ServerContext& context)
    : context_(context), owner_("sender-" + domain::random_hex(8)) {
  context_.metrics().set_gauge_source(
      "aduan_sms_queued", "SMS waiting in the outbox to be sent.", [this] {
        auto* store = context_.store();
        auto stats = store ? store->sms_queue_stats() : Result<store::SmsQueueStats>(Error{"", ""});
        return stats ? static_cast<double>(stats.value().queued) : -1.0;
      });
  context_.metrics().set_gauge_source(
      "aduan_sms_failed", "SMS given up after their last retry.", [this] {
        auto* store = context_.store();
        auto stats = store ? store->sms_queue_stats() : Result<store::SmsQueueStats>(Error{"", ""});
        return stats ? static_cast<double>(stats.value().failed) : -1.0;
      });
  context_.metrics().set_counter_source(
      "aduan_sms_send_errors_total", "Attempts to hand an SMS to the gateway that failed.",
      [this] { return static_cast<double>(send_errors_.load()); });
  const auto& config = context_.config();
  if (!config.sms_gateway_url.empty() || !config.sms_android_url.empty())
    thread_ = std::thread([this] { loop(); });
}

void Sender::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sender::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kPassInterval, [this] { return stopping_; })) {
    lock.unlock();
    pass();
    lock.lock();
  }
}

void Sender::pass() {
  auto* store = context_.store();
  if (!store) return;
  const domain::Timestamp now = context_.now();
  auto leased = [&] {
    std::lock_guard writer(context_.write_lock());
    return store->lease_due_sms(owner_, now, now + kLeaseMs, kBatch);
  }();
  if (!leased) {
    std::fprintf(stderr, "aduan-server: sms: %s\n", leased.error().detail.c_str());
    return;
  }
  const domain::Timestamp base_delay = context_.config().sms_retry_seconds * 1000LL;
  for (const auto& message : leased.value()) {
    const Delivery delivery = deliver(message);
    std::lock_guard writer(context_.write_lock());
    const domain::Timestamp at = context_.now();
    Status recorded = done();
    if (delivery.accepted) {
      recorded = store->sms_sent(message.id, owner_, at);
    } else {
      ++send_errors_;
      const int tries = message.attempts + 1;
      const domain::Timestamp delay =
          std::min(kMaxRetryDelayMs, base_delay << std::min(tries - 1, 20));
      const bool again = delivery.retry && tries < kMaxAttempts;
      recorded = store->sms_not_sent(message.id, owner_, again ? at + delay : 0, delivery.error);
      // The message's id only: its number never reaches a log.
      std::fprintf(stderr, "aduan-server: sms %s not sent (%s)%s\n", message.id.c_str(),
                   delivery.error.c_str(), again ? "; tried again later" : "; given up");
    }
    if (!recorded)
      std::fprintf(stderr, "aduan-server: sms %s: %s\n", message.id.c_str(),
                   recorded.error().detail.c_str());
  }
}

Sender::Delivery Sender::deliver(const store::SmsOutgoing& message) const {
  const auto& config = context_.config();
  const bool android = config.sms_gateway_url.empty();
  const Endpoint endpoint = split(android ? config.sms_android_url : config.sms_gateway_url);
  httplib::Client client(endpoint.origin);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(15, 0);
  client.set_write_timeout(15, 0);
  std::string path = endpoint.path;
  if (android) {
    path = (path.ends_with('/') ? path : path + "/") + "message";
    const std::size_t colon = config.sms_android_login.find(':');
    if (colon != std::string::npos)
      client.set_basic_auth(config.sms_android_login.substr(0, colon),
                            config.sms_android_login.substr(colon + 1));
  }
  auto result = client.Post(path, android ? android_body(message) : generic_body(message),
                            "application/json");
  if (!result) return {false, true, "no answer: " + httplib::to_string(result.error())};
  const int status = result->status;
  if (status >= 200 && status < 300) return {true, false, ""};
  const bool retry = status >= 500 || status == 408 || status == 429;
  return {false, retry, "http " + std::to_string(status)};
}

}  // namespace aduan::server::sms
