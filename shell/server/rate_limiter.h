// shell/server/rate_limiter.h: how many requests one device, or one network address, may make.
//
// Owns token buckets keyed by a string (a device id, or an address). Does not decide who is
// who: the routes pass the key. Per-address limits are deliberately generous, because many
// phones on one carrier share one public address; per-device limits are the tight ones.
// Thread-safe: the server's worker threads share one limiter.
//
// Bounded: at most `max_keys` buckets. A bucket that has refilled to its burst is the same as
// no bucket, so those are dropped first; when every tracked key is still spending (a flood of
// new keys), a new key shares one overflow bucket instead of getting its own. A key being
// limited is therefore never forgotten early, and a flood of keys costs a fixed amount of
// memory and slows only the other new keys.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace aduan::server {

class RateLimiter {
 public:
  static constexpr std::size_t kDefaultMaxKeys = 65536;

  // `burst` requests at once, refilled at `per_second`.
  RateLimiter(double burst, double per_second, std::size_t max_keys = kDefaultMaxKeys);

  // True if the request may go ahead now (and uses one token), false if it must wait.
  // `retry_after_ms` tells when one token will be there again.
  bool allow(const std::string& key, std::int64_t now_ms, std::int64_t* retry_after_ms = nullptr);
  // True if `key` has no token left now; takes none. For limits on failures only: check
  // before the attempt, spend with allow() when it fails.
  bool limited(const std::string& key, std::int64_t now_ms, std::int64_t* retry_after_ms = nullptr);

  std::size_t tracked_keys() const;
  std::size_t max_keys() const { return max_keys_; }

 private:
  struct Bucket {
    double tokens;
    std::int64_t updated_ms;
  };
  bool take(Bucket& bucket, std::int64_t now_ms, std::int64_t* retry_after_ms) const;
  void forget_rested(std::int64_t now_ms);

  const double burst_;
  const double per_second_;
  const std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Bucket overflow_;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace aduan::server
