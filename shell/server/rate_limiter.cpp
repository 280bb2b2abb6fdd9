// shell/server/rate_limiter.cpp: token buckets (see rate_limiter.h).
//
// Sweeping rested keys is linear in the table, so it runs once a minute, and when the table is
// full at most once a second: a flood of new keys pays for one sweep a second, not one each.
#include "shell/server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace aduan::server {

RateLimiter::RateLimiter(double burst, double per_second, std::size_t max_keys)
    : burst_(burst),
      per_second_(per_second),
      max_keys_(std::max<std::size_t>(1, max_keys)),
      overflow_{burst, 0} {}

bool RateLimiter::allow(const std::string& key, std::int64_t now_ms, std::int64_t* retry_after_ms) {
  std::lock_guard lock(mutex_);
  if (now_ms - last_sweep_ms_ > 60 * 1000) forget_rested(now_ms);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_ && now_ms - last_sweep_ms_ >= 1000) forget_rested(now_ms);
    if (buckets_.size() >= max_keys_) return take(overflow_, now_ms, retry_after_ms);
    it = buckets_.emplace(key, Bucket{burst_, now_ms}).first;
  }
  return take(it->second, now_ms, retry_after_ms);
}

bool RateLimiter::limited(const std::string& key, std::int64_t now_ms, std::int64_t* retry_after_ms) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  // A key never seen has a full bucket, unless it would land in the overflow bucket.
  Bucket probe = it != buckets_.end() ? it->second
                 : buckets_.size() >= max_keys_ ? overflow_
                                                : Bucket{burst_, now_ms};
  return !take(probe, now_ms, retry_after_ms);
}

bool RateLimiter::take(Bucket& bucket, std::int64_t now_ms, std::int64_t* retry_after_ms) const {
  const double elapsed_s =
      static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.updated_ms)) / 1000.0;
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed_s * per_second_);
  bucket.updated_ms = std::max(bucket.updated_ms, now_ms);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    if (retry_after_ms) *retry_after_ms = 0;
    return true;
  }
  if (retry_after_ms)
    *retry_after_ms =
        static_cast<std::int64_t>(std::ceil((1.0 - bucket.tokens) / per_second_ * 1000.0));
  return false;
}

void RateLimiter::forget_rested(std::int64_t now_ms) {
  last_sweep_ms_ = now_ms;
  std::erase_if(buckets_, [&](const auto& entry) {
    const double elapsed_s =
        static_cast<double>(std::max<std::int64_t>(0, now_ms - entry.second.updated_ms)) / 1000.0;
    return entry.second.tokens + elapsed_s * per_second_ >= burst_;
  });
}

std::size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace aduan::server
