// Tests of SHA-256 (core/domain/sha256.h) against the FIPS 180-4 example messages, plus the
// streaming rule: any split of a message into pieces gives the digest of the whole, since
// attachments are hashed chunk by chunk as they arrive.
#include "core/domain/sha256.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace aduan::domain {
namespace {

constexpr std::string_view kTwoBlockMessage =  // 448 bits: the padding needs a second block
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(sha256_hex(std::string_view()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::span<const std::uint8_t>()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, OneBlockMessageAbc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessageOf448Bits) {
  EXPECT_EQ(sha256_hex(kTwoBlockMessage),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, MessageOf896Bits) {
  EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, OneMillionTimesA) {
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), expected);
  // The same message streamed in uneven pieces, as chunked uploads arrive.
  Sha256 hasher;
  const std::string piece(997, 'a');
  std::size_t fed = 0;
  while (fed < 1000000) {
    std::size_t n = std::min<std::size_t>(piece.size() - fed % 7, 1000000 - fed);
    hasher.update(std::string_view(piece).substr(0, n));
    fed += n;
  }
  EXPECT_EQ(to_hex(hasher.finish()), expected);
}

TEST(Sha256, EverySplitOfAMessageGivesTheSameDigest) {
  std::vector<std::uint8_t> message(200);
  for (std::size_t i = 0; i < message.size(); ++i) {
    message[i] = static_cast<std::uint8_t>(i * 37 + 11);
  }
  const std::string whole = sha256_hex(message);
  for (std::size_t split = 0; split <= message.size(); ++split) {
    Sha256 hasher;
    hasher.update(std::span<const std::uint8_t>(message).first(split));
    hasher.update(std::span<const std::uint8_t>(message).subspan(split));
    ASSERT_EQ(to_hex(hasher.finish()), whole) << "split at " << split;
  }
}

TEST(Sha256, LengthsAroundThePaddingBoundaryDiffer) {
  // 55, 56 and 64 bytes are the lengths where the padding changes shape.
  std::vector<std::string> digests;
  for (std::size_t n : {54, 55, 56, 57, 63, 64, 65}) {
    digests.push_back(sha256_hex(std::string(n, 'x')));
  }
  for (std::size_t i = 0; i < digests.size(); ++i) {
    for (std::size_t j = i + 1; j < digests.size(); ++j) EXPECT_NE(digests[i], digests[j]);
  }
  EXPECT_EQ(sha256_hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, FinishResetsForTheNextMessage) {
  Sha256 hasher;
  hasher.update("some other message first");
  (void)hasher.finish();
  hasher.update("abc");
  EXPECT_EQ(to_hex(hasher.finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace aduan::domain
