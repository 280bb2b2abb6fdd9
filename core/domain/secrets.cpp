// core/domain/secrets.cpp: see secrets.h.
#include "core/domain/secrets.h"

#include <atomic>
#include <random>

namespace aduan::domain {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// The default until the program installs a better one: one std::random_device per thread (the
// OS entropy source natively, crypto.getRandomValues in the browser), never one shared.
class PlatformRandomSource final : public RandomSource {
 public:
  void fill(std::span<std::uint8_t> out) override {
    thread_local std::random_device device;
    std::size_t i = 0;
    while (i < out.size()) {
      auto word = device();
      for (int b = 0; b < 4 && i < out.size(); ++b, ++i)
        out[i] = static_cast<std::uint8_t>(word >> (8 * b));
    }
  }
};

PlatformRandomSource platform_source;
std::atomic<RandomSource*> installed{nullptr};

}  // namespace

void install_random_source(RandomSource* source) {
  installed.store(source, std::memory_order_release);
}

RandomSource& random_source() {
  RandomSource* source = installed.load(std::memory_order_acquire);
  return source ? *source : platform_source;
}

void random_bytes(std::uint8_t* out, std::size_t count) {
  random_source().fill({out, count});
}

std::string random_hex(std::size_t byte_count) {
  std::string bytes(byte_count, '\0');
  random_bytes(reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size());
  std::string text;
  text.reserve(byte_count * 2);
  for (char c : bytes) {
    const auto byte = static_cast<std::uint8_t>(c);
    text.push_back(kHexDigits[byte >> 4]);
    text.push_back(kHexDigits[byte & 15]);
  }
  return text;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // The lengths of secrets are public (fixed by their format); their contents are not.
  if (a.size() != b.size()) return false;
  unsigned difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  // Read through a volatile so the compiler cannot turn the loop into an early-exit compare.
  volatile unsigned result = difference;
  return result == 0;
}

}  // namespace aduan::domain
