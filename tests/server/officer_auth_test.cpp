// The server's secrets and login checks, in process: the libsodium source is the one the core
// draws from, session tokens stay unique across threads, an unknown username costs one
// password verification like a wrong password, and the login throttle slows a guesser at one
// address without locking the officer out from another.
#include "shell/server/officer_auth.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/domain/sha256.h"
#include "shell/server/secure_random.h"

namespace aduan::server {
namespace {

class Cryptography : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(start_cryptography()); }
  void TearDown() override { domain::install_random_source(&sodium_random_source()); }
};

// Every byte 0x5a, so a token drawn from it is recognisable.
class MarkedSource final : public domain::RandomSource {
 public:
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = 0x5a;
  }
};

TEST_F(Cryptography, TheServerInstallsLibsodiumAsTheCoresSource) {
  EXPECT_EQ(&domain::random_source(), &sodium_random_source());
}

TEST_F(Cryptography, SessionTokensComeFromTheInstalledSource) {
  MarkedSource marked;
  domain::install_random_source(&marked);
  const NewSession session = make_session(1000);
  std::string expected;
  for (int i = 0; i < 32; ++i) expected += "5a";
  EXPECT_EQ(session.token, expected);
  EXPECT_EQ(session.token_sha256, domain::sha256_hex(session.token));
  EXPECT_EQ(session.expires_at, 1000 + kSessionLifetimeMs);
}

// Tokens made by 8 threads at once, 2000 each: all distinct (a source shared unlocked could
// hand two threads the same state).
void expect_unique_tokens_across_threads() {
  constexpr int kThreads = 8, kEach = 2000;
  std::mutex mutex;
  std::set<std::string> tokens;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < kEach; ++i) mine.push_back(make_session(0).token);
      std::lock_guard lock(mutex);
      tokens.insert(mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(tokens.size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST_F(Cryptography, SessionTokensAreUniqueAcrossThreads) {
  expect_unique_tokens_across_threads();
}

TEST_F(Cryptography, ThePlatformSourceIsSafeAcrossThreadsToo) {
  domain::install_random_source(nullptr);  // what the command-line device and the tests use
  expect_unique_tokens_across_threads();
}

TEST_F(Cryptography, AnUnknownUsernameCostsOneVerificationLikeAWrongPassword) {
  auto hash = hash_password("kata-sandi-panjang");
  ASSERT_TRUE(hash);
  const std::uint64_t before = password_verifications();
  EXPECT_FALSE(password_matches(hash.value(), "salah-sandi-panjang"));
  const std::uint64_t after_wrong = password_verifications();
  EXPECT_FALSE(password_matches(std::nullopt, "salah-sandi-panjang"));
  const std::uint64_t after_unknown = password_verifications();
  EXPECT_TRUE(password_matches(hash.value(), "kata-sandi-panjang"));
  EXPECT_EQ(after_wrong - before, 1u);
  EXPECT_EQ(after_unknown - after_wrong, 1u);
  EXPECT_EQ(password_verifications() - after_unknown, 1u);
}

TEST(LoginThrottle, AGuesserAtOneAddressDoesNotLockTheOfficerOutElsewhere) {
  LoginThrottle throttle;
  std::int64_t retry_after_ms = 0;
  int allowed = 0;
  for (int i = 0; i < 10; ++i)
    allowed += throttle.allow("petugas", "198.51.100.7", 0, &retry_after_ms) ? 1 : 0;
  EXPECT_EQ(allowed, 5) << "five tries, then the guesser waits";
  EXPECT_GT(retry_after_ms, 0);
  EXPECT_TRUE(throttle.allow("petugas", "203.0.113.20", 0, &retry_after_ms))
      << "the officer at the office";
  EXPECT_TRUE(throttle.allow("petugas", "198.51.100.7", 30'000, &retry_after_ms))
      << "one more every 30 s";
}

TEST(LoginThrottle, ManyAddressesMeetTheLooserLimitPerUsername) {
  LoginThrottle throttle;
  int allowed = 0;
  for (int i = 0; i < 200; ++i)
    allowed +=
        throttle.allow("petugas", "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250),
                       0, nullptr)
            ? 1
            : 0;
  EXPECT_EQ(allowed, 50);
  EXPECT_TRUE(throttle.allow("lain", "10.0.0.1", 0, nullptr)) << "another username is unaffected";
}

}  // namespace
}  // namespace aduan::server
