// Tests of the kiosk PIN's hash and lock (core/domain/pin_hash.h): PBKDF2-HMAC-SHA256 against
// published vectors (RFC 7914 section 11 and the widely used "password"/"salt" set), the kept
// text form, and how long wrong tries lock the PIN.
#include "core/domain/pin_hash.h"

#include <gtest/gtest.h>

#include <string>

#include "core/domain/sha256.h"

namespace aduan::domain {
namespace {

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += kHex[b >> 4U];
    out += kHex[b & 0xfU];
  }
  return out;
}

TEST(Pbkdf2Sha256, MatchesPublishedVectors) {
  EXPECT_EQ(hex(pbkdf2_sha256("password", "salt", 1, 32)),
            "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  EXPECT_EQ(hex(pbkdf2_sha256("password", "salt", 2, 32)),
            "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
  EXPECT_EQ(hex(pbkdf2_sha256("password", "salt", 4096, 32)),
            "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
  // RFC 7914: two output blocks.
  EXPECT_EQ(hex(pbkdf2_sha256("passwd", "salt", 1, 64)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
}

TEST(PinHash, KeepsASaltedHashThatOnlyTheRightPinMatches) {
  const std::string stored = hash_pin("482913", 1000);
  EXPECT_EQ(stored.find("482913"), std::string::npos);
  EXPECT_TRUE(stored.starts_with("pbkdf2-sha256$1000$"));
  EXPECT_TRUE(pin_matches(stored, "482913"));
  EXPECT_FALSE(pin_matches(stored, "482914"));
  EXPECT_FALSE(pin_matches(stored, ""));
  EXPECT_NE(hash_pin("482913", 1000), stored) << "every hash has its own salt";
}

TEST(PinHash, AMalformedStoredHashMatchesNothing) {
  for (const char* stored : {"", "482913", "pbkdf2-sha256$", "pbkdf2-sha256$0$00$00",
                             "pbkdf2-sha256$10$zz$00", "md5$1$00$00",
                             "pbkdf2-sha256$99999999$00$0000000000000000000000000000000000000000000000000000000000000000"})
    EXPECT_FALSE(pin_matches(stored, "482913")) << stored;
}

TEST(PinLock, WrongTriesLockForLongerEachTimeAndARightOneClears) {
  PinLock lock;
  const std::int64_t t = 1'000'000;
  for (int i = 0; i < PinLock::kFreeTries; ++i) {
    lock.wrong(t);
    EXPECT_FALSE(lock.locked(t)) << "try " << i + 1;
  }
  lock.wrong(t);
  EXPECT_TRUE(lock.locked(t));
  EXPECT_TRUE(lock.locked(t + 29'999));
  EXPECT_FALSE(lock.locked(t + 30'000));
  lock.wrong(t + 30'000);
  EXPECT_TRUE(lock.locked(t + 30'000 + 59'999));
  for (int i = 0; i < 20; ++i) lock.wrong(t);
  EXPECT_FALSE(lock.locked(t + 3'600'000)) << "never longer than an hour";
  lock.right();
  EXPECT_FALSE(lock.locked(t));
  EXPECT_EQ(lock.failures, 0);
}

TEST(PinLock, SurvivesAReloadAsTextAndDamagedTextIsNoLock) {
  PinLock lock;
  for (int i = 0; i < 5; ++i) lock.wrong(1'000);
  const PinLock read = PinLock::from_text(lock.to_text());
  EXPECT_EQ(read.failures, 5);
  EXPECT_EQ(read.locked_until_ms, lock.locked_until_ms);
  EXPECT_TRUE(read.locked(1'000));
  for (const char* damaged : {"", "5", "5:", ":9", "x:9", "5:9x", "-1:9", "5:-9", "5 :9"}) {
    const PinLock none = PinLock::from_text(damaged);
    EXPECT_EQ(none.failures, 0) << damaged;
    EXPECT_EQ(none.locked_until_ms, 0) << damaged;
  }
}

}  // namespace
}  // namespace aduan::domain
