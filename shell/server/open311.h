// shell/server/open311.h: what the Open311 GeoReport v2 routes share (api_open311.cpp for
// discovery and services, api_open311_requests.cpp for service requests): the two formats,
// the specification's error shape, and the jurisdiction check.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "shell/server/route_table.h"
#include "shell/server/server_context.h"

namespace aduan::server::open311 {

enum class Format { json, xml };

Format format_of(const std::string& extension);  // "xml" or anything else (json)
// <tag>text</tag>, the text escaped.
std::string xml_text(std::string_view tag, std::string_view text);
// The specification's errors: [{"code":404,"description":"..."}] or <errors><error>...</errors>,
// with `status` as the HTTP status too.
void send_error(httplib::Response& response, Format format, int status,
                std::string_view description);
// Whether the request may go on: jurisdiction_id absent or "aduan". Otherwise the error is sent.
bool jurisdiction_known(const httplib::Request& request, httplib::Response& response,
                        Format format);
// The methods the Open311 routes serve at `path` ("GET", "GET, POST"), "" for no route's path:
// the catch-all's 405 and its Allow header.
std::string methods_of(const std::string& path);
// A category's name as a service's: English with ?lang=en, Bahasa Indonesia otherwise.
std::string_view service_name(const domain::Category& category, const httplib::Request& request);
// A 200 answer in the asked format (the XML gets its declaration).
void answer(httplib::Response& response, Format format, const std::string& json,
            const std::string& xml, std::string_view cache_control);

// api_open311_requests.cpp: GET requests and requests/<id>, before the prefix's catch-all.
void install_request_routes(RouteTable& routes, ServerContext& context);
// api_open311_post.cpp: POST requests, with a key.
void install_create_route(RouteTable& routes, ServerContext& context);

}  // namespace aduan::server::open311
