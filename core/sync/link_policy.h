// core/sync/link_policy.h: lite mode, the decision of how the sync engine uses a thin link.
//
// Owns the pure choice, given what is known of the link and the citizen's setting: are we in
// lite mode, how large is a photo chunk, and may photos go at all now. Does not own measuring
// (SyncEngine times its own requests into a LinkReading), the browser's hints (the shell reads
// navigator.connection and hands over a LinkHints), or the order of work, which the engine
// already keeps: report texts before pulls before photos, one request at a time.
//
// Shape: a plain function over plain values, so every case is a one-line unit test, natively
// and as WebAssembly. A photo is never held on a slow link alone: a citizen always on 2G still
// delivers the evidence, in small chunks, whenever no report text is waiting. Only an explicit
// "wait for wifi" holds photos, and only while the link is slow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aduan::sync {

// Settings → "Mode hemat data": automatic by the link, or forced.
enum class LiteSetting { automatic, on, off };
std::string_view to_string(LiteSetting setting);
LiteSetting lite_setting_from(std::string_view text);  // unknown text: automatic

// What the platform says of the link (navigator.connection), when it says anything.
struct LinkHints {
  bool known = false;
  std::string effective_type;  // "slow-2g", "2g", "3g", "4g"
  bool save_data = false;      // the citizen asked the browser to save data
};

// What the sync engine measured of its own requests.
struct LinkReading {
  LinkHints hints;
  std::optional<double> kbit_per_s;  // smoothed, over requests large enough to tell
  int consecutive_failures = 0;      // requests in a row with no useful answer
  std::int64_t measured_at = 0;      // ms: when the last sample or failure was taken
};

struct LinkPolicy {
  std::size_t normal_chunk_bytes = 64 << 10;
  // At 400 kbit/s about 0.33 s: a report saved meanwhile waits at most that for the link.
  std::size_t lite_chunk_bytes = 16 << 10;
  // Below this the link is slow. Chrome calls up to 700 kbit/s "3g"; a request's own round
  // trip lowers what a chunk measures, so the line sits a little under it.
  double slow_below_kbit_per_s = 600.0;
  int slow_after_failures = 2;
  // A measured reading (speed, failures) is forgotten this long after its last sample, and
  // when the device comes back online. With "wait for wifi" no photo goes, so nothing would
  // measure the link again: a phone carried from 2G onto wifi would hold its photos until the
  // page reloaded, in browsers without navigator.connection (Firefox, Safari).
  std::int64_t reading_lifetime_ms = 5 * 60'000;
};

struct LinkPlan {
  bool lite = false;
  bool slow = false;         // the link looks slow, whatever the setting
  bool hold_photos = false;  // "wait for wifi" and the link is slow
  std::size_t chunk_bytes = 0;
};

// True when the hints or the measurements say the link is thin.
bool link_is_slow(const LinkReading& reading, const LinkPolicy& policy = {});

LinkPlan plan_link(const LinkReading& reading, LiteSetting setting, bool wait_for_wifi,
                   const LinkPolicy& policy = {});

}  // namespace aduan::sync
