// shell/server/rate_limiter.h: how many requests one device, or one network address, may make.
//
// Owns token buckets keyed by a string (a device id, or an address). Does not decide who is
// who: the routes pass the key. Per-address limits are deliberately generous, because many
// phones on one carrier share one public address; per-device limits are the tight ones.
// Thread-safe: the server's worker threads share one limiter.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace aduan::server {

class RateLimiter {
 public:
  // `burst` requests at once, refilled at `per_second`. Keys idle for `forget_after_ms` are
  // dropped so the table cannot grow without bound.
  RateLimiter(double burst, double per_second, std::int64_t forget_after_ms = 10 * 60 * 1000);

  // True if the request may go ahead now (and uses one token), false if it must wait.
  // `retry_after_ms` tells when one token will be there again.
  bool allow(const std::string& key, std::int64_t now_ms, std::int64_t* retry_after_ms = nullptr);

  std::size_t tracked_keys() const;

 private:
  struct Bucket {
    double tokens;
    std::int64_t updated_ms;
  };
  void forget_idle(std::int64_t now_ms);

  const double burst_;
  const double per_second_;
  const std::int64_t forget_after_ms_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace aduan::server
