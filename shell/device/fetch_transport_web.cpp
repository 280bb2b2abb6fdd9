// shell/device/fetch_transport_web.cpp: the fetch transport (fetch_transport_web.h).
//
// Requests are numbered; web/device.js answers with the number, the body is copied into the
// pending entry's buffer, then the callback runs. There is one transport per page (the device
// services own it), which is what the exported functions below find through `current`.
#include "shell/device/fetch_transport_web.h"

#include <emscripten.h>

#include <string_view>
#include <utility>
#include <vector>

extern "C" {
void aduan_fetch_start(int id, const char* url, const char* method, const char* headers,
                       const std::uint8_t* body, int body_length, int timeout_ms);
}

namespace aduan::app {
namespace {

FetchTransport* current = nullptr;

bool has_header(const sync::Request& request, std::string_view name) {
  return !request.header(name).empty();
}

}  // namespace

FetchTransport::FetchTransport() {
  current = this;
}

FetchTransport::~FetchTransport() {
  if (current == this) current = nullptr;
}

void FetchTransport::set_base_url(std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  base_url_ = std::move(base_url);
}

void FetchTransport::send(sync::Request request, std::function<void(sync::Response)> on_done) {
  const int id = next_id_++;
  pending_[id].on_done = std::move(on_done);
  std::string headers;
  for (const auto& [name, value] : request.headers) headers += name + ": " + value + "\n";
  if (!request.body.empty() && !has_header(request, sync::kHeaderContentType)) {
    headers +=
        std::string(sync::kHeaderContentType) + ": " + std::string(sync::kWireContentType) + "\n";
  }
  const std::string method = request.method.empty() ? "POST" : request.method;
  const std::string url = base_url_ + request.path;
  // fetch copies the body before this returns, so the request may go out of scope.
  aduan_fetch_start(id, url.c_str(), method.c_str(), headers.c_str(), request.body.data(),
                    static_cast<int>(request.body.size()), timeout_ms_);
}

std::uint8_t* FetchTransport::body_buffer(int id, int size) {
  auto found = pending_.find(id);
  if (found == pending_.end()) return nullptr;
  auto& body = found->second.response.body;
  body.assign(static_cast<std::size_t>(size > 0 ? size : 0), 0);
  return body.data();
}

void FetchTransport::finished(int id, bool transport_ok, int status) {
  auto found = pending_.find(id);
  if (found == pending_.end()) return;
  Pending pending = std::move(found->second);
  pending_.erase(found);
  pending.response.transport_ok = transport_ok;
  pending.response.http_status = transport_ok ? status : 0;
  if (!transport_ok) pending.response.body.clear();
  if (pending.on_done) pending.on_done(std::move(pending.response));
}

}  // namespace aduan::app

extern "C" {

EMSCRIPTEN_KEEPALIVE std::uint8_t* aduan_fetch_body_buffer(int id, int size) {
  // A body nobody waits for any more (or an empty one) still needs somewhere to land.
  static std::vector<std::uint8_t> discard;
  std::uint8_t* buffer = aduan::app::current ? aduan::app::current->body_buffer(id, size) : nullptr;
  if (buffer != nullptr) return buffer;
  discard.assign(static_cast<std::size_t>(size > 0 ? size : 0) + 1, 0);
  return discard.data();
}

EMSCRIPTEN_KEEPALIVE void aduan_fetch_on_done(int id, int transport_ok, int status) {
  if (aduan::app::current) aduan::app::current->finished(id, transport_ok != 0, status);
}

}  // extern "C"
