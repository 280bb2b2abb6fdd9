// core/store/local_store.cpp: opening the device store; drafts, timelines, catalog cache,
// settings and credentials (local_store.h). Reports are in local_store_reports.cpp, the
// outbox in local_store_outbox.cpp.
//
// Single-statement writes rely on SQLite's own statement atomicity (autocommit is a
// transaction); anything of two or more statements takes a Transaction, so a failure between
// them rolls back to the previous state.
#include "core/store/local_store.h"

#include <utility>

#include "core/store/codec.h"

namespace aduan::store {

Result<LocalStore> LocalStore::open(const std::string& path, const OpenOptions& options) {
  auto db = open_migrated(path, options, migrations());
  if (!db) return db.error();
  return LocalStore(std::move(db).value());
}

// ---- Drafts ----------------------------------------------------------------------------------

Status LocalStore::save_draft(const Draft& draft) {
  if (draft.id.empty()) return make_error(kErrorInvalidArgument, "draft without an id");
  auto stmt = db_.prepare(
      "INSERT INTO drafts (id, fields, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at");
  if (!stmt) return stmt.error();
  auto fields = encode_draft_fields(draft.fields);
  return stmt.value()
      .bind_text(1, draft.id)
      .bind_blob(2, fields)
      .bind_int(3, draft.updated_at)
      .run();
}

namespace {

Result<Draft> read_draft(const Statement& row) {
  Draft draft;
  draft.id = row.column_text(0);
  auto fields = decode_draft_fields(row.column_blob(1));
  if (!fields) return fields.error();
  draft.fields = std::move(fields).value();
  draft.updated_at = row.column_int(2);
  return draft;
}

}  // namespace

Result<std::optional<Draft>> LocalStore::draft(std::string_view id) {
  auto stmt = db_.prepare("SELECT id, fields, updated_at FROM drafts WHERE id = ?1");
  if (!stmt) return stmt.error();
  auto row = stmt.value().bind_text(1, id).step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<Draft>();
  auto draft = read_draft(stmt.value());
  if (!draft) return draft.error();
  return std::optional<Draft>(std::move(draft).value());
}

Result<std::vector<Draft>> LocalStore::drafts() {
  auto stmt = db_.prepare("SELECT id, fields, updated_at FROM drafts ORDER BY updated_at DESC, id");
  if (!stmt) return stmt.error();
  std::vector<Draft> out;
  for (;;) {
    auto row = stmt.value().step();
    if (!row) return row.error();
    if (!row.value()) return out;
    auto draft = read_draft(stmt.value());
    if (!draft) return draft.error();
    out.push_back(std::move(draft).value());
  }
}

Status LocalStore::delete_draft(std::string_view id) {
  auto stmt = db_.prepare("DELETE FROM drafts WHERE id = ?1");
  if (!stmt) return stmt.error();
  return stmt.value().bind_text(1, id).run();
}

// ---- Timelines -------------------------------------------------------------------------------

Result<int> LocalStore::apply_pull(std::span<const TimelineEvent> events, std::int64_t cursor) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto added = insert_events(events);
  if (!added) return added.error();
  auto move_cursor = db_.prepare(
      "INSERT INTO sync_state (id, pull_cursor) VALUES (1, ?1) "
      "ON CONFLICT (id) DO UPDATE SET pull_cursor = max(pull_cursor, excluded.pull_cursor)");
  if (!move_cursor) return move_cursor.error();
  if (auto s = move_cursor.value().bind_int(1, cursor).run(); !s) return s.error();
  if (auto s = tx.value().commit(); !s) return s.error();
  return added;
}

