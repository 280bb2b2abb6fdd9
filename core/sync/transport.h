// core/sync/transport.h: the only ways core/sync reaches the network and the time.
//
// Owns the Clock and Transport interfaces, the shape of one request and its outcome, and the
// paths and header names the sync conversation uses. Does not own HTTP (shell/device's fetch
// bridge, the native client, a test's loopback do), retries or timeouts: a Transport reports
// every outcome, a timeout included, through its callback exactly once.
//
// Shaped for the browser's main thread: send() returns at once and the answer arrives later
// through the callback, so nothing here blocks. A Transport may also call back before send()
// returns (a loopback in tests, a cached answer); callers must be ready for both.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/report.h"
#include "core/wire/envelope.h"

namespace aduan::sync {

using domain::Timestamp;

// "Nothing to do until something changes": what tick() returns when the engine is idle.
inline constexpr Timestamp kNever = std::numeric_limits<Timestamp>::max();

// Paths of the sync conversation (core/wire/messages.h has the messages).
inline constexpr std::string_view kPathRegister = "/api/v1/devices:register";
inline constexpr std::string_view kPathPush = "/api/v1/reports:push";
inline constexpr std::string_view kPathPull = "/api/v1/events:pull";

// Header names that carry the device's credentials. The secret travels only in a header, never
// in a body or a URL, so it stays out of logs that record paths and sizes.
inline constexpr std::string_view kHeaderDeviceId = "X-Aduan-Device";
inline constexpr std::string_view kHeaderDeviceSecret = "X-Aduan-Secret";
inline constexpr std::string_view kHeaderContentType = "Content-Type";
inline constexpr std::string_view kWireContentType = "application/vnd.aduan.wire";

struct Request {
  std::string method = "POST";  // "GET" and "PUT" for attachment uploads
  std::string path;             // one of the kPath* above, or an attachment's path and query
  wire::Bytes body;             // an encoded wire message, or a chunk of an attachment
  std::vector<std::pair<std::string, std::string>> headers;

  // The value of the first header called `name` (ASCII case-insensitive), or "".
  std::string_view header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < key.size() && same; ++i) {
        same = ascii_lower(key[i]) == ascii_lower(name[i]);
      }
      if (same) return value;
    }
    return {};
  }

 private:
  static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
};

struct Response {
  bool transport_ok = false;  // false: no HTTP answer at all (offline, DNS, reset, timeout)
  int http_status = 0;        // meaningful only when transport_ok
  wire::Bytes body;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;  // milliseconds since the Unix epoch, UTC
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Starts `request`; on_done is called exactly once with the outcome, now or later. A caller
  // that may be gone by then guards its own callback (SyncEngine does).
  virtual void send(Request request, std::function<void(Response)> on_done) = 0;
};

}  // namespace aduan::sync
