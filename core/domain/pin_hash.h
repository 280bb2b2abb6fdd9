// core/domain/pin_hash.h: a kiosk's unlock PIN, kept as a slow salted hash, and the lock that
// slows down guessing it.
//
// Owns PBKDF2-HMAC-SHA256 (RFC 8018) over the core's own SHA-256, the text form a hash is kept
// in ("pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>"), its check, and the pure rule of how
// long repeated wrong tries lock the PIN. Does not own where any of it is stored (the portal's
// device settings) nor the clock (callers pass the time).
//
// Why PBKDF2 written here rather than Argon2id (which the server uses through libsodium): the
// PIN is checked in the browser, where libsodium is not linked and the core may use the
// standard library only. WebCrypto's PBKDF2 would cost JavaScript glue and an asynchronous
// round trip in the middle of a frame for a check done a few times a day; the core's SHA-256
// is already in the program. The salt is 16 random bytes per kiosk. Iterations make each guess
// cost about a few hundred milliseconds in the browser; a PIN has few digits, so the real
// defence against guessing at the kiosk is the lock, and the hash only keeps the PIN out of a
// copy of the device's storage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aduan::domain {

inline constexpr std::uint32_t kPinIterations = 100'000;

// PBKDF2-HMAC-SHA256 of `password` and `salt`, `length` bytes long.
std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::string_view salt,
                                        std::uint32_t iterations, std::size_t length);

// A new hash of `pin` with a fresh random salt, in the text form above.
std::string hash_pin(std::string_view pin, std::uint32_t iterations = kPinIterations);
// Whether `pin` matches `stored` (the text form). A malformed `stored` matches nothing.
bool pin_matches(std::string_view stored, std::string_view pin);

// Repeated wrong tries: the first kFreeTries cost nothing more than the hash; each one after
// locks the PIN for 30 s, doubling with every further wrong try, at most an hour. A right PIN
// clears the count.
struct PinLock {
  static constexpr int kFreeTries = 3;
  int failures = 0;
  std::int64_t locked_until_ms = 0;

  bool locked(std::int64_t now_ms) const { return now_ms < locked_until_ms; }
  void wrong(std::int64_t now_ms);
  void right() { *this = PinLock{}; }

  // The text a device keeps across reloads, "<failures>:<locked_until_ms>". Text that is not
  // that form reads as no lock at all: a device whose setting was damaged loses the count, not
  // the PIN.
  std::string to_text() const;
  static PinLock from_text(std::string_view text);
};

}  // namespace aduan::domain
