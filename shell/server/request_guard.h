// shell/server/request_guard.h: requests refused on their headers, before any body is read.
//
// cpp-httplib 0.11.4 reads a chunked body, or a body without Content-Length (until the client
// closes), into memory with no limit, and inflates gzip or brotli request bodies; only a
// Content-Length is checked against the payload limit, and a body over it is read to the end
// before the 413. Its pre-routing handler runs after the headers and before the body, so the
// rules live there:
//   Content-Encoding (any)                         415  nothing here sends compressed bodies
//   Transfer-Encoding (chunked or any other)       411  every client sends a Content-Length
//   POST/PUT/PATCH without Content-Length          411  httplib would read until the close
//   Content-Length not a number, or given twice    400
//   Content-Length over the path's cap             413  at once, not after reading it all
//                                                       (--max-body-bytes; /lapor at least
//                                                       the proxy's 5 MiB, lapor_page.h)
//   GET/HEAD/OPTIONS with a body                   400  it would be read as the next request
//   Range with more than one range                 416  httplib builds a multipart answer of
//                                                       every range in memory; no client of
//                                                       Aduan asks for more than one
// A refused request's connection is closed after the answer, so the body the client may still
// be sending is never read, not even as the next request on the connection. The answer's shape
// is its client's (http_app.cpp): the API's JSON error, /lapor's page, Open311's errors.
// Does not own limits httplib applies itself or cannot apply (README, "What the server
// enforces and what the proxy must").
#pragma once

#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace aduan::server {

struct Refusal {
  int status = 0;
  std::string_view code;
  std::string_view message;
};

std::optional<Refusal> refuse_before_body(const httplib::Request& request,
                                          std::size_t max_body_bytes);

// Ends the connection after `response`, the refusal already answered in its client's shape.
void close_after_answer(httplib::Response& response);

// True for an answer made by close_after_answer (the error handler leaves it as it is).
bool closes_connection(const httplib::Response& response);

}  // namespace aduan::server
