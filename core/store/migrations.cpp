// core/store/migrations.cpp: the migration runner (migrations.h).
//
// The version is re-read inside each step's write transaction rather than once up front: with
// several connections (the native server), another process may have migrated meanwhile, and a
// step must never run twice.
#include "core/store/migrations.h"

#include <string>

#include "core/store/sql_connection.h"

namespace aduan::store {
namespace {

Status check_numbering(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return make_error(kErrorSql, "migration #" + std::to_string(i) + " is numbered " +
                                       std::to_string(migrations[i].version) + ", expected " +
                                       std::to_string(i + 1));
    }
  }
  return done();
}

Error newer_schema(int found, int known) {
  return make_error(kErrorNewerSchema, "database schema version " + std::to_string(found) +
                                           " is newer than this app knows (" +
                                           std::to_string(known) + ")");
}

// The two kinds of connection the runner serves: a device's or server's SQLite Database, and
// the server's SqlConnection (SQLite or PostgreSQL). Only these calls differ between them.
Result<Transaction> begin_step(Database& db) {
  return Transaction::begin(db);
}
Result<SqlTransaction> begin_step(SqlConnection& db) {
  return SqlTransaction::begin(db);
}
Result<int> read_version(Database& db) {
  return schema_version(db);
}
Result<int> read_version(SqlConnection& db) {
  return db.schema_version();
}
Status write_version(Database& db, int version) {
  // PRAGMA takes no bound parameters; the number comes from the code, never from input.
  return db.exec("PRAGMA user_version = " + std::to_string(version));
}
Status write_version(SqlConnection& db, int version) {
  return db.set_schema_version(version);
}

// Runs one step if the file is still below it. Returns the file's version afterwards.
template <class Connection>
Result<int> apply_step(Connection& db, const Migration& step, int latest) {
  auto tx = begin_step(db);
  if (!tx) return tx.error();
  auto current = read_version(db);
  if (!current) return current.error();
  if (current.value() > latest) return newer_schema(current.value(), latest);
  if (current.value() >= step.version) return current.value();  // done by someone else
  if (current.value() != step.version - 1) {
    return make_error(kErrorSql, "migration " + std::to_string(step.version) +
                                     " cannot follow version " + std::to_string(current.value()));
  }
  if (auto s = db.exec(step.sql); !s) {
    return make_error(s.error().code,
                      "migration " + std::to_string(step.version) + ": " + s.error().detail);
  }
  if (auto s = write_version(db, step.version); !s) return s.error();
  if (auto s = tx.value().commit(); !s) return s.error();
  return step.version;
}

template <class Connection>
Status migrate_connection(Connection& db, std::span<const Migration> migrations) {
  if (auto s = check_numbering(migrations); !s) return s;
  const int latest = latest_version(migrations);
  auto current = read_version(db);
  if (!current) return current.error();
  if (current.value() > latest) return newer_schema(current.value(), latest);
  for (const Migration& step : migrations) {
    if (step.version <= current.value()) continue;
    auto after = apply_step(db, step, latest);
    if (!after) return after.error();
    current = after.value();
  }
  return done();
}

}  // namespace

int latest_version(std::span<const Migration> migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

Result<int> schema_version(Database& db) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return version.error();
  return static_cast<int>(version.value());
}

Status migrate(Database& db, std::span<const Migration> migrations) {
  return migrate_connection(db, migrations);
}

Status migrate(SqlConnection& db, std::span<const Migration> migrations) {
  return migrate_connection(db, migrations);
}

Result<Database> open_migrated(const std::string& path, const OpenOptions& options,
                               std::span<const Migration> migrations) {
  auto db = Database::open(path, options);
  if (!db) return db.error();
  // Read-only check first: a newer file, or one that is not a database at all, is refused
  // before the journal mode (which rewrites the header for WAL) touches it.
  auto version = schema_version(db.value());
  if (!version) return version.error();
  const int latest = latest_version(migrations);
  if (version.value() > latest) return newer_schema(version.value(), latest);
  if (!options.read_only) {
    if (auto s = db.value().apply_journal_mode(); !s) return s.error();
    if (auto s = migrate(db.value(), migrations); !s) return s.error();
  } else if (version.value() != latest) {
    return make_error(kErrorInvalidState, "read-only database is at schema version " +
                                              std::to_string(version.value()) + ", not " +
                                              std::to_string(latest));
  }
  return std::move(db).value();
}

}  // namespace aduan::store
