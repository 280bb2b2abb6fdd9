// core/domain/hmac.cpp: HMAC-SHA256 (see hmac.h).
//
// Written as RFC 2104 section 2 reads: H(K ^ opad, H(K ^ ipad, text)), with K zero-padded to
// one block. Only the two padded-key states are kept, never the key itself, so a long-lived
// HmacSha256 holds no copy of the secret in the clear (the states are as good as the key to
// whoever reads them, but no worse).
#include "core/domain/hmac.h"

#include <algorithm>

namespace aduan::domain {
namespace {

constexpr std::uint8_t kInnerPad = 0x36U;
constexpr std::uint8_t kOuterPad = 0x5cU;

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

HmacSha256::HmacSha256(std::string_view key) {
  std::array<std::uint8_t, Sha256::kBlockSize> block{};
  if (key.size() > block.size()) {
    const auto digest = sha256(key);
    std::copy(digest.begin(), digest.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<std::uint8_t, Sha256::kBlockSize> pad{};
  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block[i] ^ kInnerPad;
  inner_.update(pad);
  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block[i] ^ kOuterPad;
  outer_.update(pad);
}

Sha256::Digest HmacSha256::operator()(std::span<const std::uint8_t> a,
                                      std::span<const std::uint8_t> b) const {
  // Copies of the keyed states: the object stays reusable and safe to share between threads.
  Sha256 inner = inner_;
  inner.update(a);
  inner.update(b);
  const auto inner_digest = inner.finish();
  Sha256 outer = outer_;
  outer.update(inner_digest);
  return outer.finish();
}

Sha256::Digest HmacSha256::operator()(std::string_view message) const {
  return (*this)(bytes_of(message));
}

std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view message) {
  return HmacSha256(key)(message);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  return to_hex(hmac_sha256(key, message));
}

}  // namespace aduan::domain
