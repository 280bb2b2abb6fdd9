// shell/server/officer_auth.cpp: see officer_auth.h.
#include "shell/server/officer_auth.h"

#include <sodium.h>

#include "core/domain/report.h"
#include "core/domain/sha256.h"

namespace aduan::server {

bool start_password_hashing() { return sodium_init() >= 0; }

Result<std::string> hash_password(std::string_view password) {
  if (password.size() < 10)
    return Error{"officer.weak_password", "passwords need at least 10 characters"};
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Error{"officer.hash_failed", "out of memory while hashing the password"};
  return std::string(hash);
}

bool password_matches(std::string_view stored_hash, std::string_view password) {
  std::string hash(stored_hash);  // crypto_pwhash_str_verify needs a NUL-terminated string
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

NewSession make_session(std::int64_t now_ms) {
  NewSession session;
  session.token = domain::random_hex(32);
  session.token_sha256 = domain::sha256_hex(session.token);
  session.expires_at = now_ms + kSessionLifetimeMs;
  return session;
}

bool LoginThrottle::allow(const std::string& username, const std::string& address, std::int64_t now_ms,
                          std::int64_t* retry_after_ms) {
  return per_address_.allow(address, now_ms, retry_after_ms) &&
         per_username_.allow(username, now_ms, retry_after_ms);
}

}  // namespace aduan::server
