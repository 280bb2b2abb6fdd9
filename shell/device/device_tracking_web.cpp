// shell/device/device_tracking_web.cpp: tracking a code in the browser (DeviceServices::track).
//
// Owns asking GET /api/v1/track/<code> (with the report's receipt when this device sent it, so
// the sender sees the title of a confidential report) and, when the server cannot be reached or
// does not know the code, the history last seen on this device. Does not own the JSON: the
// page's JSON.parse reads the answer and hands it over flattened into records
// (aduan_track_flatten in web/device.js), so no C++ searches JSON text.
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/tracking_code.h"
#include "shell/device/web_device_services.h"

namespace aduan::app {
namespace {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// web/device.js writes whole milliseconds (Date.parse), 0 when a date is unreadable.
domain::Timestamp to_ms(const std::string& text) {
  domain::Timestamp ms = 0;
  std::from_chars(text.data(), text.data() + text.size(), ms);
  return ms;
}

}  // namespace

TrackResult WebDeviceServices::cached_track(const std::string& code, std::string error_if_missing) {
  TrackResult result;
  result.from_cache = true;
  if (store_) {
    auto report = store_->report_by_tracking_code(code);
    if (report && report.value()) {
      result.found = true;
      result.title = report.value()->title;
      if (auto events = store_->timeline(report.value()->id); events) {
        result.timeline = std::move(events).value();
      }
      if (!result.timeline.empty()) {
        result.status = result.timeline.back().status;
      } else if (auto entry = store_->outbox_entry(report.value()->id); entry && entry.value()) {
        result.status = std::string(store::to_string(entry.value()->state));
      }
      return result;
    }
  }
  result.error = std::move(error_if_missing);
  return result;
}

void WebDeviceServices::track(const std::string& typed, std::function<void(TrackResult)> done) {
  auto code = domain::normalize_tracking_code(typed);
  if (!code) {
    TrackResult result;
    result.error = "track.not_found";
    return done(std::move(result));
  }
  sync::Request request;
  request.method = "GET";
  request.path = "/api/v1/track/" + code.value();
  request.headers.emplace_back("Accept", "application/json");
  if (store_) {
    // The sender's own view (title and text of a confidential report) needs its receipt.
    auto report = store_->report_by_tracking_code(code.value());
    if (report && report.value() && !report.value()->receipt_secret.empty()) {
      request.headers.emplace_back("X-Aduan-Receipt", report.value()->receipt_secret);
    }
  }
  transport_.send(std::move(request), [this, code = code.value(), done](sync::Response response) {
    if (!response.transport_ok || response.http_status >= 500) {
      return done(cached_track(code, response.transport_ok ? "track.failed" : "track.offline"));
    }
    if (response.http_status == 404) return done(cached_track(code, "track.not_found"));
    char* flat =
        response.http_status == 200
            ? aduan_track_flatten(response.body.data(), static_cast<int>(response.body.size()))
            : nullptr;
    if (flat == nullptr) return done(cached_track(code, "track.failed"));
    TrackResult result;
    result.found = true;
    const auto records = split(flat, '\x1e');
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto f = split(records[i], '\x1f');
      if (i == 0 && f.size() >= 2) {
        result.status = f[0];
        result.title = f[1];
      } else if (f.size() >= 4 && f[0] == "E") {
        store::TimelineEvent event;
        event.seq = static_cast<std::int64_t>(result.timeline.size()) + 1;
        event.status = f[1];
        event.at = to_ms(f[2]);
        event.actor = f[3];
        result.timeline.push_back(std::move(event));
      } else if (f.size() >= 4 && f[0] == "A") {
        result.answers.push_back({f[1], to_ms(f[2]), f[3]});
      }
    }
    done(std::move(result));
  });
}

}  // namespace aduan::app
