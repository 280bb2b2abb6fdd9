// shell/server/static_files.cpp: see static_files.h.
//
// Paths are checked twice: the URL path may not contain a ".." segment, and the canonical
// path of the file found must still lie under the canonical web root (a symlink cannot lead
// out). Files whose name carries a content hash are cached for a year; index.html and the
// service worker are revalidated on every load so an update is seen at once, and an unchanged
// file answers that revalidation with 304 (the ETag is made from its size and modification
// time, as nginx does, so no request reads or hashes the whole file twice).
#include "shell/server/static_files.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace aduan::server {
namespace fs = std::filesystem;
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// True when Accept-Encoding lists `coding` with a non-zero q value ("br;q=0" refuses it).
bool accepts(std::string_view accept_encoding, std::string_view coding) {
  auto trim = [](std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
  };
  while (!accept_encoding.empty()) {
    std::size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    std::size_t semicolon = item.find(';');
    if (trim(item.substr(0, semicolon)) != coding) continue;
    if (semicolon == std::string_view::npos) return true;
    std::string params(trim(item.substr(semicolon + 1)));
    if (params.rfind("q=", 0) != 0) return true;
    return std::strtod(params.c_str() + 2, nullptr) > 0.0;
  }
  return false;
}

bool safe_relative_path(std::string_view path) {
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == ".." || segment == ".") return false;
    start = end + 1;
  }
  return true;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Build output names: aduan.<hash>.js, ui.<hash>.ttf ... a dot-separated part of 8+ hex digits.
bool has_content_hash(std::string_view name) {
  std::size_t run = 0;
  for (char c : name) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (c == '.' && run >= 8) return true;
    run = hex ? run + 1 : 0;
  }
  return false;
}

// W/"<size>-<mtime ns>" in hex.
std::string weak_etag(const fs::path& file) {
  std::error_code error;
  const auto size = fs::file_size(file, error);
  if (error) return {};
  const auto changed = fs::last_write_time(file, error);
  if (error) return {};
  const auto nanoseconds =
      std::chrono::duration_cast<std::chrono::nanoseconds>(changed.time_since_epoch()).count();
  char text[64];
  std::snprintf(text, sizeof text, "W/\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(nanoseconds));
  return text;
}

std::string_view without_weak_prefix(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (etag.empty()) return false;
  while (!if_none_match.empty()) {
    const std::size_t comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    if_none_match = comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "*" || without_weak_prefix(item) == without_weak_prefix(etag)) return true;
  }
  return false;
}

std::string_view media_type_for(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".ttf", "font/ttf"},
      {".woff2", "font/woff2"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".tsv", "text/tab-separated-values; charset=utf-8"},
  };
  for (const auto& [suffix, type] : kTypes)
    if (ends_with(path, suffix)) return type;
  return "application/octet-stream";
}

const SecurityHeader* security_headers(std::size_t& count) {
  static constexpr SecurityHeader kHeaders[] = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' "
       "'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  count = std::size(kHeaders);
  return kHeaders;
}

bool only_documents_read(std::string_view header_name) {
  std::size_t count = 0;
  const SecurityHeader* headers = security_headers(count);
  for (std::size_t i = 0; i < count; ++i)
    if (header_name == headers[i].name) return header_name != "X-Content-Type-Options";
  return false;
}

StaticFiles::StaticFiles(const std::string& web_root) {
  if (web_root.empty()) return;
  std::error_code error;
  fs::path canonical = fs::canonical(web_root, error);
  if (!error) root_ = canonical.string();
}

std::optional<StaticResponse> StaticFiles::get(std::string_view url_path,
                                               std::string_view accept_encoding) const {
  if (root_.empty() || url_path.empty() || url_path.front() != '/') return std::nullopt;
  std::string relative(url_path.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  if (!safe_relative_path(relative)) return std::nullopt;
  if (ends_with(relative, ".br") || ends_with(relative, ".gz")) return std::nullopt;

  std::error_code error;
  fs::path file = fs::canonical(fs::path(root_) / relative, error);
  if (error || !fs::is_regular_file(file, error)) return std::nullopt;
  std::string file_text = file.string();
  if (file_text.compare(0, root_.size() + 1, root_ + "/") != 0) return std::nullopt;

  StaticResponse response;
  response.content_type = std::string(media_type_for(file_text));
  response.is_document = ends_with(file_text, ".html") || relative == "sw.js";
  for (auto [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    if (!accepts(accept_encoding, coding)) continue;
    if (auto body = read_file(file_text + suffix)) {
      response.body = std::move(*body);
      response.content_encoding = coding;
      break;
    }
  }
  if (response.content_encoding.empty()) {
    auto body = read_file(file);
    if (!body) return std::nullopt;
    response.body = std::move(*body);
  }
  std::string name = file.filename().string();
  if (has_content_hash(name))
    response.cache_control = "public, max-age=31536000, immutable";
  else
    response.cache_control = "no-cache";
  response.etag = weak_etag(file);
  return response;
}

}  // namespace aduan::server
