// shell/server/http_app.h: aduan-server's HTTP surface, assembled on one httplib::Server.
//
// Owns the routing table, the per-request log line, the headers every response carries and
// the JSON error body. Does not own storage or business rules: handlers call the core.
// Kept apart from main() so tests and tools can run the same server in-process: serve_stream()
// hands one connection's bytes to the same routing without a socket (the fuzz target of
// tests/fuzz/http_handlers drives every route through it).
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

#include "shell/server/config.h"
#include "shell/server/route_table.h"
#include "shell/server/server_context.h"
#include "shell/server/static_files.h"

namespace aduan::server {

class HttpApp {
 public:
  explicit HttpApp(ServerContext& context);

  // Binds and serves until stop() is called from another thread. False if it could not bind.
  bool listen();
  void stop() { http_.stop(); }
  bool is_running() const { return http_.is_running(); }

  // Reads one request from `stream`, routes it and writes the answer to `stream`, exactly as a
  // connection's worker does (the pre-routing guard, the logger, the error handler included).
  void serve_stream(httplib::Stream& stream);

  // Every route the API describes (docs/openapi.yaml), as registered.
  const std::vector<RouteEntry>& routes() const { return routes_.entries(); }

 private:
  // httplib::Server with its per-request entry point reachable for serve_stream().
  class Routes : public httplib::Server {
   public:
    using httplib::Server::process_request;
  };

  void install_routes();
  void serve_static(const httplib::Request& request, httplib::Response& response) const;

  ServerContext& context_;
  const ServerConfig& config_;
  StaticFiles static_files_;
  Routes http_;
  RouteTable routes_{http_};
};

// {"error":{"code":..., "message":...}} with the given HTTP status.
void send_error(httplib::Response& response, int status, std::string_view code,
                std::string_view message);

// The body of a JSON string; invalid UTF-8 comes out as U+FFFD.
std::string json_escape(std::string_view text);

}  // namespace aduan::server
