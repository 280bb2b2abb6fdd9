// shell/device/fetch_transport_web.h: sync::Transport over the browser's fetch (web/device.js).
//
// Owns turning a sync::Request into one fetch: the server address in front of the path, the
// wire content type on bodies, an AbortController timeout, and the answer's bytes back into
// the callback exactly once. Does not own retries or backoff (the sync engine does) nor what
// a body means. A request that got no HTTP answer at all (offline, refused, timed out) is
// transport_ok = false; any HTTP status, 5xx included, is transport_ok = true.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/sync/transport.h"

namespace aduan::app {

class FetchTransport final : public sync::Transport {
 public:
  static constexpr int kDefaultTimeoutMs = 30'000;

  FetchTransport();
  ~FetchTransport() override;
  FetchTransport(const FetchTransport&) = delete;
  FetchTransport& operator=(const FetchTransport&) = delete;

  // "" sends to the origin the portal was loaded from; else e.g. "https://lapor.example.go.id".
  void set_base_url(std::string base_url);
  const std::string& base_url() const { return base_url_; }
  void set_timeout_ms(int timeout_ms) { timeout_ms_ = timeout_ms; }

  void send(sync::Request request, std::function<void(sync::Response)> on_done) override;

  // Called from the exported C functions when fetch settles.
  std::uint8_t* body_buffer(int id, int size);
  void finished(int id, bool transport_ok, int status);

 private:
  struct Pending {
    std::function<void(sync::Response)> on_done;
    sync::Response response;
  };
  std::string base_url_;
  int timeout_ms_ = kDefaultTimeoutMs;
  int next_id_ = 1;
  std::map<int, Pending> pending_;
};

}  // namespace aduan::app
