// core/store/database.cpp: the SQLite connection, statements and transactions (database.h).
//
// Error mapping lives here and only here: every SQLite result code becomes one of the stable
// store codes, with SQLite's message kept in the detail for logs. Nothing here throws; a
// Statement or Database that failed to open is simply empty and its destructor is a no-op.
#include "core/store/database.h"

#include <utility>

#include "sqlite3.h"

namespace aduan::store {
namespace {

std::string_view code_for(int rc) {
  switch (rc & 0xff) {  // the primary code; extended codes only refine the detail
    case SQLITE_CONSTRAINT:
      return kErrorConstraint;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return kErrorBusy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return kErrorCorrupt;
    case SQLITE_FULL:
      return kErrorFull;
    case SQLITE_NOMEM:
      return kErrorNoMemory;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_AUTH:
      return kErrorIo;
    default:
      return kErrorSql;
  }
}

std::string describe(sqlite3* db, int rc, std::string_view context) {
  std::string detail(context);
  detail += ": ";
  detail += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  detail += " (sqlite " + std::to_string(rc) + ")";
  return detail;
}

const char* synchronous_pragma(Synchronous s) {
  switch (s) {
    case Synchronous::normal:
      return "PRAGMA synchronous = NORMAL";
    case Synchronous::off:
      return "PRAGMA synchronous = OFF";
    case Synchronous::full:
      break;
  }
  return "PRAGMA synchronous = FULL";
}

std::optional<JournalMode> parse_journal_mode(std::string_view name) {
  if (name == "wal") return JournalMode::wal;
  if (name == "delete") return JournalMode::delete_file;
  if (name == "memory") return JournalMode::memory;
  return std::nullopt;
}

}  // namespace

Error make_error(std::string_view code, std::string detail) {
  return Error{std::string(code), std::move(detail)};
}

// ---- Statement -------------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::note_bind_result(int rc, int index) {
  if (rc != SQLITE_OK && !bind_error_) {
    bind_error_ = make_error(code_for(rc), describe(db_, rc, "bind #" + std::to_string(index)));
  }
}

Statement& Statement::bind_int(int index, std::int64_t value) {
  note_bind_result(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind_double(int index, double value) {
  note_bind_result(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind_text(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies, so a temporary string is safe to pass.
  note_bind_result(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> value) {
  // A zero-length blob must stay a blob, not NULL, so a valid pointer is always passed.
  static constexpr std::uint8_t kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  note_bind_result(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT), index);
  return *this;
}

Statement& Statement::bind_null(int index) {
  note_bind_result(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Statement& Statement::bind_optional_int(int index, const std::optional<std::int64_t>& value) {
  return value ? bind_int(index, *value) : bind_null(index);
}

Result<bool> Statement::step() {
  if (stmt_ == nullptr) return make_error(kErrorSql, "step on an empty statement");
  if (bind_error_) return *bind_error_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_sql() names the statement in the log without exposing bound values.
  return make_error(code_for(rc), describe(db_, rc, sqlite3_sql(stmt_)));
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!row.value()) return done();
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_.reset();
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::column_text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);  // after _text, as SQLite requires
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::span<const std::uint8_t> Statement::column_blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return {static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)};
}

std::optional<std::int64_t> Statement::column_optional_int(int column) const {
  if (column_is_null(column)) return std::nullopt;
  return column_int(column);
}

// ---- Database --------------------------------------------------------------------------------

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create_if_missing && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_EXRESCODE;
  sqlite3* handle = nullptr;
  const char* vfs = options.vfs.empty() ? nullptr : options.vfs.c_str();
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, vfs);
  if (rc != SQLITE_OK) {
    Error error = make_error(code_for(rc), describe(handle, rc, "open " + path));
    sqlite3_close_v2(handle);  // a handle is returned even on failure, except out of memory
    return error;
  }
  Database db(handle, path, options);
  // Connection-level settings only: none of these writes to the file.
  sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  sqlite3_extended_result_codes(handle, 1);
  if (auto s = db.exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  if (auto s = db.exec(synchronous_pragma(options.synchronous)); !s) return s.error();
  if (options.secure_delete) {
    if (auto s = db.exec("PRAGMA secure_delete = ON"); !s) return s.error();
  }
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      options_(std::move(other.options_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    options_ = std::move(other.options_);
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() {
  // close_v2 defers the close until any statement still alive is finalized, so an outliving
  // Statement cannot leak the connection or crash.
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Error Database::error(int rc, std::string_view context) const {
  return make_error(code_for(rc), describe(db_, rc, context));
}

Status Database::exec(std::string_view sql) {
  if (db_ == nullptr) return make_error(kErrorSql, "exec on a closed database");
  std::string text(sql);  // sqlite3_exec wants a terminated string
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc, text.substr(0, 80));
  return done();
}

Result<Statement> Database::prepare(std::string_view sql) {
  if (db_ == nullptr) return make_error(kErrorSql, "prepare on a closed database");
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return error(rc, sql.substr(0, 80));
  }
  return Statement(db_, stmt);
}

Result<std::int64_t> Database::query_int(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt.value().step();
  if (!row) return row.error();
  if (!row.value()) return make_error(kErrorSql, "no row from " + std::string(sql));
  return stmt.value().column_int(0);
}

Status Database::apply_journal_mode() {
  JournalMode wanted = options_.journal_mode;
  const char* sql = "PRAGMA journal_mode = WAL";
  if (wanted == JournalMode::delete_file) sql = "PRAGMA journal_mode = DELETE";
  if (wanted == JournalMode::memory) sql = "PRAGMA journal_mode = MEMORY";
  // The pragma answers with the mode now in force; it does not fail when a mode is
  // unavailable (WAL compiled out, WAL on a VFS without shared memory), so compare.
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt.value().step();
  if (!row) return row.error();
  auto now = parse_journal_mode(row.value() ? stmt.value().column_text(0) : std::string());
  stmt.value().reset();
  if (wanted == JournalMode::best_available) {
    if (now == JournalMode::wal) return done();
    // Without WAL, a rollback journal; an in-memory database keeps its own "memory" mode.
    auto fallback = exec("PRAGMA journal_mode = DELETE");
    if (!fallback) return fallback.error();
    return done();
  }
  if (now != wanted) {
    return make_error(kErrorUnsupported, std::string("journal mode not available: ") + sql);
  }
  return done();
}

Result<JournalMode> Database::journal_mode() {
  auto stmt = prepare("PRAGMA journal_mode");
  if (!stmt) return stmt.error();
  auto row = stmt.value().step();
  if (!row) return row.error();
  auto mode = parse_journal_mode(row.value() ? stmt.value().column_text(0) : std::string());
  if (!mode) return make_error(kErrorUnsupported, "journal mode not one Aduan uses");
  return *mode;
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

bool Database::in_transaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }

}  // namespace aduan::store
