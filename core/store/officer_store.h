// core/store/officer_store.h: the SQL of officers' accounts and login sessions.
//
// Owns the officers and sessions tables of the server database (server schema v2, in
// server_schema.cpp); ServerStore's officer operations delegate here. Keeps only
// what it is given: the password hash is made and checked by the server with Argon2id
// (libsodium), and a session is stored by the SHA-256 of its token, so a copy of the database
// cannot be used to log in. Does not decide what an officer may do (core/workflow) or how
// often one may try to log in (the server's rate limits).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"
#include "core/store/server_repository.h"
#include "core/store/sql_connection.h"

namespace aduan::store {

class OfficerStore {
 public:
  explicit OfficerStore(SqlConnection& db) : db_(db) {}

  // "store.conflict" when the username is taken.
  Status add_officer(const Officer& officer, std::string_view password_hash, domain::Timestamp now);
  // "store.not_found" when there is no such username.
  Status set_password_hash(std::string_view username, std::string_view password_hash);
  Status disable_officer(std::string_view username);
  // The officer and their password hash, by username.
  Result<std::optional<std::pair<Officer, std::string>>> find_by_username(
      std::string_view username);
  Result<std::vector<Officer>> list_officers();

  Status create_session(std::string_view token_sha256, std::string_view officer_id,
                        domain::Timestamp now, domain::Timestamp expires_at);
  // The session's officer if the session exists, is unexpired and the officer is enabled.
  Result<std::optional<Officer>> session_officer(std::string_view token_sha256, domain::Timestamp now);
  Status end_session(std::string_view token_sha256);
  // Both return how many sessions ended.
  Result<int> end_sessions_of(std::string_view officer_id);
  Result<int> end_expired_sessions(domain::Timestamp now);

 private:
  SqlConnection& db_;
};

}  // namespace aduan::store
