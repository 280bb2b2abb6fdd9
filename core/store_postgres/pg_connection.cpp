// core/store_postgres/pg_connection.cpp: the PostgreSQL connection (pg_connection.h); its
// statements are pg_statement.cpp's.
//
// Owns connecting and the session's settings, every round trip (so a broken session is handled
// in one place: reset and sent again outside a transaction, lost inside one), transactions, the
// schema version and advisory locks. The SQLSTATE -> store code mapping lives here and only here.
// Error details carry the statement's SQL and PostgreSQL's primary message, never a bound value
// (the primary message names a constraint, not the key values that broke it).
#include "core/store_postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <vector>

namespace aduan::store {

void PgResultDeleter::operator()(PGresult* result) const {
  PQclear(result);
}

namespace {

std::string trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string_view code_for_sqlstate(std::string_view state) {
  if (state.starts_with("23")) return kErrorConstraint;
  if (state == "40001" || state == "40P01" || state == "55P03") return kErrorBusy;
  if (state == "53100") return kErrorFull;
  if (state == "53200") return kErrorNoMemory;
  if (state.starts_with("08")) return kErrorIo;
  if (state == "XX001" || state == "XX002") return kErrorCorrupt;
  return kErrorSql;
}

Error error_for(PGconn* conn, const PGresult* result, std::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string detail(sql);
  detail += ": ";
  detail += trimmed(primary != nullptr ? primary : PQerrorMessage(conn));
  if (state != nullptr) detail += std::string(" (sqlstate ") + state + ")";
  // A connection that is gone is "store.io" whatever the last message was (57P01 and such).
  const bool gone = PQstatus(conn) != CONNECTION_OK;
  return make_error(gone ? kErrorIo : code_for_sqlstate(state != nullptr ? state : ""), detail);
}

bool succeeded(const PGresult* result) {
  if (result == nullptr) return false;
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

// libpq's message for a URL it cannot parse may quote the URL whole: every spelling of the
// password in `url` is blanked out of `message`.
std::string without_password(std::string message, std::string_view url) {
  std::vector<std::string> secrets;
  char* parse_error = nullptr;
  if (PQconninfoOption* options = PQconninfoParse(std::string(url).c_str(), &parse_error)) {
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      if (o->val != nullptr && std::strcmp(o->keyword, "password") == 0)
        secrets.emplace_back(o->val);
    }
    PQconninfoFree(options);
  }
  PQfreemem(parse_error);
  // As written: the user-info of a URL (user:password@), and password=... in either form.
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const auto start = scheme + 3;
    const auto at = url.find_first_of("@/", start);
    const auto colon = url.find(':', start);
    if (at != std::string_view::npos && url[at] == '@' && colon < at) {
      secrets.emplace_back(url.substr(colon + 1, at - colon - 1));
    }
  }
  for (auto key = url.find("password="); key != std::string_view::npos;
       key = url.find("password=", key + 1)) {
    const auto value = key + 9;
    secrets.emplace_back(url.substr(value, url.find_first_of("& ", value) - value));
  }
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = message.find(secret); at != std::string::npos; at = message.find(secret, at)) {
      message.replace(at, secret.size(), "***");
    }
  }
  return message;
}

