// shell/cli/http_transport.h: the sync engine's Transport over real HTTP, for native programs
// (aduan-cli, the server tests, the load benchmark).
//
// Owns one keep-alive connection to one server. Blocking: send() returns after calling
// on_done, which the engine allows (it accepts synchronous completion). The browser has its
// own Transport over fetch(); this one is never compiled to WebAssembly.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "core/sync/transport.h"

namespace aduan::cli {

class HttpTransport : public sync::Transport {
 public:
  // `base_url` like "http://127.0.0.1:8080".
  explicit HttpTransport(const std::string& base_url);
  void send(sync::Request request, std::function<void(sync::Response)> on_done) override;

  // Plain GET/PUT for the routes outside the sync engine (track, attachments).
  httplib::Client& client() { return *client_; }

 private:
  std::unique_ptr<httplib::Client> client_;
};

class SystemClock : public sync::Clock {
 public:
  sync::Timestamp now() const override;
};

}  // namespace aduan::cli
