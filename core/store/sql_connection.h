// core/store/sql_connection.h: one SQL connection of the server's store, whichever database
// holds it (the embedded SQLite file, or PostgreSQL for several server instances).
//
// Owns the interface the server's repository code is written against: prepared statements with
// the same bind/step/column calls as database.h, write transactions, read snapshots and the
// schema version. Two implementations: SqliteConnection below (a database.h connection) and
// PgConnection (core/store_postgres). Does not own any SQL of the product. The device's store
// keeps using database.h directly: the browser's program carries no second backend and no
// virtual calls for one.
//
// The SQL the repositories write is the common part of both dialects: `?1`-style parameters,
// `ON CONFLICT ... DO NOTHING/UPDATE`, `RETURNING`, integer 0/1 for truth values, no
// SQLite-only functions. Where a statement must differ, the caller asks dialect().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/domain/result.h"
#include "core/store/database.h"
#include "core/store/migrations.h"

namespace aduan::store {

enum class SqlDialect { sqlite, postgres };

// What a backend implements for one prepared statement. Parameters 1-based, columns 0-based.
class SqlStatementImpl {
 public:
  virtual ~SqlStatementImpl() = default;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_blob(int index, std::span<const std::uint8_t> value) = 0;
  virtual void bind_null(int index) = 0;
  virtual Result<bool> step() = 0;
  virtual void reset() = 0;
  virtual bool column_is_null(int column) const = 0;
  virtual std::int64_t column_int(int column) const = 0;
  virtual double column_double(int column) const = 0;
  virtual std::string column_text(int column) const = 0;
  virtual std::span<const std::uint8_t> column_blob(int column) const = 0;
};

// A prepared statement of either backend, used exactly like database.h's Statement: binds
// chain, the first bind failure is returned by step().
class SqlStatement {
 public:
  SqlStatement() = default;
  explicit SqlStatement(std::unique_ptr<SqlStatementImpl> impl) : impl_(std::move(impl)) {}

  SqlStatement& bind_int(int index, std::int64_t value) {
    impl_->bind_int(index, value);
    return *this;
  }
  SqlStatement& bind_double(int index, double value) {
    impl_->bind_double(index, value);
    return *this;
  }
  SqlStatement& bind_bool(int index, bool value) { return bind_int(index, value ? 1 : 0); }
  SqlStatement& bind_text(int index, std::string_view value) {
    impl_->bind_text(index, value);
    return *this;
  }
  SqlStatement& bind_blob(int index, std::span<const std::uint8_t> value) {
    impl_->bind_blob(index, value);
    return *this;
  }
  SqlStatement& bind_null(int index) {
    impl_->bind_null(index);
    return *this;
  }
  SqlStatement& bind_optional_int(int index, const std::optional<std::int64_t>& value) {
    return value ? bind_int(index, *value) : bind_null(index);
  }

  Result<bool> step() { return impl_->step(); }
  Status run();
  void reset() { impl_->reset(); }

  bool column_is_null(int column) const { return impl_->column_is_null(column); }
  std::int64_t column_int(int column) const { return impl_->column_int(column); }
  double column_double(int column) const { return impl_->column_double(column); }
  std::string column_text(int column) const { return impl_->column_text(column); }
  std::span<const std::uint8_t> column_blob(int column) const { return impl_->column_blob(column); }
  std::optional<std::int64_t> column_optional_int(int column) const {
    if (column_is_null(column)) return std::nullopt;
    return column_int(column);
  }

 private:
  std::unique_ptr<SqlStatementImpl> impl_;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual SqlDialect dialect() const = 0;

  // One or more statements that return no rows and take no parameters (schema, settings).
  virtual Status exec(std::string_view sql) = 0;
  virtual Result<SqlStatement> prepare(std::string_view sql) = 0;
  // For single-value queries such as SELECT count(*).
  Result<std::int64_t> query_int(std::string_view sql);

  virtual std::int64_t changes() const = 0;  // rows changed by the last INSERT/UPDATE/DELETE
  virtual bool in_transaction() const = 0;

  // Begins a write transaction that holds the database's single writer's lock from its first
  // statement to its end: SQLite's BEGIN IMMEDIATE, and on PostgreSQL a transaction-scoped
  // advisory lock every instance takes, so writes commit in the order they began and the
  // event numbers a device pulls by are never committed out of order.
  virtual Status begin_write() = 0;
  // A read-only transaction that sees one snapshot for every statement in it.
  virtual Status begin_read_snapshot() = 0;

  // The schema version the database records (0 for an empty database).
  virtual Result<int> schema_version() = 0;
  // Inside a write transaction: records that the schema is now at `version`.
  virtual Status set_schema_version(int version) = 0;
};

// A write transaction on an SqlConnection: begins with begin_write(), nests as a SAVEPOINT,
// rolls back in its destructor unless committed (database.h's BasicTransaction).
using SqlTransaction = BasicTransaction<SqlConnection>;

// Numbered migrations on either backend (migrations.h's rules): each step in its own write
// transaction that re-reads the version, so instances starting together never run a step
// twice; a database newer than the list is refused untouched ("store.newer_schema").
Status migrate(SqlConnection& db, std::span<const Migration> migrations);

// The embedded backend: a database.h connection.
class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(Database db) : db_(std::move(db)) {}
  SqlDialect dialect() const override { return SqlDialect::sqlite; }
  Status exec(std::string_view sql) override { return db_.exec(sql); }
  Result<SqlStatement> prepare(std::string_view sql) override;
  std::int64_t changes() const override { return db_.changes(); }
  bool in_transaction() const override { return db_.in_transaction(); }
  Status begin_write() override { return db_.begin_write(); }
  Status begin_read_snapshot() override { return db_.exec("BEGIN"); }
  Result<int> schema_version() override;
  Status set_schema_version(int version) override;

  Database& database() { return db_; }

 private:
  Database db_;
};

}  // namespace aduan::store