// NOTICEs (IF NOT EXISTS, implicit indexes) are not the server's log: they are dropped.
void ignore_notice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::connect(std::string_view url) {
  PGconn* conn = PQconnectdb(std::string(url).c_str());
  if (conn == nullptr) return make_error(kErrorNoMemory, "connecting to PostgreSQL: out of memory");
  std::unique_ptr<PgConnection> db(new PgConnection(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    return make_error(kErrorIo, "connecting to PostgreSQL: " +
                                    without_password(trimmed(PQerrorMessage(conn)), url));
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  if (auto s = db->apply_session_settings(); !s) return s.error();
  return db;
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

// Sent on connecting and again after a reset, which starts a new session. Times are UTC like
// the SQLite store's; bytea always as hex, which column_blob decodes.
Status PgConnection::apply_session_settings() {
  constexpr const char* kSettings =
      "SET TIME ZONE 'UTC'; SET client_min_messages = warning; SET bytea_output = 'hex'";
  PgResult result(PQexec(conn_, kSettings));
  if (!succeeded(result.get())) return error_for(conn_, result.get(), kSettings);
  return done();
}

Result<PgResult> PgConnection::round_trip(std::string_view sql,
                                          const std::function<PGresult*(PGconn*)>& send) {
  if (lost_transaction_) {
    return make_error(
        kErrorIo, std::string(sql) + ": the connection to PostgreSQL was lost in this transaction");
  }
  const bool was_in_transaction = in_transaction();
  bool reset = false;
  for (;;) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      if (reset) return error_for(conn_, nullptr, sql);
      reset = true;
      PQreset(conn_);  // the same connection string, a new session
      ++session_number_;
      if (PQstatus(conn_) != CONNECTION_OK) {
        return make_error(kErrorIo, std::string(sql) + ": reconnecting to PostgreSQL: " +
                                        trimmed(PQerrorMessage(conn_)));
      }
      if (auto s = apply_session_settings(); !s) return s.error();
    }
    PgResult result(send(conn_));
    if (succeeded(result.get())) {
      const std::string_view command = PQcmdStatus(result.get());
      if (command.starts_with("INSERT") || command.starts_with("UPDATE") ||
          command.starts_with("DELETE") || command.starts_with("MERGE")) {
        const std::string_view text = PQcmdTuples(result.get());
        std::int64_t rows = 0;
        (void)std::from_chars(text.data(), text.data() + text.size(), rows);
        note_changes(rows);
      }
      return result;
    }
    if (PQstatus(conn_) == CONNECTION_OK || reset) return error_for(conn_, result.get(), sql);
    // The server restarted or ended this session. Outside a transaction the call is sent again
    // on a new session; inside one, the transaction's work is gone with the session.
    // Session locks go with the session too: the caller learns it from this error rather than
    // carrying on as if it still held them.
    if (was_in_transaction || session_locks_ > 0) {
      lost_transaction_ = was_in_transaction;
      Error error = error_for(conn_, result.get(), sql);
      if (session_locks_ > 0) error.detail += " (the session's advisory locks are released)";
      session_locks_ = 0;
      return error;
    }
  }
}

Status PgConnection::exec(std::string_view sql) {
  if (lost_transaction_ && sql == "ROLLBACK") {
    lost_transaction_ = false;  // the server rolled it back when the session ended
    return done();
  }
  const std::string text(sql);
  auto result = round_trip(sql, [&](PGconn* conn) { return PQexec(conn, text.c_str()); });
  if (!result) return result.error();
  return done();
}

bool PgConnection::in_transaction() const {
  if (lost_transaction_) return true;  // until the caller's ROLLBACK
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_ACTIVE:
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR: return true;
    default: return false;
  }
}

Status PgConnection::begin_write() {
  // One round trip. If taking the lock fails (a lock_timeout), the transaction is not kept.
  auto s = exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLockKey) + ")");
  if (!s && PQtransactionStatus(conn_) == PQTRANS_INERROR) (void)exec("ROLLBACK");
  return s;
}

Status PgConnection::begin_read_snapshot() {
  return exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

Result<int> PgConnection::schema_version() {
  // to_regclass follows search_path, as the schema's own statements do.
  auto exists = query_int("SELECT to_regclass('aduan_schema_version') IS NOT NULL");
  if (!exists) return exists.error();
  if (exists.value() == 0) return 0;
  auto query = prepare("SELECT version FROM aduan_schema_version");
  if (!query) return query.error();
  auto row = query.value().step();
  if (!row) return row.error();
  return row.value() ? static_cast<int>(query.value().column_int(0)) : 0;
}

Status PgConnection::set_schema_version(int version) {
  // The number comes from the code, never from input. One row: the old one is replaced.
  return exec(
      "CREATE TABLE IF NOT EXISTS aduan_schema_version (version integer NOT NULL);"
      "DELETE FROM aduan_schema_version;"
      "INSERT INTO aduan_schema_version (version) VALUES (" +
      std::to_string(version) + ")");
}

namespace {

Result<std::int64_t> call_with_key(PgConnection& db, std::string_view sql, std::int64_t key) {
  auto query = db.prepare(sql);
  if (!query) return query.error();
  query.value().bind_int(1, key);
  auto row = query.value().step();
  if (!row) return row.error();
  return query.value().column_int(0);
}

}  // namespace

Status PgConnection::lock_session(std::int64_t key) {
  auto locked = call_with_key(*this, "SELECT pg_advisory_lock(?1)", key);
  if (!locked) return locked.error();
  ++session_locks_;
  return done();
}

Result<bool> PgConnection::try_lock_session(std::int64_t key) {
  auto locked = call_with_key(*this, "SELECT pg_try_advisory_lock(?1)", key);
  if (!locked) return locked.error();
  if (locked.value() != 0) ++session_locks_;
  return locked.value() != 0;
}

Status PgConnection::unlock_session(std::int64_t key) {
  auto unlocked = call_with_key(*this, "SELECT pg_advisory_unlock(?1)", key);
  if (!unlocked) return unlocked.error();
  if (unlocked.value() == 0) {
    return make_error(kErrorInvalidState, "unlock of session lock " + std::to_string(key) +
                                              ", which this session does not hold");
  }
  --session_locks_;
  return done();
}

}  // namespace aduan::store
