// Where secrets come from and how they are compared: the installed random source is the one
// every id and secret is drawn from, and the comparison is right for every kind of difference.
// (Many threads drawing at once is native only: tests/server/officer_auth_test.cpp.)
#include "core/domain/secrets.h"

#include <gtest/gtest.h>

#include <string>

#include "core/domain/report.h"
#include "core/domain/tracking_code.h"

namespace aduan::domain {
namespace {

// A source a test can recognise: every byte is `byte`, and it counts its calls.
class MarkedSource final : public RandomSource {
 public:
  explicit MarkedSource(std::uint8_t byte) : byte_(byte) {}
  void fill(std::span<std::uint8_t> out) override {
    ++calls;
    for (auto& b : out) b = byte_;
  }
  int calls = 0;

 private:
  std::uint8_t byte_;
};

// Installs a source for one test and always puts the default back.
struct Installed {
  explicit Installed(RandomSource& source) { install_random_source(&source); }
  ~Installed() { install_random_source(nullptr); }
  Installed(const Installed&) = delete;
  Installed& operator=(const Installed&) = delete;
};

std::string ab_times(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += "ab";
  return text;
}

TEST(Secrets, EveryIdAndSecretIsDrawnFromTheInstalledSource) {
  MarkedSource marked(0xab);
  {
    Installed installed(marked);
    EXPECT_EQ(&random_source(), &marked);
    EXPECT_EQ(random_hex(4), ab_times(4));
    EXPECT_EQ(ReportId::random().to_string(), ab_times(16));
    (void)make_tracking_code();
    EXPECT_GE(marked.calls, 3);
  }
  EXPECT_NE(&random_source(), &marked) << "uninstalling goes back to the platform source";
  EXPECT_NE(random_hex(16), ab_times(16));
}

TEST(Secrets, ConstantTimeEqualIsEqualityForEveryKindOfDifference) {
  const std::string secret = "00112233445566778899aabbccddeeff";
  EXPECT_TRUE(constant_time_equal(secret, secret));
  EXPECT_TRUE(constant_time_equal("", ""));
  std::string first = secret, last = secret;
  first.front() = '1';
  last.back() = '0';
  EXPECT_FALSE(constant_time_equal(secret, first));
  EXPECT_FALSE(constant_time_equal(secret, last));
  EXPECT_FALSE(constant_time_equal(secret, secret.substr(0, 31)));
  EXPECT_FALSE(constant_time_equal(secret, secret + "0"));
  EXPECT_FALSE(constant_time_equal("", secret));
  EXPECT_FALSE(constant_time_equal(secret, std::string(32, '\0')));
}

}  // namespace
}  // namespace aduan::domain
