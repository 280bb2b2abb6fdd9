// shell/server/request_guard.cpp: see request_guard.h.
//
// Closing the connection: httplib 0.11.4 keeps a connection open unless the request asked to
// close it or writing the answer failed. A content provider that writes the whole body and
// then reports failure is the one way a handler can end the connection after its answer.
#include "shell/server/request_guard.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

namespace aduan::server {
namespace {

bool reads_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "PRI";
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

std::optional<Refusal> refuse_before_body(const httplib::Request& request,
                                          std::size_t max_body_bytes) {
  if (request.get_header_value_count("Range") > 1 ||
      request.get_header_value("Range").find(',') != std::string::npos)
    return Refusal{416, "request.ranges_unsupported", "ask for one byte range at a time"};
  if (request.has_header("Content-Encoding"))
    return Refusal{415, "request.encoding_unsupported",
                   "request bodies are not accepted compressed"};
  if (request.has_header("Transfer-Encoding"))
    return Refusal{411, "request.length_required",
                   "send the body with a Content-Length, not chunked"};
  if (!request.has_header("Content-Length")) {
    if (reads_body(request.method))
      return Refusal{411, "request.length_required", "a Content-Length header is required"};
    return std::nullopt;
  }
  const std::string length = request.get_header_value("Content-Length");
  if (request.get_header_value_count("Content-Length") > 1 || !all_digits(length))
    return Refusal{400, "request.bad_length", "the Content-Length header is not one number"};
  const auto bytes = std::stoull(length);
  if (bytes > max_body_bytes)
    return Refusal{413, "request.too_large", "the request body is larger than the server accepts"};
  if (bytes > 0 && !reads_body(request.method) && request.method != "DELETE")
    return Refusal{400, "request.unexpected_body", "this method takes no request body"};
  return std::nullopt;
}

void close_after_answer(httplib::Response& response) {
  auto body = std::make_shared<std::string>(std::move(response.body));
  const std::string content_type = response.get_header_value("Content-Type");
  response.body.clear();
  response.headers.erase("Content-Type");
  response.set_header("Connection", "close");
  response.set_content_provider(
      body->size(), content_type,
      [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        sink.write(body->data() + offset, length);
        return false;  // written; "failing" here is what makes httplib close the connection
      });
}

bool closes_connection(const httplib::Response& response) {
  return response.get_header_value("Connection") == "close";
}

}  // namespace aduan::server
