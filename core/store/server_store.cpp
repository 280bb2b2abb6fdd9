// core/store/server_store.cpp: opening the server store, its statement cache, devices and
// operations (backup, integrity check). See server_store.h.
//
// Reports live in server_store_reports.cpp, events in server_store_events.cpp and uploads in
// server_store_attachments.cpp; the schema in server_schema.cpp. Opening insists on WAL with
// synchronous=FULL because an acknowledgement promises the report survives a power cut; where
// WAL is compiled out (the WebAssembly build) opening fails with "store.unsupported" rather
// than silently keeping a weaker promise.
#include "core/store/server_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "core/domain/secrets.h"
#include "sqlite3.h"

namespace aduan::store {
namespace {

// Long enough to ride out another connection's batch commit or a checkpoint, short enough that
// a wedged writer surfaces as "store.busy" instead of piling up requests.
constexpr int kBusyTimeoutMs = 5000;

// Closes a raw connection however the backup ends.
struct RawConnection {
  sqlite3* handle = nullptr;
  RawConnection() = default;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() { sqlite3_close_v2(handle); }
};

}  // namespace

std::string_view to_string(StoreOutcome outcome) {
  switch (outcome) {
    case StoreOutcome::stored: return "stored";
    case StoreOutcome::duplicate: return "duplicate";
    case StoreOutcome::conflict: return "conflict";
  }
  return "unknown";
}

Result<ServerStore> ServerStore::open(const std::string& path) {
  OpenOptions options;
  // WAL natively (aduan-server; a test checks it). The WebAssembly build of SQLite has no WAL:
  // there the core's tests run this store on a rollback journal, which with synchronous=FULL
  // is just as durable, only slower.
  options.journal_mode = JournalMode::best_available;
  options.synchronous = Synchronous::full;
  options.busy_timeout_ms = kBusyTimeoutMs;
  auto db = open_migrated(path, options, migrations());
  if (!db) return db.error();
  // Again after the switch to WAL: the promise must not depend on the compile-time default
  // synchronous level SQLite applies to WAL connections.
  if (auto s = db.value().exec("PRAGMA synchronous = FULL"); !s) return s.error();
  // Reads through a memory map of the file rather than a copy per connection: the queue and the
  // statistics walk indexes of up to millions of rows, and eight connections each caching
  // their own pages would hold the same index eight times. Writes still go through SQLite's
  // pages and the WAL. A no-op where SQLite has no mmap (the WebAssembly build).
  if (auto s = db.value().exec("PRAGMA mmap_size = 4294967296"); !s) return s.error();
  return ServerStore(std::make_unique<SqliteConnection>(std::move(db).value()));
}

Result<ServerStore::Lease> ServerStore::statement(Query query, std::string_view sql) {
  std::optional<SqlStatement>& slot = statements_[static_cast<std::size_t>(query)];
  if (!slot) {
    auto prepared = db_->prepare(sql);
    if (!prepared) return prepared.error();
    slot.emplace(std::move(prepared).value());
  }
  return Lease(&*slot);
}

// ---- Devices ---------------------------------------------------------------------------------

Status ServerStore::register_device(std::string_view device_id, std::string_view secret_sha256_hex,
                                    std::string_view channel, domain::Timestamp at) {
  if (device_id.empty() || secret_sha256_hex.empty()) {
    return make_error(kErrorInvalidArgument, "device id and secret hash are required");
  }
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  {
    auto existing =
        statement(Query::device, "SELECT secret_sha256, channel FROM devices WHERE id = ?1");
    if (!existing) return existing.error();
    auto row = existing.value()->bind_text(1, device_id).step();
    if (!row) return row.error();
    if (row.value()) {
      // A registration retried after a lost response is accepted; a second registration of
      // the same id with another secret is not, or it would take the device over.
      if (domain::constant_time_equal(existing.value()->column_text(0), secret_sha256_hex) &&
          existing.value()->column_text(1) == channel) {
        return done();
      }
      return make_error(kErrorConflict,
                        "device " + std::string(device_id) + " is registered with another secret");
    }
  }
  auto insert = statement(Query::insert_device,
                          "INSERT INTO devices (id, secret_sha256, channel, created_at) "
                          "VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  auto inserted = insert.value()
                      ->bind_text(1, device_id)
                      .bind_text(2, secret_sha256_hex)
                      .bind_text(3, channel)
                      .bind_int(4, at)
                      .run();
  if (!inserted) return inserted;
  return tx.value().commit();
}

Result<std::optional<std::string>> ServerStore::device_secret_hash(std::string_view device_id) {
  auto query = statement(Query::device, "SELECT secret_sha256, channel FROM devices WHERE id = ?1");
  if (!query) return query.error();
  auto row = query.value()->bind_text(1, device_id).step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(query.value()->column_text(0));
}

// ---- Operations ------------------------------------------------------------------------------

Status ServerStore::backup_to(const std::string& destination_path) {
  std::error_code ec;
  if (std::filesystem::exists(destination_path, ec) || ec) {
    return make_error(kErrorInvalidArgument, "backup destination exists: " + destination_path);
  }
  // A connection of its own for the source: the serving connection's cached statements and
  // transactions are untouched, and an operator may run the backup from another thread. One
  // step of -1 pages copies a single consistent snapshot; in WAL mode writers carry on.
  if (db_->dialect() != SqlDialect::sqlite)
    return make_error(kErrorUnsupported, "backup of a PostgreSQL database: use pg_dump");
  // SqliteConnection is the one connection of the SQLite dialect (sql_connection.h); the web
  // build, which compiles this file too, has no RTTI for a dynamic_cast.
  auto* sqlite = static_cast<SqliteConnection*>(db_.get());
  RawConnection source;
  RawConnection destination;
  auto fail = [&](int rc, const char* what, sqlite3* handle) {
    Error error = sqlite->database().error(rc, what);  // the stable code for rc
    error.detail = std::string("backup: ") + what + ": " +
                   (handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
    return error;
  };
  int rc = sqlite3_open_v2(sqlite->database().path().c_str(), &source.handle, SQLITE_OPEN_READWRITE,
                           nullptr);
  if (rc != SQLITE_OK) return fail(rc, "open source", source.handle);
  sqlite3_busy_timeout(source.handle, kBusyTimeoutMs);
  rc = sqlite3_open_v2(destination_path.c_str(), &destination.handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) return fail(rc, "open destination", destination.handle);

  sqlite3_backup* backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main");
  if (backup == nullptr) {
    Error error = fail(sqlite3_errcode(destination.handle), "init", destination.handle);
    sqlite3_close_v2(std::exchange(destination.handle, nullptr));
    std::filesystem::remove(destination_path, ec);
    return error;
  }
  int step = sqlite3_backup_step(backup, -1);
  int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    Error error = fail(step != SQLITE_DONE ? step : finish, "copy", destination.handle);
    sqlite3_close_v2(std::exchange(destination.handle, nullptr));
    std::filesystem::remove(destination_path, ec);  // never leave half a backup behind
    return error;
  }
  return done();
}

Status ServerStore::ping() {
  auto read = db_->query_int("SELECT count(*) FROM (SELECT 1 FROM reports LIMIT 1) AS probe");
  if (!read) return read.error();
  return done();
}

Result<std::string> ServerStore::integrity_check() {
  // PostgreSQL checks its pages itself (checksums, amcheck); the store has nothing to add.
  if (db_->dialect() != SqlDialect::sqlite) return std::string("ok");
  auto query = db_->prepare("PRAGMA integrity_check");
  if (!query) return query.error();
  std::string report;
  for (;;) {
    auto row = query.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    if (!report.empty()) report += '\n';
    report += query.value().column_text(0);
  }
  return report;
}

}  // namespace aduan::store