Result<int> LocalStore::insert_events(std::span<const TimelineEvent> events) {
  auto insert = db_.prepare(
      "INSERT OR IGNORE INTO timeline_events (report_id, seq, status, at, actor, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert) return insert.error();
  int added = 0;
  for (const TimelineEvent& event : events) {
    Statement& stmt = insert.value();
    stmt.reset();
    auto s = stmt.bind_blob(1, id_blob(event.report_id))
                 .bind_int(2, event.seq)
                 .bind_text(3, event.status)
                 .bind_int(4, event.at)
                 .bind_text(5, event.actor)
                 .bind_text(6, event.note)
                 .run();
    if (!s) return s.error();
    added += static_cast<int>(db_.changes());
  }
  return added;
}

Result<std::vector<TimelineEvent>> LocalStore::timeline(const domain::ReportId& id) {
  auto stmt = db_.prepare(
      "SELECT seq, status, at, actor, note FROM timeline_events WHERE report_id = ?1 "
      "ORDER BY seq");
  if (!stmt) return stmt.error();
  stmt.value().bind_blob(1, id_blob(id));
  std::vector<TimelineEvent> out;
  for (;;) {
    auto row = stmt.value().step();
    if (!row) return row.error();
    if (!row.value()) return out;
    const Statement& r = stmt.value();
    out.push_back(TimelineEvent{id, r.column_int(0), r.column_text(1), r.column_int(2),
                                r.column_text(3), r.column_text(4)});
  }
}

Result<std::int64_t> LocalStore::pull_cursor() {
  return db_.query_int("SELECT coalesce((SELECT pull_cursor FROM sync_state WHERE id = 1), 0)");
}

// ---- Catalog cache ---------------------------------------------------------------------------

Status LocalStore::save_catalog(const CachedCatalog& catalog) {
  auto stmt = db_.prepare(
      "INSERT OR REPLACE INTO catalog_cache (id, etag, content, fetched_at) "
      "VALUES (1, ?1, ?2, ?3)");
  if (!stmt) return stmt.error();
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(catalog.content.data());
  return stmt.value()
      .bind_text(1, catalog.etag)
      .bind_blob(2, {bytes, catalog.content.size()})
      .bind_int(3, catalog.fetched_at)
      .run();
}

Result<std::optional<CachedCatalog>> LocalStore::catalog() {
  auto stmt = db_.prepare("SELECT etag, content, fetched_at FROM catalog_cache WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt.value().step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<CachedCatalog>();
  const Statement& r = stmt.value();
  auto content = r.column_blob(1);
  return std::optional<CachedCatalog>(CachedCatalog{
      r.column_text(0), std::string(reinterpret_cast<const char*>(content.data()), content.size()),
      r.column_int(2)});
}

// ---- Settings --------------------------------------------------------------------------------

Status LocalStore::set_setting(std::string_view key, std::string_view value) {
  auto stmt = db_.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)");
  if (!stmt) return stmt.error();
  return stmt.value().bind_text(1, key).bind_text(2, value).run();
}

Result<std::optional<std::string>> LocalStore::setting(std::string_view key) {
  auto stmt = db_.prepare("SELECT value FROM settings WHERE key = ?1");
  if (!stmt) return stmt.error();
  auto row = stmt.value().bind_text(1, key).step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(stmt.value().column_text(0));
}

Status LocalStore::erase_setting(std::string_view key) {
  auto stmt = db_.prepare("DELETE FROM settings WHERE key = ?1");
  if (!stmt) return stmt.error();
  return stmt.value().bind_text(1, key).run();
}

// ---- Device credentials ----------------------------------------------------------------------

Status LocalStore::save_credentials(const DeviceCredentials& credentials) {
  if (credentials.device_id.empty() || credentials.secret.empty()) {
    return make_error(kErrorInvalidArgument, "device credentials need an id and a secret");
  }
  auto stmt = db_.prepare(
      "INSERT OR REPLACE INTO device_credentials (id, device_id, secret) VALUES (1, ?1, ?2)");
  if (!stmt) return stmt.error();
  return stmt.value().bind_text(1, credentials.device_id).bind_text(2, credentials.secret).run();
}

Result<std::optional<DeviceCredentials>> LocalStore::credentials() {
  auto stmt = db_.prepare("SELECT device_id, secret FROM device_credentials WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt.value().step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<DeviceCredentials>();
  return std::optional<DeviceCredentials>(
      DeviceCredentials{stmt.value().column_text(0), stmt.value().column_text(1)});
}

}  // namespace aduan::store
