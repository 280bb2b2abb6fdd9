// shell/server/http_app.cpp: see http_app.h.
//
// One log line per request, as JSON on stdout (method, path, status, duration, device), so a
// log shipper can parse it; query strings and bodies are never logged because they can carry
// personal data.
#include "shell/server/http_app.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/i18n/utf8.h"
#include "shell/server/api_common.h"
#include "shell/server/lapor_page.h"
#include "shell/server/open311.h"
#include "shell/server/request_guard.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server {
namespace {

thread_local std::chrono::steady_clock::time_point request_started;

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// Health and readiness probes and /metrics: cheap, and /metrics is limited to --metrics-allow.
bool is_operator_probe(const std::string& path) {
  return path == "/healthz" || path == "/readyz" || path == "/metrics";
}

// The largest body a path takes: the form's photos travel at full size (lapor_page.h).
std::size_t body_cap(const std::string& path, std::size_t max_body_bytes) {
  return path == "/lapor" ? std::max(max_body_bytes, kFormMinBodyCap) : max_body_bytes;
}

// A request refused before any route ran, answered in the shape its client reads: the form's
// page for a citizen at /lapor (too large, too many), the specification's errors under
// /open311/ (JSON, or XML for a path ending in .xml), the API's JSON error otherwise.
void answer_refusal(ServerContext& context, const httplib::Request& request,
                    httplib::Response& response, int status, std::string_view code,
                    std::string_view message) {
  if (request.path == "/lapor" && (status == 413 || status == 429))
    return answer_lapor_refusal(context, request, response, status);
  if (request.path.starts_with("/open311/"))
    return open311::send_error(
        response, request.path.ends_with(".xml") ? open311::Format::xml : open311::Format::json,
        status, message);
  send_error(response, status, code, message);
}

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  // JSON is UTF-8: an error that quotes what a client sent never passes its invalid bytes on.
  for (char c : i18n::replace_invalid_utf8(text)) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out;
}

void send_error(httplib::Response& response, int status, std::string_view code,
                std::string_view message) {
  response.status = status;
  response.set_content("{\"error\":{\"code\":\"" + json_escape(code) + "\",\"message\":\"" +
                           json_escape(message) + "\"}}",
                       "application/json");
}

HttpApp::HttpApp(ServerContext& context)
    : context_(context), config_(context.config()), static_files_(context.config().web_root) {
  http_.new_task_queue = [threads = config_.threads] { return new httplib::ThreadPool(threads); };
  http_.set_payload_max_length(body_cap("/lapor", config_.max_body_bytes));  // the largest
  http_.set_read_timeout(config_.read_timeout_seconds, 0);
  http_.set_write_timeout(config_.write_timeout_seconds, 0);
  install_routes();
}

