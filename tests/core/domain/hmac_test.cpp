// Tests of HMAC-SHA256 (core/domain/hmac.h) against the RFC 4231 test cases, plus the key
// lengths around one SHA-256 block (64 bytes), where a key stops being padded and starts being
// hashed: an off-by-one there would still pass every short-key vector. The reusable keyed
// object must give the one-shot result however often it is used, as PBKDF2 relies on it.
#include "core/domain/hmac.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/domain/pin_hash.h"

namespace aduan::domain {
namespace {

std::string bytes(std::size_t count, unsigned char value) {
  return std::string(count, static_cast<char>(value));
}

struct Vector {
  const char* name;
  std::string key;
  std::string message;
  const char* mac_hex;
};

std::vector<Vector> rfc4231_vectors() {
  std::string counting_key;  // 0x01 0x02 ... 0x19
  for (int i = 1; i <= 25; ++i) counting_key.push_back(static_cast<char>(i));
  return {
      {"case 1: short key", bytes(20, 0x0b), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"case 2: key shorter than the MAC", "Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"case 3: 0xdd message", bytes(20, 0xaa), bytes(50, 0xdd),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"case 4: counting key", counting_key, bytes(50, 0xcd),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {"case 6: key larger than a block", bytes(131, 0xaa),
       "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"case 7: key and message larger than a block", bytes(131, 0xaa),
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

TEST(HmacSha256, MatchesRfc4231) {
  for (const auto& v : rfc4231_vectors()) {
    EXPECT_EQ(hmac_sha256_hex(v.key, v.message), v.mac_hex) << v.name;
    EXPECT_EQ(to_hex(hmac_sha256(v.key, v.message)), v.mac_hex) << v.name;
  }
}

TEST(HmacSha256, MatchesRfc4231Case5TruncatedTo128Bits) {
  // RFC 4231 publishes only the first 16 bytes of this MAC; a caller that truncates keeps them.
  EXPECT_EQ(hmac_sha256_hex(bytes(20, 0x0c), "Test With Truncation").substr(0, 32),
            "a3b6167473100ee06e0c796c2955552b");
}

TEST(HmacSha256, KeysAroundOneBlockAndTheEmptyKey) {
  // Reference values from Python's hmac module.
  EXPECT_EQ(hmac_sha256_hex(std::string(64, 'k'), "Aduan"),
            "5a0587bbca4ae679ed363bf3b5d0a6332ee7c7271ac0848c61d80fe1fe3c394e");
  EXPECT_EQ(hmac_sha256_hex(std::string(65, 'k'), "Aduan"),
            "f9611784611f6c237fd677c621a00b5e83e11b3b336a029d3312245aaf4ef174");
  EXPECT_EQ(hmac_sha256_hex("", "Aduan"),
            "d9dd49336f8893caf8a99f27298d37d38aa5217faba53ed455d5ba85e006a0b4");
  // A key longer than a block acts exactly as its SHA-256 would (RFC 2104).
  const auto digest = sha256(std::string(65, 'k'));
  const std::string hashed_key(digest.begin(), digest.end());
  EXPECT_EQ(hmac_sha256_hex(hashed_key, "Aduan"), hmac_sha256_hex(std::string(65, 'k'), "Aduan"));
}

TEST(HmacSha256, DifferentKeysOrMessagesGiveDifferentMacs) {
  EXPECT_NE(hmac_sha256_hex("key", "+6281234567890"), hmac_sha256_hex("kez", "+6281234567890"));
  EXPECT_NE(hmac_sha256_hex("key", "+6281234567890"), hmac_sha256_hex("key", "+6281234567891"));
  EXPECT_NE(hmac_sha256_hex("key", "message"), sha256_hex("message"));
}

TEST(HmacSha256, KeyedObjectIsReusableAndTakesTheMessageInTwoPieces) {
  const HmacSha256 keyed("Jefe");
  const std::string message = "what do ya want for nothing?";
  const std::string expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  for (int round = 0; round < 3; ++round) EXPECT_EQ(to_hex(keyed(message)), expected);
  const std::string_view view(message);
  for (std::size_t split = 0; split <= message.size(); ++split) {
    const auto first = view.substr(0, split), second = view.substr(split);
    const auto mac =
        keyed(std::span(reinterpret_cast<const std::uint8_t*>(first.data()), first.size()),
              std::span(reinterpret_cast<const std::uint8_t*>(second.data()), second.size()));
    EXPECT_EQ(to_hex(mac), expected) << "split at " << split;
  }
}

TEST(HmacSha256, Pbkdf2OnTopOfItStillMatchesRfc7914) {
  // pin_hash.cpp uses this HMAC; its own vectors are in pin_hash_test.cpp, and one is repeated
  // here so a change to the HMAC that breaks PBKDF2 fails next to its cause.
  const auto key = pbkdf2_sha256("passwd", "salt", 1, 32);
  Sha256::Digest digest{};
  ASSERT_EQ(key.size(), digest.size());
  std::copy(key.begin(), key.end(), digest.begin());
  EXPECT_EQ(to_hex(digest), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
}

}  // namespace
}  // namespace aduan::domain
