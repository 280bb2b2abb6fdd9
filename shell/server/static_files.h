// shell/server/static_files.h: serving the portal's dist/ folder.
//
// Owns file lookup inside the web root, media types, the choice between the precompressed
// .br / .gz copies and the plain file, the validators (ETag) and the caching and security
// headers of every response. Does not compress anything at request time: the build did that
// once. A file without a content hash in its name (the page, the font, texts, catalog, the
// service worker) is revalidated on every use; its ETag turns that into a 304 with no body,
// so nothing is downloaded twice.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aduan::server {

struct StaticResponse {
  std::string body;
  std::string content_type;
  std::string content_encoding;  // "", "br" or "gzip"
  std::string cache_control;
  // Weak validator of the plain file, the same for every encoding of it (they are the same
  // content): W/"<size>-<modification time>", in hex.
  std::string etag;
  // A page or the service worker: what the page-level security headers are read for. A
  // script, the program, a text, a catalog or an image ignores them, so they are not sent.
  bool is_document = false;
};

// True when an If-None-Match header names `etag` (or is "*"), compared weakly (RFC 9110 13.1.2):
// the answer is then 304 Not Modified without a body.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

class StaticFiles {
 public:
  explicit StaticFiles(const std::string& web_root);

  // nullopt when the path is not a file of the web root, including every path that tries to
  // leave it ("..", encoded or not, absolute paths, NUL bytes).
  std::optional<StaticResponse> get(std::string_view url_path, std::string_view accept_encoding) const;

  bool enabled() const { return !root_.empty(); }

 private:
  std::string root_;  // canonical, without a trailing slash
};

std::string_view media_type_for(std::string_view path);

// Headers every response carries, API and files alike.
struct SecurityHeader {
  const char* name;
  const char* value;
};
const SecurityHeader* security_headers(std::size_t& count);
// Of those, the ones only a document or a worker reads (the policy, framing, referrer, opener);
// X-Content-Type-Options applies to every file.
bool only_documents_read(std::string_view header_name);

}  // namespace aduan::server
