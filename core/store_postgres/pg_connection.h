// core/store_postgres/pg_connection.h: the PostgreSQL backend of the server's store, one libpq
// connection behind the SqlConnection interface (core/store/sql_connection.h).
//
// Owns connecting (a postgres:// URL, or libpq's PG* environment when the URL is empty),
// translating the repositories' `?1`-style parameters to PostgreSQL's `$1`, running statements
// with their parameters typed (integers as int8, blobs as bytea, text left for the server to
// infer), reading rows, mapping SQLSTATEs to the store's stable error codes, the writer's lock
// (a transaction-scoped advisory lock every instance takes, see begin_write) and the schema
// version table. Does not own any SQL of the product or the schema (server_schema_postgres.cpp).
// One connection per thread, as with SQLite; nothing here is shared between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/domain/result.h"
#include "core/store/sql_connection.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace aduan::store {

class PgStatement;  // pg_statement.cpp
// A libpq result, cleared when dropped.
struct PgResultDeleter {
  void operator()(PGresult* result) const;
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// The advisory lock keys of the deployment, one namespace of numbers for every instance.
inline constexpr std::int64_t kWriterLockKey = 0x616475616e0001;     // "aduan" 1: one writer
inline constexpr std::int64_t kSchedulerLockKey = 0x616475616e0002;  // one deadline scheduler
inline constexpr std::int64_t kMigrationLockKey = 0x616475616e0003;  // one migrating instance

class PgConnection final : public SqlConnection {
 public:
  // `url`: postgres://user:password@host:port/dbname?sslmode=... (postgresql:// too), or empty
  // for libpq's defaults and PG* environment variables. "store.io" when the server cannot be
  // reached, with libpq's reason (never the password).
  static Result<std::unique_ptr<PgConnection>> connect(std::string_view url);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  SqlDialect dialect() const override { return SqlDialect::postgres; }
  Status exec(std::string_view sql) override;
  // Translates the parameters; nothing is sent until the first step(). A statement refers to
  // its connection and must not outlive it.
  Result<SqlStatement> prepare(std::string_view sql) override;
  std::int64_t changes() const override { return changes_; }
  bool in_transaction() const override;
  // BEGIN, then pg_advisory_xact_lock(kWriterLockKey): writers of every instance queue on it,
  // so write transactions commit in the order they took the lock, as SQLite's one writer does.
  Status begin_write() override;
  // BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY.
  Status begin_read_snapshot() override;
  Result<int> schema_version() override;
  Status set_schema_version(int version) override;

  // Session-level advisory locks, for a lock held across several transactions (the server's
  // writer lock around a read-decide-record) or by one instance at a time (the scheduler).
  Status lock_session(std::int64_t key);
  Result<bool> try_lock_session(std::int64_t key);
  Status unlock_session(std::int64_t key);

  // Counts the sessions this connection has had: it goes up whenever a lost connection is
  // reset, which ends every session lock. Whoever holds one (the scheduler) compares it.
  std::uint64_t session_number() const { return session_number_; }

  // For statements of this connection: remembers the rows the last command changed.
  void note_changes(std::int64_t rows) { changes_ = rows; }
  PGconn* handle() const { return conn_; }

 private:
  friend class PgStatement;
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  Status apply_session_settings();
  // One round trip sent by `send`, with the reconnect rule: a connection that broke outside a
  // transaction is reset once and the call sent again; inside one, the call fails ("store.io")
  // and so does every call until the caller's ROLLBACK ends the lost transaction. With session
  // locks held, the call fails once ("store.io": the locks are gone) and the next reconnects.
  Result<PgResult> round_trip(std::string_view sql, const std::function<PGresult*(PGconn*)>& send);

  PGconn* conn_ = nullptr;
  std::int64_t changes_ = 0;
  bool lost_transaction_ = false;
  int session_locks_ = 0;  // held by lock_session/try_lock_session, not yet unlocked
  std::uint64_t session_number_ = 0;
};

// `?1`..`?N` and bare `?` (numbered as SQLite numbers them) to `$1`..`$N`, outside string
// literals, quoted names and comments. Returns the text and the highest parameter number.
std::pair<std::string, int> to_postgres_parameters(std::string_view sql);

}  // namespace aduan::store
