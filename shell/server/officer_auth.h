// shell/server/officer_auth.h: officers' passwords and sessions.
//
// Owns Argon2id hashing (libsodium's crypto_pwhash_str, interactive limits: about 64 MiB and
// a tenth of a second per attempt, which is what makes a stolen database slow to crack),
// session tokens (256 random bits, stored only as SHA-256), their lifetime, and login
// throttling per username and per address. Does not own the tables (core/store/officer_store).
#pragma once

#include <optional>
#include <string>

#include "core/domain/result.h"
#include "core/store/officer_store.h"
#include "shell/server/rate_limiter.h"

namespace aduan::server {

inline constexpr std::int64_t kSessionLifetimeMs = 8LL * 60 * 60 * 1000;  // one working day

// False if libsodium could not start (no entropy source).
bool start_password_hashing();
Result<std::string> hash_password(std::string_view password);
bool password_matches(std::string_view stored_hash, std::string_view password);

struct NewSession {
  std::string token;         // give to the client, never stored
  std::string token_sha256;  // store this
  std::int64_t expires_at = 0;
};
NewSession make_session(std::int64_t now_ms);

// Five attempts, then one more every 30 seconds, per username and per address: a guesser gets
// a few thousand tries a day at most, while an officer who mistypes is barely slowed.
class LoginThrottle {
 public:
  bool allow(const std::string& username, const std::string& address, std::int64_t now_ms,
             std::int64_t* retry_after_ms);

 private:
  RateLimiter per_username_{5, 1.0 / 30};
  RateLimiter per_address_{20, 1.0 / 5};
};

}  // namespace aduan::server
