// core/sync/backoff.h: how long to wait before trying again, after how many failures.
//
// Owns the capped exponential backoff with jitter that both the outbox rows (per report,
// counted by the row's attempts) and the engine itself (counted by consecutive failed
// requests) use. Does not own when a failure happened or what is retried: SyncEngine does.
//
// Why jitter: after an outage every device in a district comes back at the same moment; a
// random share of each delay spreads their retries so the server is not hit in lockstep. The
// jitter only ever shortens a delay, so the cap is a real upper bound the UI can promise.
// The generator is std::mt19937_64, whose output the standard fixes, and the fraction is made
// from its raw bits (not a std:: distribution, whose results differ between standard
// libraries), so a seed gives the same delays natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <random>

#include "core/sync/transport.h"

namespace aduan::sync {

struct BackoffPolicy {
  Timestamp base_ms = 2'000;       // the delay after the first failure
  Timestamp cap_ms = 15 * 60'000;  // never wait longer than this
  double jitter_fraction = 0.25;   // up to this share of a delay is taken off at random
};

class Backoff {
 public:
  // seed 0 draws a seed from the platform's entropy source.
  explicit Backoff(BackoffPolicy policy, std::uint64_t seed = 0);

  // The delay before the next try after `failures` failures in a row (1 = the first failure):
  // min(cap, base * 2^(failures-1)) less a random share of at most jitter_fraction. failures
  // below 1 count as 1. Always at least 1 ms, so a retry is never due in the same instant.
  Timestamp delay(int failures);

  // The delay without jitter: the upper bound of delay(failures).
  Timestamp nominal_delay(int failures) const;

  const BackoffPolicy& policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
  std::mt19937_64 rng_;
};

}  // namespace aduan::sync
