// core/domain/secrets.h: where every secret, token and id of Aduan gets its randomness, and
// how a secret is compared.
//
// Owns the RandomSource interface and the one process-wide source that random_bytes() and
// random_hex() draw from, and constant_time_equal(). Does not own a cryptographic library:
// the core uses the standard library only (DESIGN.md), so the server installs libsodium's
// randombytes_buf at start-up (shell/server/secure_random.h) and the browser keeps the
// platform source, which is crypto.getRandomValues under Emscripten.
//
// Order: install_random_source() once, before any thread draws; after that every call is
// thread-safe as long as the installed source is (the server's is). The platform source that
// serves until then keeps one std::random_device per thread, so nothing is shared unlocked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace aduan::domain {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with unpredictable bytes; may be called from many threads at once.
  virtual void fill(std::span<std::uint8_t> out) = 0;
};

// Makes `source` the one random_bytes() uses from now on; it must outlive every use. Passing
// nullptr goes back to the platform source (tests).
void install_random_source(RandomSource* source);
RandomSource& random_source();

// Fills `out` with cryptographically random bytes from the installed source.
void random_bytes(std::uint8_t* out, std::size_t count);
// `byte_count` random bytes as 2 * byte_count lowercase hex digits.
std::string random_hex(std::size_t byte_count);

// Whether `a` and `b` are equal, in a time that depends on their lengths only, never on where
// they first differ: a caller learns nothing about a secret from how long a refusal took.
// Every comparison of a secret, a token or a hash of one goes through here.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace aduan::domain
