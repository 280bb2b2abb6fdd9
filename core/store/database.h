// core/store/database.h: a thin RAII layer over one SQLite connection.
//
// Owns opening a connection (path, optional VFS, journal and sync choices), prepared
// statements with bind/step/column helpers, transactions that roll back unless committed, and
// the mapping of SQLite result codes to stable Error codes. Does not own any schema or SQL of
// the product: migrations.h and the repositories do. No exceptions and no threads, so the same
// code runs natively and in WebAssembly on the browser's main thread over a custom VFS.
//
// Order of use: Database::open -> (schema check, see migrations.h) -> apply_journal_mode ->
// Transaction::begin -> prepare/bind/step ... -> commit. Statements are prepared per call:
// preparing a small statement costs microseconds while a commit costs a page write, so a
// statement cache would add lifetime rules without a measurable gain.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/domain/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace aduan::store {

// Stable error codes of the store. The UI and tests key on these, never on SQLite's text.
inline constexpr std::string_view kErrorIo = "store.io";            // disk, permissions, VFS
inline constexpr std::string_view kErrorFull = "store.full";        // quota or disk full
inline constexpr std::string_view kErrorBusy = "store.busy";        // locked by another
inline constexpr std::string_view kErrorCorrupt = "store.corrupt";  // not a database/damaged
inline constexpr std::string_view kErrorConstraint = "store.constraint";
inline constexpr std::string_view kErrorNoMemory = "store.no_memory";
inline constexpr std::string_view kErrorNewerSchema = "store.newer_schema";
inline constexpr std::string_view kErrorUnsupported = "store.unsupported";  // e.g. WAL compiled out
inline constexpr std::string_view kErrorNotFound = "store.not_found";
inline constexpr std::string_view kErrorInvalidState = "store.invalid_state";  // bad transition
inline constexpr std::string_view kErrorInvalidArgument = "store.invalid_argument";
inline constexpr std::string_view kErrorConflict = "store.conflict";  // same id, other content
inline constexpr std::string_view kErrorSql = "store.sql";  // a bug: bad SQL, misuse, closed

Error make_error(std::string_view code, std::string detail);

enum class JournalMode {
  best_available,  // WAL where SQLite has it, else DELETE (the web build omits WAL)
  wal,             // native: readers never block the writer; fails where WAL is compiled out
  delete_file,     // rollback journal on disk; what a page-persisting browser VFS wants
  memory,          // rollback journal in memory: fewest VFS writes, no crash safety of its own
};

// FULL survives power loss at every commit; NORMAL in WAL mode may lose the last commits on
// power loss but never corrupts. "Nothing typed is ever lost" makes FULL the default.
enum class Synchronous { full, normal, off };

struct OpenOptions {
  std::string vfs;  // empty: SQLite's default VFS; the browser passes its IndexedDB VFS
  JournalMode journal_mode = JournalMode::best_available;
  Synchronous synchronous = Synchronous::full;
  int busy_timeout_ms = 1000;  // only matters with several connections (native)
  bool create_if_missing = true;
  bool read_only = false;
  // Deleted content is overwritten with zeros in the file, not merely unlinked: a shared device
  // (a kiosk) forgets a citizen's report and its bytes must not linger in free pages.
  bool secure_delete = false;
};

class Database;

// One prepared statement. Binds chain and remember the first failure, which step() and run()
// then return, so call sites read as one expression per statement. Parameters are 1-based,
// columns 0-based, as in SQLite.
class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind_int(int index, std::int64_t value);
  Statement& bind_double(int index, double value);
  Statement& bind_bool(int index, bool value) { return bind_int(index, value ? 1 : 0); }
  Statement& bind_text(int index, std::string_view value);
  Statement& bind_blob(int index, std::span<const std::uint8_t> value);
  Statement& bind_null(int index);
  Statement& bind_optional_int(int index, const std::optional<std::int64_t>& value);

  // true: a row is ready for the column accessors; false: the statement is done.
  Result<bool> step();
  // Steps to completion, for statements that return no rows (INSERT, UPDATE, DDL).
  Status run();
  // Makes the statement ready to bind and step again; bindings are cleared.
  void reset();

  bool column_is_null(int column) const;
  std::int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  std::span<const std::uint8_t> column_blob(int column) const;  // valid until the next step
  std::optional<std::int64_t> column_optional_int(int column) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void note_bind_result(int rc, int index);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::optional<Error> bind_error_;
};

