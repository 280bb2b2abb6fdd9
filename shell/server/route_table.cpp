// shell/server/route_table.cpp: registering routes and listing them (route_table.h).
#include "shell/server/route_table.h"

namespace aduan::server {
namespace {

// The label of the request the current worker thread is handling.
thread_local const char* current_route = "other";

}  // namespace

void set_route_label(const char* label) {
  current_route = label;
}
const char* route_label() {
  return current_route;
}

httplib::Server::Handler RouteTable::labelled(const char* method, const std::string& path,
                                              httplib::Server::Handler handler) {
  entries_.push_back({method, path});
  const char* label = labels_.emplace_back(path).c_str();
  return [label, handler = std::move(handler)](const httplib::Request& request,
                                               httplib::Response& response) {
    set_route_label(label);
    handler(request, response);
  };
}

void RouteTable::get(const std::string& path, const std::string& pattern,
                     httplib::Server::Handler handler) {
  http_.Get(pattern, labelled("GET", path, std::move(handler)));
}

void RouteTable::post(const std::string& path, const std::string& pattern,
                      httplib::Server::Handler handler) {
  http_.Post(pattern, labelled("POST", path, std::move(handler)));
}

void RouteTable::put(const std::string& path, const std::string& pattern,
                     httplib::Server::Handler handler) {
  http_.Put(pattern, labelled("PUT", path, std::move(handler)));
}

}  // namespace aduan::server
