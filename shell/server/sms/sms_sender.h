// shell/server/sms/sms_sender.h: the thread that hands queued SMS to the gateway.
//
// Owns leasing due messages from the outbox (one sender at a time per message, across server
// processes), posting each to the gateway, and recording the result: sent (the number is then
// cleared), tried again later with a doubling delay (network errors, 5xx, 408, 429), or given
// up (any other refusal, or kMaxAttempts tries). Does not own what is queued or why
// (sms_channel.h). Two gateways are spoken: the generic one (--sms-gateway-url, a POST of
// {"id","to","text"}) and SMS Gateway for Android's own API (--sms-android-url, POST /message
// with basic auth). The message's id travels with it, so a gateway that got a message whose
// answer was lost recognises the retry; the lease makes the server's side at most once.
// Also owns the queue's figures in /metrics. With no gateway set, messages wait in the outbox.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/store/sms_records.h"

namespace aduan::server {
class ServerContext;
}

namespace aduan::server::sms {

inline constexpr int kMaxAttempts = 8;

class Sender {
 public:
  explicit Sender(ServerContext& context);
  ~Sender() { stop(); }
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;
  void stop();

 private:
  struct Delivery {
    bool accepted = false;
    bool retry = false;  // worth trying again (the gateway or the network, not the message)
    std::string error;
  };
  void loop();
  void pass();
  Delivery deliver(const store::SmsOutgoing& message) const;

  ServerContext& context_;
  std::string owner_;  // this process's lease name
  std::atomic<std::int64_t> send_errors_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace aduan::server::sms