class Database {
 public:
  // Opens (or creates) the database file. Touches nothing inside the file: the journal mode is
  // applied by apply_journal_mode(), after the caller has checked that it knows the schema, so
  // a database from a newer app version is left byte for byte as it was.
  static Result<Database> open(const std::string& path, const OpenOptions& options = {});

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that return no rows (schema scripts, pragmas).
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // For single-value queries such as PRAGMA user_version or SELECT count(*).
  Result<std::int64_t> query_int(std::string_view sql);

  // BEGIN IMMEDIATE: the write lock up front (see BasicTransaction).
  Status begin_write() { return exec("BEGIN IMMEDIATE"); }
  Status apply_journal_mode();
  Result<JournalMode> journal_mode();

  std::int64_t changes() const;  // rows changed by the last INSERT/UPDATE/DELETE
  std::int64_t last_insert_rowid() const;
  bool in_transaction() const;
  const std::string& path() const { return path_; }
  const OpenOptions& options() const { return options_; }

  // The error for a failed SQLite call on this connection: stable code, detail with context.
  Error error(int rc, std::string_view context) const;

 private:
  Database(sqlite3* db, std::string path, OpenOptions options)
      : db_(db), path_(std::move(path)), options_(std::move(options)) {}
  void close();

  sqlite3* db_ = nullptr;
  std::string path_;
  OpenOptions options_;
};

// A write transaction. Begins with the connection's begin_write() (SQLite: IMMEDIATE, so the
// write lock is taken up front and a transaction never fails halfway with "busy" after it has
// done work). Nested use becomes a SAVEPOINT, so a repository function can be called inside a
// larger transaction. The destructor rolls back whatever was not committed: an early return on
// error leaves the previous state intact. One template for a Database and for the server's
// SqlConnection (sql_connection.h), which need only exec, in_transaction and begin_write.
template <class Connection>
class BasicTransaction {
 public:
  static Result<BasicTransaction> begin(Connection& db) {
    const bool nested = db.in_transaction();
    auto begun = nested ? db.exec("SAVEPOINT aduan_nested") : db.begin_write();
    if (!begun) return begun.error();
    return BasicTransaction(&db, nested);
  }

  BasicTransaction(BasicTransaction&& other) noexcept
      : db_(std::exchange(other.db_, nullptr)), nested_(other.nested_), finished_(other.finished_) {}
  BasicTransaction& operator=(BasicTransaction&&) = delete;
  BasicTransaction(const BasicTransaction&) = delete;
  BasicTransaction& operator=(const BasicTransaction&) = delete;
  ~BasicTransaction() {
    if (db_ != nullptr && !finished_) rollback();
  }

  Status commit() {
    if (db_ == nullptr || finished_) return make_error(kErrorSql, "commit of a finished transaction");
    auto s = db_->exec(nested_ ? "RELEASE aduan_nested" : "COMMIT");
    // A failed COMMIT (busy, disk full) leaves the transaction open; the destructor rolls back.
    if (s) finished_ = true;
    return s;
  }

 private:
  BasicTransaction(Connection* db, bool nested) : db_(db), nested_(nested) {}
  void rollback() {
    finished_ = true;
    if (nested_) {
      (void)db_->exec("ROLLBACK TO aduan_nested");
      (void)db_->exec("RELEASE aduan_nested");
      return;
    }
    // After some errors (I/O, full disk) the database has already rolled back by itself.
    if (db_->in_transaction()) (void)db_->exec("ROLLBACK");
  }

  Connection* db_ = nullptr;
  bool nested_ = false;
  bool finished_ = false;
};

using Transaction = BasicTransaction<Database>;

}  // namespace aduan::store
