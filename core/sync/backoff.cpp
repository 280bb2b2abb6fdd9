// core/sync/backoff.cpp: capped exponential backoff with jitter (backoff.h).
//
// The doubling is done in a loop that stops at the cap, so no failure count, however large,
// can overflow a shift or a multiplication.
#include "core/sync/backoff.h"

#include <algorithm>
#include <cmath>

#include "core/domain/report.h"

namespace aduan::sync {
namespace {

std::uint64_t entropy_seed() {
  std::uint64_t seed = 0;
  domain::random_bytes(reinterpret_cast<std::uint8_t*>(&seed), sizeof seed);
  return seed;
}

}  // namespace

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed)
    : policy_(policy), rng_(seed != 0 ? seed : entropy_seed()) {
  policy_.base_ms = std::max<Timestamp>(policy_.base_ms, 1);
  policy_.cap_ms = std::max(policy_.cap_ms, policy_.base_ms);
  if (!(policy_.jitter_fraction >= 0)) policy_.jitter_fraction = 0;  // also catches NaN
  policy_.jitter_fraction = std::min(policy_.jitter_fraction, 1.0);
}

Timestamp Backoff::nominal_delay(int failures) const {
  Timestamp delay = policy_.base_ms;
  for (int i = 1; i < failures && delay < policy_.cap_ms; ++i) {
    delay = delay > policy_.cap_ms / 2 ? policy_.cap_ms : delay * 2;
  }
  return std::min(delay, policy_.cap_ms);
}

Timestamp Backoff::delay(int failures) {
  const Timestamp nominal = nominal_delay(failures);
  // 53 random bits make a uniform fraction in [0, 1), exactly as a double can hold it.
  const double unit = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
  const auto cut = static_cast<Timestamp>(
      std::floor(static_cast<double>(nominal) * policy_.jitter_fraction * unit));
  return std::max<Timestamp>(nominal - cut, 1);
}

}  // namespace aduan::sync
