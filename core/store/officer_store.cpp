// core/store/officer_store.cpp: see officer_store.h.
#include "core/store/officer_store.h"

#include "core/store/server_store.h"

namespace aduan::store {


namespace {

constexpr const char* kOfficerColumns = "id, username, role, agency_id, region_code, disabled";

Officer read_officer(const SqlStatement& row, int first) {
  return Officer{row.column_text(first),     row.column_text(first + 1), row.column_text(first + 2),
                 row.column_text(first + 3), row.column_text(first + 4), row.column_int(first + 5) != 0};
}

}  // namespace

Status OfficerStore::add_officer(const Officer& officer, std::string_view password_hash,
                                 domain::Timestamp now) {
  auto existing = find_by_username(officer.username);
  if (!existing) return existing.error();
  if (existing.value()) return make_error(kErrorConflict, "username '" + officer.username + "' is taken");
  auto insert = db_.prepare(
      "INSERT INTO officers (id, username, password_hash, role, agency_id, region_code, disabled, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert) return insert.error();
  return insert.value()
      .bind_text(1, officer.id)
      .bind_text(2, officer.username)
      .bind_text(3, password_hash)
      .bind_text(4, officer.role)
      .bind_text(5, officer.agency_id)
      .bind_text(6, officer.region_code)
      .bind_bool(7, officer.disabled)
      .bind_int(8, now)
      .run();
}

Status OfficerStore::set_password_hash(std::string_view username, std::string_view password_hash) {
  auto update = db_.prepare("UPDATE officers SET password_hash = ?2 WHERE username = ?1");
  if (!update) return update.error();
  auto ran = update.value().bind_text(1, username).bind_text(2, password_hash).run();
  if (!ran) return ran;
  if (db_.changes() == 0) return make_error(kErrorNotFound, "no officer '" + std::string(username) + "'");
  return done();
}

Status OfficerStore::disable_officer(std::string_view username) {
  auto update = db_.prepare("UPDATE officers SET disabled = 1 WHERE username = ?1");
  if (!update) return update.error();
  auto ran = update.value().bind_text(1, username).run();
  if (!ran) return ran;
  if (db_.changes() == 0)
    return make_error(kErrorNotFound, "no officer '" + std::string(username) + "'");
  return done();
}

Result<std::optional<std::pair<Officer, std::string>>> OfficerStore::find_by_username(
    std::string_view username) {
  auto query = db_.prepare(std::string("SELECT ") + kOfficerColumns +
                           ", password_hash FROM officers WHERE username = ?1");
  if (!query) return query.error();
  auto& row = query.value().bind_text(1, username);
  auto found = row.step();
  if (!found) return found.error();
  if (!found.value()) return std::optional<std::pair<Officer, std::string>>{};
  return std::optional<std::pair<Officer, std::string>>{{read_officer(row, 0), row.column_text(6)}};
}

Result<std::vector<Officer>> OfficerStore::list_officers() {
  auto query = db_.prepare(std::string("SELECT ") + kOfficerColumns + " FROM officers ORDER BY username");
  if (!query) return query.error();
  std::vector<Officer> officers;
  while (true) {
    auto more = query.value().step();
    if (!more) return more.error();
    if (!more.value()) break;
    officers.push_back(read_officer(query.value(), 0));
  }
  return officers;
}

Status OfficerStore::create_session(std::string_view token_sha256, std::string_view officer_id,
                                    domain::Timestamp now, domain::Timestamp expires_at) {
  auto insert = db_.prepare(
      "INSERT INTO officer_sessions (token_sha256, officer_id, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  return insert.value().bind_text(1, token_sha256).bind_text(2, officer_id).bind_int(3, now).bind_int(4, expires_at).run();
}

Result<std::optional<Officer>> OfficerStore::session_officer(std::string_view token_sha256,
                                                              domain::Timestamp now) {
  auto query = db_.prepare(
      "SELECT o.id, o.username, o.role, o.agency_id, o.region_code, o.disabled "
      "FROM officer_sessions s JOIN officers o ON o.id = s.officer_id "
      "WHERE s.token_sha256 = ?1 AND s.expires_at > ?2 AND o.disabled = 0");
  if (!query) return query.error();
  auto& row = query.value().bind_text(1, token_sha256).bind_int(2, now);
  auto found = row.step();
  if (!found) return found.error();
  if (!found.value()) return std::optional<Officer>{};
  return std::optional<Officer>{read_officer(row, 0)};
}

Status OfficerStore::end_session(std::string_view token_sha256) {
  auto remove = db_.prepare("DELETE FROM officer_sessions WHERE token_sha256 = ?1");
  if (!remove) return remove.error();
  return remove.value().bind_text(1, token_sha256).run();
}

Result<int> OfficerStore::end_sessions_of(std::string_view officer_id) {
  auto remove = db_.prepare("DELETE FROM officer_sessions WHERE officer_id = ?1");
  if (!remove) return remove.error();
  auto ran = remove.value().bind_text(1, officer_id).run();
  if (!ran) return ran.error();
  return static_cast<int>(db_.changes());
}

Result<int> OfficerStore::end_expired_sessions(domain::Timestamp now) {
  auto remove = db_.prepare("DELETE FROM officer_sessions WHERE expires_at <= ?1");
  if (!remove) return remove.error();
  auto ran = remove.value().bind_int(1, now).run();
  if (!ran) return ran.error();
  return static_cast<int>(db_.changes());
}

// ServerStore's side of the repository interface.

Status ServerStore::add_officer(const Officer& officer, std::string_view password_hash,
                                domain::Timestamp now) {
  return OfficerStore(*db_).add_officer(officer, password_hash, now);
}

Result<std::optional<std::pair<Officer, std::string>>> ServerStore::find_officer(
    std::string_view username) {
  return OfficerStore(*db_).find_by_username(username);
}

Result<std::vector<Officer>> ServerStore::list_officers() {
  return OfficerStore(*db_).list_officers();
}

Status ServerStore::create_session(std::string_view token_sha256, std::string_view officer_id,
                                   domain::Timestamp now, domain::Timestamp expires_at) {
  return OfficerStore(*db_).create_session(token_sha256, officer_id, now, expires_at);
}

Result<std::optional<Officer>> ServerStore::session_officer(std::string_view token_sha256,
                                                            domain::Timestamp now) {
  return OfficerStore(*db_).session_officer(token_sha256, now);
}

Status ServerStore::end_session(std::string_view token_sha256) {
  return OfficerStore(*db_).end_session(token_sha256);
}

Status ServerStore::set_officer_password(std::string_view username,
                                         std::string_view password_hash) {
  return OfficerStore(*db_).set_password_hash(username, password_hash);
}

Status ServerStore::disable_officer(std::string_view username) {
  return OfficerStore(*db_).disable_officer(username);
}

Result<int> ServerStore::end_officer_sessions(std::string_view officer_id) {
  return OfficerStore(*db_).end_sessions_of(officer_id);
}

Result<int> ServerStore::end_expired_sessions(domain::Timestamp now) {
  return OfficerStore(*db_).end_expired_sessions(now);
}

Status ServerStore::in_transaction(const std::function<Status()>& work) {
  auto transaction = SqlTransaction::begin(*db_);
  if (!transaction) return transaction.error();
  if (auto done_ok = work(); !done_ok) return done_ok;  // the destructor rolls back
  return transaction.value().commit();
}

}  // namespace aduan::store
