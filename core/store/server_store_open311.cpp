// core/store/server_store_open311.cpp: the SQL of Open311 keys (server schema v8) and of
// completing a detail a report arrived without (its region or category).
//
// Owns the open311_keys table and the one write that fills a pending detail. Does not decide
// who may issue, revoke or complete (aduan-server's commands and routes), nor which details are
// pending (core/rules' pending_details). A key row is written once and only ever marked revoked:
// audit rows name keys by id for as long as the database lives.
#include "core/store/codec.h"
#include "core/store/server_store.h"

namespace aduan::store {
namespace {

Open311Key read_key(const SqlStatement& row) {
  return Open311Key{row.column_text(0), row.column_text(1), row.column_text(2), row.column_int(3),
                    row.column_optional_int(4)};
}

constexpr std::string_view kSelectKey =
    "SELECT key_id, name, key_sha256, created_at, revoked_at FROM open311_keys ";

}  // namespace

Status ServerStore::add_open311_key(const Open311Key& key) {
  auto insert = db_->prepare(
      "INSERT INTO open311_keys (key_id, name, key_sha256, created_at, revoked_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert) return insert.error();
  return insert.value()
      .bind_text(1, key.key_id)
      .bind_text(2, key.name)
      .bind_text(3, key.key_sha256)
      .bind_int(4, key.created_at)
      .bind_optional_int(5, key.revoked_at)
      .run();
}

Result<std::optional<Open311Key>> ServerStore::open311_key_by_hash(std::string_view key_sha256) {
  auto query = db_->prepare(std::string(kSelectKey) + "WHERE key_sha256 = ?1");
  if (!query) return query.error();
  auto& row = query.value().bind_text(1, key_sha256);
  auto found = row.step();
  if (!found) return found.error();
  if (!found.value()) return std::optional<Open311Key>{};
  return std::optional<Open311Key>{read_key(row)};
}

Result<std::vector<Open311Key>> ServerStore::list_open311_keys() {
  auto query = db_->prepare(std::string(kSelectKey) + "ORDER BY created_at, key_id");
  if (!query) return query.error();
  std::vector<Open311Key> keys;
  for (;;) {
    auto row = query.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    keys.push_back(read_key(query.value()));
  }
  return keys;
}

Status ServerStore::revoke_open311_key(std::string_view key_id, domain::Timestamp at) {
  auto update = db_->prepare(
      "UPDATE open311_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE key_id = ?1");
  if (!update) return update.error();
  auto ran = update.value().bind_text(1, key_id).bind_int(2, at).run();
  if (!ran) return ran;
  if (db_->changes() == 0)
    return make_error(kErrorNotFound, "no Open311 key '" + std::string(key_id) + "'");
  return done();
}

// A pending detail's column, set while it is empty; the case row is recomputed with it.
Status ServerStore::complete_detail(const domain::ReportId& id, std::string_view column,
                                    std::string_view value) {
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  const std::string name(column);
  std::int64_t seq = 0;
  std::string current;
  {
    auto query = db_->prepare("SELECT seq, " + name + " FROM reports WHERE id = ?1");
    if (!query) return query.error();
    auto row = query.value().bind_blob(1, id_blob(id)).step();
    if (!row) return row.error();
    if (!row.value()) return make_error(kErrorNotFound, "no report " + id.to_string());
    seq = query.value().column_int(0);
    current = query.value().column_text(1);
  }
  if (!current.empty())
    return make_error(kErrorConflict, "the report's " + name + " is set already");
  auto update =
      db_->prepare("UPDATE reports SET " + name + " = ?2 WHERE seq = ?1 AND " + name + " = ''");
  if (!update) return update.error();
  if (auto ran = update.value().bind_int(1, seq).bind_text(2, value).run(); !ran) return ran;
  if (auto indexed = index_case(seq); !indexed) return indexed;
  return tx.value().commit();
}

Status ServerStore::complete_region(const domain::ReportId& id, std::string_view region_code) {
  return complete_detail(id, "region_code", region_code);
}

Status ServerStore::complete_category(const domain::ReportId& id, std::string_view category_id) {
  return complete_detail(id, "category_id", category_id);
}

}  // namespace aduan::store