void HttpApp::install_routes() {
  http_.set_pre_routing_handler([this](const httplib::Request& request,
                                       httplib::Response& response) {
    request_started = std::chrono::steady_clock::now();
    set_route_label("static");
    std::size_t count = 0;
    const SecurityHeader* headers = security_headers(count);
    for (std::size_t i = 0; i < count; ++i) response.set_header(headers[i].name, headers[i].value);
    // Before httplib reads the body (request_guard.h): chunked, length-less, compressed, too large.
    if (auto refusal =
            refuse_before_body(request, body_cap(request.path, config_.max_body_bytes))) {
      set_route_label("refused");
      // httplib 0.11.4 cuts any answer to the request's ranges, errors included: a refusal is
      // sent whole. (The object is httplib's own mutable request, as below.)
      const_cast<httplib::Request&>(request).ranges.clear();
      answer_refusal(context_, request, response, refusal->status, refusal->code, refusal->message);
      close_after_answer(response);
      return httplib::Server::HandlerResponse::Handled;
    }
    // httplib hands this same request object to the route; the client is found once, here.
    record_client_address(const_cast<httplib::Request&>(request), config_.trusted_proxies);
    // Every request but the operator's probes passes the per-address limit first: API calls,
    // tracking pages and the portal's files alike. It is generous (carrier NAT).
    if (!is_operator_probe(request.path) &&
        !within_rate(context_.per_address(), request_address(request), context_, response,
                     "address")) {
      // within_rate set Retry-After and the API's error; other clients get their own shape.
      answer_refusal(context_, request, response, 429, "rate.limited",
                     "too many requests from this address; slow down");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http_.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - request_started)
                      .count();
    context_.metrics().record_request(route_label(), response.status,
                                      static_cast<double>(micros) / 1e6);
    std::string device = request.get_header_value("X-Aduan-Device");
    std::printf(
        "{\"ts\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,\"ms\":%.3f,\"device\":\"%"
        "s\"}\n",
        utc_now_iso8601().c_str(), json_escape(request.method).c_str(),
        json_escape(request.path).c_str(), response.status, micros / 1000.0,
        json_escape(device.substr(0, 64)).c_str());
    std::fflush(stdout);
  });
  http_.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty() || closes_connection(response)) return;
    if (response.status == 413)
      send_error(response, 413, "request.too_large",
                 "the request body is larger than the server accepts");
    else if (response.status == 404)
      send_error(response, 404, "not_found", "no such resource");
    else
      send_error(response, response.status, "request.failed", "the request could not be handled");
  });

  routes_.get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Cache-Control", "no-store");
    response.set_content("{\"status\":\"ok\"}", "application/json");
  });
  install_device_routes(routes_, context_);
  install_report_routes(routes_, context_);
  install_tracking_routes(routes_, context_);
  install_attachment_routes(routes_, context_);
  install_officer_routes(routes_, context_);
  install_console_routes(routes_, context_);
  install_report_details_routes(routes_, context_);
  install_evidence_routes(routes_, context_);
  install_admin_routes(routes_, context_);
  install_reporter_routes(routes_, context_);
  install_stats_routes(routes_, context_);
  install_open_data_routes(routes_, context_);
  install_kiosk_routes(routes_, context_);
  install_official_routes(routes_, context_);
  install_lapor_routes(routes_, context_);
  install_open311_routes(routes_, context_);
  sms::install_routes(routes_, context_);
  routes_.unlisted().Get(R"(/.*)",
                         [this](const httplib::Request& request, httplib::Response& response) {
                           serve_static(request, response);
                         });
}

void HttpApp::serve_static(const httplib::Request& request, httplib::Response& response) const {
  auto file = static_files_.get(request.path, request.get_header_value("Accept-Encoding"));
  if (!file) return send_error(response, 404, "not_found", "no such file");
  // Half a kilobyte a file of the first load, which phones on 2G pay for.
  if (!file->is_document) {
    for (auto header = response.headers.begin(); header != response.headers.end();)
      header =
          only_documents_read(header->first) ? response.headers.erase(header) : std::next(header);
  }
  response.set_header("Cache-Control", file->cache_control);
  response.set_header("Vary", "Accept-Encoding");
  if (!file->etag.empty()) response.set_header("ETag", file->etag);
  if (etag_matches(request.get_header_value("If-None-Match"), file->etag)) {
    response.status = 304;  // the browser's copy is this file: no body
    return;
  }
  if (!file->content_encoding.empty()) {
    response.set_header("Content-Encoding", file->content_encoding);
    // cpp-httplib compresses any text response the client accepts, even one that is already
    // compressed; without Accept-Encoding it leaves the body as it is. The request is ours
    // to drop it from: nothing reads it after the handler but the response writer.
    const_cast<httplib::Request&>(request).headers.erase("Accept-Encoding");
  }
  response.set_content(file->body, file->content_type);
}

void HttpApp::serve_stream(httplib::Stream& stream) {
  bool connection_closed = false;
  http_.process_request(stream, /*close_connection=*/true, connection_closed, nullptr);
}

bool HttpApp::listen() {
  // Port 0 picks a free port; the line below tells the operator (and tests) which one.
  int port = config_.port;
  if (port == 0) {
    port = http_.bind_to_any_port(config_.address);
    if (port < 0) return false;
  } else if (!http_.bind_to_port(config_.address, port)) {
    return false;
  }
  std::fprintf(stderr, "aduan-server: listening on http://%s:%d\n", config_.address.c_str(), port);
  return http_.listen_after_bind();
}

}  // namespace aduan::server
