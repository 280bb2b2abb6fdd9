// core/domain/pin_hash.cpp: see pin_hash.h.
#include "core/domain/pin_hash.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include "core/domain/hmac.h"
#include "core/domain/secrets.h"
#include "core/domain/sha256.h"

namespace aduan::domain {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto [end, error] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, out[i], 16);
    if (error != std::errc() || end != hex.data() + 2 * i + 2) return std::nullopt;
  }
  return out;
}

std::string to_hex_bytes(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += kHex[b >> 4U];
    out += kHex[b & 0xfU];
  }
  return out;
}

}  // namespace

std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::string_view salt,
                                        std::uint32_t iterations, std::size_t length) {
  const HmacSha256 hmac(password);
  std::vector<std::uint8_t> out;
  out.reserve(length);
  for (std::uint32_t block = 1; out.size() < length; ++block) {
    const std::array<std::uint8_t, 4> index{static_cast<std::uint8_t>(block >> 24U),
                                            static_cast<std::uint8_t>(block >> 16U),
                                            static_cast<std::uint8_t>(block >> 8U),
                                            static_cast<std::uint8_t>(block)};
    auto u = hmac(bytes_of(salt), index);
    auto t = u;
    for (std::uint32_t i = 1; i < iterations; ++i) {
      u = hmac(u);
      for (std::size_t j = 0; j < t.size(); ++j) t[j] ^= u[j];
    }
    const std::size_t take = std::min(t.size(), length - out.size());
    out.insert(out.end(), t.begin(), t.begin() + static_cast<std::ptrdiff_t>(take));
  }
  return out;
}

std::string hash_pin(std::string_view pin, std::uint32_t iterations) {
  const std::string salt = random_hex(16);
  const auto salt_bytes = from_hex(salt).value_or(std::vector<std::uint8_t>{});
  const std::string_view salt_view(reinterpret_cast<const char*>(salt_bytes.data()), salt_bytes.size());
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + salt + "$" +
         to_hex_bytes(pbkdf2_sha256(pin, salt_view, iterations, Sha256::kDigestSize));
}

bool pin_matches(std::string_view stored, std::string_view pin) {
  constexpr std::string_view kScheme = "pbkdf2-sha256$";
  if (!stored.starts_with(kScheme)) return false;
  stored.remove_prefix(kScheme.size());
  const auto first = stored.find('$');
  const auto second = first == std::string_view::npos ? first : stored.find('$', first + 1);
  if (second == std::string_view::npos) return false;
  std::uint32_t iterations = 0;
  const auto [end, error] = std::from_chars(stored.data(), stored.data() + first, iterations);
  // A stored count of 0, or one far beyond what set-up writes, is not a hash this code made.
  if (error != std::errc() || end != stored.data() + first || iterations == 0 ||
      iterations > 10 * kPinIterations)
    return false;
  const auto salt = from_hex(stored.substr(first + 1, second - first - 1));
  const std::string_view expected = stored.substr(second + 1);
  if (!salt || expected.size() != 2 * Sha256::kDigestSize) return false;
  const std::string_view salt_view(reinterpret_cast<const char*>(salt->data()), salt->size());
  return constant_time_equal(
      to_hex_bytes(pbkdf2_sha256(pin, salt_view, iterations, Sha256::kDigestSize)), expected);
}

void PinLock::wrong(std::int64_t now_ms) {
  ++failures;
  if (failures <= kFreeTries) return;
  constexpr std::int64_t kFirstLockMs = 30'000, kLongestLockMs = 3'600'000;
  const int doublings = std::min(failures - kFreeTries - 1, 7);
  locked_until_ms = now_ms + std::min(kFirstLockMs << doublings, kLongestLockMs);
}

std::string PinLock::to_text() const {
  return std::to_string(failures) + ":" + std::to_string(locked_until_ms);
}

PinLock PinLock::from_text(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return {};
  PinLock lock;
  const std::string_view count = text.substr(0, colon), until = text.substr(colon + 1);
  const auto [count_end, count_error] =
      std::from_chars(count.data(), count.data() + count.size(), lock.failures);
  const auto [until_end, until_error] =
      std::from_chars(until.data(), until.data() + until.size(), lock.locked_until_ms);
  if (count_error != std::errc() || until_error != std::errc() ||
      count_end != count.data() + count.size() || until_end != until.data() + until.size() ||
      lock.failures < 0 || lock.locked_until_ms < 0)
    return {};
  return lock;
}

}  // namespace aduan::domain
