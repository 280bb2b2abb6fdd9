// shell/cli/http_transport.cpp: see http_transport.h.
#include "shell/cli/http_transport.h"

#include <chrono>

namespace aduan::cli {

HttpTransport::HttpTransport(const std::string& base_url)
    : client_(std::make_unique<httplib::Client>(base_url)) {
  client_->set_keep_alive(true);
  client_->set_connection_timeout(5, 0);
  client_->set_read_timeout(30, 0);
  client_->set_write_timeout(30, 0);
}

void HttpTransport::send(sync::Request request, std::function<void(sync::Response)> on_done) {
  httplib::Headers headers;
  for (auto& [name, value] : request.headers) headers.emplace(name, value);
  std::string body(request.body.begin(), request.body.end());
  std::string content_type(request.header(sync::kHeaderContentType));
  if (content_type.empty()) content_type = sync::kWireContentType;
  headers.erase(std::string(sync::kHeaderContentType));  // httplib sets it from content_type
  auto result = request.method == "GET" ? client_->Get(request.path, headers)
                : request.method == "PUT"
                    ? client_->Put(request.path, headers, body, content_type)
                    : client_->Post(request.path, headers, body, content_type);
  sync::Response response;
  if (result) {
    response.transport_ok = true;
    response.http_status = result->status;
    response.body.assign(result->body.begin(), result->body.end());
  }
  on_done(std::move(response));
}

sync::Timestamp SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace aduan::cli
