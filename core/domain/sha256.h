// core/domain/sha256.h: SHA-256 (FIPS 180-4), with the standard library only.
//
// Owns hashing bytes: a streaming hasher for data that arrives in pieces (attachment chunks,
// a report's canonical content) and one-shot helpers that return lowercase hex, the form the
// domain uses for attachment digests. Does not own what is hashed or why (core/store decides
// that), nor any keyed construction (HMAC) or secret comparison. Written here rather than
// taken from a library so that core/domain stays dependency-free and the same code runs
// natively and in WebAssembly; speed is secondary to being plainly checkable against the
// standard.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace aduan::domain {

class Sha256 {
 public:
  static constexpr std::size_t kDigestSize = 32;
  static constexpr std::size_t kBlockSize = 64;
  using Digest = std::array<std::uint8_t, kDigestSize>;

  Sha256() { reset(); }

  // Feeds more bytes; pieces of any size, in order, give the digest of their concatenation.
  void update(std::span<const std::uint8_t> bytes);
  void update(std::string_view text);
  // Pads, returns the digest of everything fed since the last reset, and resets, so one
  // object can hash one message after another.
  Digest finish();
  void reset();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, kBlockSize> buffer_{};
  std::size_t buffered_ = 0;       // bytes waiting in buffer_, always < kBlockSize
  std::uint64_t total_bytes_ = 0;  // message length so far; the padding needs it in bits
};

Sha256::Digest sha256(std::span<const std::uint8_t> bytes);
Sha256::Digest sha256(std::string_view text);
std::string to_hex(const Sha256::Digest& digest);  // 64 lowercase hex digits
std::string sha256_hex(std::span<const std::uint8_t> bytes);
std::string sha256_hex(std::string_view text);

}  // namespace aduan::domain
