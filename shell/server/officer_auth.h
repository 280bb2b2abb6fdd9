// shell/server/officer_auth.h: officers' passwords and sessions.
//
// Owns Argon2id hashing (libsodium's crypto_pwhash_str, interactive limits: about 64 MiB and
// a tenth of a second per attempt, which is what makes a stolen database slow to crack),
// session tokens (256 random bits from the installed secure source, stored only as SHA-256),
// their lifetime, and login throttling. Does not own the tables (core/store/officer_store) or
// the audit rows of logins (api_officers.cpp writes them).
//
// A login attempt always costs one Argon2id verification: against the account's hash, or
// against a dummy hash when the username is unknown or the account disabled, so neither the
// answer's time nor the server's load tells an attacker which usernames exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/result.h"
#include "core/store/officer_store.h"
#include "shell/server/rate_limiter.h"

namespace aduan::server {

inline constexpr std::int64_t kSessionLifetimeMs = 8LL * 60 * 60 * 1000;  // one working day

// libsodium must be started first (secure_random.h's start_cryptography).
Result<std::string> hash_password(std::string_view password);
// Whether `password` matches `stored_hash`. With no hash (unknown username, disabled account)
// it verifies against a dummy hash made once per process and answers false: the same work.
bool password_matches(std::optional<std::string_view> stored_hash, std::string_view password);
// How many Argon2id verifications this process ran (GET /metrics): equal work per attempt is
// checked by counting, not by timing.
std::uint64_t password_verifications();

// An audit row about an officer's account ("officer.login", "officer.login_failed",
// "officer.logout", "officer.disable", "officer.password"), never holding a password. It is
// scoped like the account: the admins who see the officer's agency or region read it (an
// unknown username's row, with no agency, only a national admin). `account` may be made up
// from the username typed; a username or address that is not one line of readable text is
// recorded as "(unreadable)", so nothing a client sent is stored as raw bytes.
store::AuditEntry account_audit_entry(std::string action, const store::Officer& account,
                                      std::string actor, std::string actor_role,
                                      std::string_view address, std::string note, std::int64_t at);

struct NewSession {
  std::string token;         // give to the client, never stored
  std::string token_sha256;  // store this
  std::int64_t expires_at = 0;
};
NewSession make_session(std::int64_t now_ms);

// Three buckets, all of which an attempt must pass:
//  - per username and address: 5 attempts, then one every 30 s. The guesser at one address is
//    slowed; the real officer at another address has a bucket of their own.
//  - per username from anywhere: 50, then one every 10 s. Much looser, so only a guesser using
//    many addresses at once meets it, and it still caps them at a few thousand tries a day.
//  - per address, all usernames: 20, then one every 5 s (one address trying many usernames).
class LoginThrottle {
 public:
  bool allow(const std::string& username, const std::string& address, std::int64_t now_ms,
             std::int64_t* retry_after_ms);

 private:
  RateLimiter per_username_and_address_{5, 1.0 / 30};
  RateLimiter per_username_{50, 1.0 / 10};
  RateLimiter per_address_{20, 1.0 / 5};
};

}  // namespace aduan::server
