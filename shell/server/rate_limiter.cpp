// shell/server/rate_limiter.cpp: token buckets (see rate_limiter.h).
//
// Sweeping idle keys runs at most once a minute and is linear in the table; a flood of new
// keys is itself limited by the per-address bucket that every request passes first.
#include "shell/server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace aduan::server {

RateLimiter::RateLimiter(double burst, double per_second, std::int64_t forget_after_ms)
    : burst_(burst), per_second_(per_second), forget_after_ms_(forget_after_ms) {}

bool RateLimiter::allow(const std::string& key, std::int64_t now_ms, std::int64_t* retry_after_ms) {
  std::lock_guard lock(mutex_);
  if (now_ms - last_sweep_ms_ > 60 * 1000) forget_idle(now_ms);
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& bucket = it->second;
  if (!inserted) {
    const double elapsed_s = static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.updated_ms)) / 1000.0;
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed_s * per_second_);
    bucket.updated_ms = now_ms;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    if (retry_after_ms) *retry_after_ms = 0;
    return true;
  }
  if (retry_after_ms)
    *retry_after_ms = static_cast<std::int64_t>(std::ceil((1.0 - bucket.tokens) / per_second_ * 1000.0));
  return false;
}

void RateLimiter::forget_idle(std::int64_t now_ms) {
  last_sweep_ms_ = now_ms;
  std::erase_if(buckets_, [&](const auto& entry) {
    return now_ms - entry.second.updated_ms > forget_after_ms_;
  });
}

std::size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace aduan::server
