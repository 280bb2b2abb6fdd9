// core/sync/link_policy.cpp: lite mode's decision (link_policy.h).
//
// Hints and measurements are combined with "or": navigator.connection is missing in many
// browsers and coarse in the rest, and a measurement needs a few requests first; either one
// saying "thin" is enough to put the texts first and shrink the chunks, which costs a fast
// link little (a few more requests) and saves a slow one a long wait.
#include "core/sync/link_policy.h"

namespace aduan::sync {

std::string_view to_string(LiteSetting setting) {
  switch (setting) {
    case LiteSetting::on: return "on";
    case LiteSetting::off: return "off";
    case LiteSetting::automatic: break;
  }
  return "auto";
}

LiteSetting lite_setting_from(std::string_view text) {
  if (text == "on") return LiteSetting::on;
  if (text == "off") return LiteSetting::off;
  return LiteSetting::automatic;
}

bool link_is_slow(const LinkReading& reading, const LinkPolicy& policy) {
  const LinkHints& hints = reading.hints;
  if (hints.known) {
    if (hints.save_data) return true;
    if (hints.effective_type == "slow-2g" || hints.effective_type == "2g" ||
        hints.effective_type == "3g") {
      return true;
    }
  }
  if (reading.kbit_per_s && *reading.kbit_per_s < policy.slow_below_kbit_per_s) return true;
  return reading.consecutive_failures >= policy.slow_after_failures;
}

LinkPlan plan_link(const LinkReading& reading, LiteSetting setting, bool wait_for_wifi,
                   const LinkPolicy& policy) {
  LinkPlan plan;
  plan.slow = link_is_slow(reading, policy);
  plan.lite = setting == LiteSetting::on || (setting == LiteSetting::automatic && plan.slow);
  plan.chunk_bytes = plan.lite ? policy.lite_chunk_bytes : policy.normal_chunk_bytes;
  // "Wait for wifi" is the citizen's word and outranks "off": it holds photos on any slow
  // link, and only there, so a fast link always lets them go.
  plan.hold_photos = wait_for_wifi && plan.slow;
  return plan;
}

}  // namespace aduan::sync
