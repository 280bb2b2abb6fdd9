// Tests of Backoff (core/sync/backoff.h): growth, the cap, jitter within its range, the same
// delays for the same seed, and no overflow however many failures are counted.
#include "core/sync/backoff.h"

#include <gtest/gtest.h>

namespace aduan::sync {
namespace {

constexpr BackoffPolicy kPolicy{2'000, 15 * 60'000, 0.25};

TEST(Backoff, NominalDelayDoublesUntilTheCap) {
  Backoff backoff(kPolicy, 1);
  EXPECT_EQ(backoff.nominal_delay(1), 2'000);
  EXPECT_EQ(backoff.nominal_delay(2), 4'000);
  EXPECT_EQ(backoff.nominal_delay(3), 8'000);
  EXPECT_EQ(backoff.nominal_delay(9), 512'000);
  EXPECT_EQ(backoff.nominal_delay(10), 15 * 60'000);  // 1,024,000 is over the cap
  EXPECT_EQ(backoff.nominal_delay(1'000'000), 15 * 60'000);
  EXPECT_EQ(backoff.nominal_delay(0), 2'000);
  EXPECT_EQ(backoff.nominal_delay(-5), 2'000);
}

TEST(Backoff, JitterStaysWithinItsShareAndNeverExceedsTheCap) {
  Backoff backoff(kPolicy, 42);
  for (int failures = 1; failures <= 40; ++failures) {
    const Timestamp nominal = backoff.nominal_delay(failures);
    Timestamp smallest = nominal, largest = 0;
    for (int i = 0; i < 200; ++i) {
      const Timestamp d = backoff.delay(failures);
      ASSERT_LE(d, nominal) << failures;
      ASSERT_GE(d, nominal - static_cast<Timestamp>(nominal * 0.25)) << failures;
      ASSERT_LE(d, kPolicy.cap_ms);
      smallest = std::min(smallest, d);
      largest = std::max(largest, d);
    }
    // 200 draws spread over the range: the jitter is really there.
    EXPECT_LT(smallest, nominal - nominal / 8) << failures;
    EXPECT_GT(largest, nominal - nominal / 8) << failures;
  }
}

TEST(Backoff, SameSeedSameDelays) {
  Backoff a(kPolicy, 7), b(kPolicy, 7), c(kPolicy, 8);
  bool differs = false;
  for (int i = 1; i < 50; ++i) {
    const Timestamp da = a.delay(i % 12), db = b.delay(i % 12), dc = c.delay(i % 12);
    EXPECT_EQ(da, db);
    differs = differs || da != dc;
  }
  EXPECT_TRUE(differs);
}

TEST(Backoff, OddPoliciesAreMadeSafe) {
  Backoff zero({0, 0, -1.0}, 3);
  EXPECT_GE(zero.delay(1), 1);
  EXPECT_EQ(zero.policy().jitter_fraction, 0.0);
  Backoff full({1'000, 500, 5.0}, 3);  // a cap below the base becomes the base
  EXPECT_EQ(full.nominal_delay(4), 1'000);
  for (int i = 0; i < 100; ++i) EXPECT_GE(full.delay(3), 1);
}

}  // namespace
}  // namespace aduan::sync
