// core/domain/hmac.h: HMAC-SHA256 (RFC 2104, FIPS 198-1) over the core's own SHA-256.
//
// Owns the one keyed hash of the project: PBKDF2 for the kiosk PIN (pin_hash.h) and the
// server's keyed hashes of SMS senders' numbers are both built on it. Does not own where a key
// comes from or is kept (the server's secrets table, a kiosk's settings), nor comparing a MAC
// with one that was sent: that is constant_time_equal in secrets.h, never operator==.
//
// Shape: HmacSha256 hashes the key's inner and outer pads once when it is made, so a caller
// that MACs many messages under one key (PBKDF2 does it 100,000 times per PIN check) pays two
// compressions per short message instead of four. The free functions are the one-shot form
// for everything else. Keys longer than one SHA-256 block are hashed first, as RFC 2104 says.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/domain/sha256.h"

namespace aduan::domain {

class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key);

  // The MAC of `a` followed by `b` (two pieces so PBKDF2 can MAC salt || block index without
  // copying them together).
  Sha256::Digest operator()(std::span<const std::uint8_t> a,
                            std::span<const std::uint8_t> b = {}) const;
  Sha256::Digest operator()(std::string_view message) const;

 private:
  Sha256 inner_, outer_;  // states after the key's ipad and opad blocks
};

std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view message);
// The same MAC as 64 lowercase hex digits, the form the server stores.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace aduan::domain
