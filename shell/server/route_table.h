// shell/server/route_table.h: the server's list of its routes, kept as they are registered.
//
// Owns registering a route on the httplib::Server and recording it as docs/openapi.yaml names
// it: the method and the path template ("GET /api/v1/track/{code}"). The template is also the
// route's label in the metrics and the request log (never the concrete path, which can carry a
// tracking code). Does not own the handlers or what they answer. Shaped so because the list is
// what tests/server/route_table_test.cpp compares with the OpenAPI file: a route that is served
// is listed because registering it is what lists it.
#pragma once

#include <httplib.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace aduan::server {

// A route as docs/openapi.yaml names it.
struct RouteEntry {
  std::string method;  // "GET", "POST" or "PUT"
  std::string path;    // the template: "/api/v1/track/{code}"
  friend bool operator==(const RouteEntry&, const RouteEntry&) = default;
};

class RouteTable {
 public:
  explicit RouteTable(httplib::Server& http) : http_(http) {}

  // `path` is both the template and httplib's pattern (a path with no parameter).
  void get(const std::string& path, httplib::Server::Handler handler) {
    get(path, path, std::move(handler));
  }
  void post(const std::string& path, httplib::Server::Handler handler) {
    post(path, path, std::move(handler));
  }
  // `pattern` is httplib's regular expression for the paths the template `path` stands for.
  void get(const std::string& path, const std::string& pattern, httplib::Server::Handler handler);
  void post(const std::string& path, const std::string& pattern, httplib::Server::Handler handler);
  void put(const std::string& path, const std::string& pattern, httplib::Server::Handler handler);

  // For what the API does not describe (the portal's files, a prefix's 404): served, not listed;
  // such a handler sets its own label.
  httplib::Server& unlisted() { return http_; }

  const std::vector<RouteEntry>& entries() const { return entries_; }

 private:
  httplib::Server::Handler labelled(const char* method, const std::string& path,
                                    httplib::Server::Handler handler);

  httplib::Server& http_;
  std::vector<RouteEntry> entries_;
  std::deque<std::string> labels_;  // stable storage: the log reads a label by pointer
};

// Records the route's label for metrics and logs (never the concrete path).
void set_route_label(const char* label);
const char* route_label();

}  // namespace aduan::server
