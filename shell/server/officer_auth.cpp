// shell/server/officer_auth.cpp: see officer_auth.h.
#include "shell/server/officer_auth.h"

#include <sodium.h>

#include <atomic>

#include "core/domain/secrets.h"
#include "core/domain/sha256.h"
#include "core/rules/text_rules.h"

namespace aduan::server {
namespace {

std::atomic<std::uint64_t> verifications{0};

// Made on first use with the same limits as a real account's hash, from a random password no
// one knows. Lazily: a server that never sees a bad username never pays for it.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    auto made = hash_password(domain::random_hex(16));
    return made ? made.value() : std::string();
  }();
  return hash;
}

bool verify(const std::string& hash, std::string_view password) {
  ++verifications;
  // crypto_pwhash_str_verify needs a NUL-terminated string, which std::string gives.
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (password.size() < 10)
    return Error{"officer.weak_password", "passwords need at least 10 characters"};
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Error{"officer.hash_failed", "out of memory while hashing the password"};
  return std::string(hash);
}

bool password_matches(std::optional<std::string_view> stored_hash, std::string_view password) {
  if (!stored_hash) {
    (void)verify(dummy_hash(), password);
    return false;
  }
  return verify(std::string(*stored_hash), password);
}

std::uint64_t password_verifications() {
  return verifications.load();
}

store::AuditEntry account_audit_entry(std::string action, const store::Officer& account,
                                      std::string actor, std::string actor_role,
                                      std::string_view address, std::string note, std::int64_t at) {
  auto readable = [](std::string_view text) {
    return rules::check_text(text, rules::kUsernameLimits) == rules::TextProblem::none
               ? std::string(text)
               : std::string("(unreadable)");
  };
  if (!address.empty()) note += std::string(note.empty() ? "" : "; ") + "from " + readable(address);
  return store::AuditEntry{0,
                           at,
                           std::move(actor),
                           std::move(actor_role),
                           std::move(action),
                           std::nullopt,
                           readable(account.username),
                           "",
                           "",
                           "",
                           account.agency_id,
                           account.region_code,
                           std::move(note)};
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
  // A newline cannot be in an address, and officer-add refuses it in a username, so two real
  // (username, address) pairs never share a key.
  return per_address_.allow(address, now_ms, retry_after_ms) &&
         per_username_and_address_.allow(username + '\n' + address, now_ms, retry_after_ms) &&
         per_username_.allow(username, now_ms, retry_after_ms);
}

}  // namespace aduan::server
