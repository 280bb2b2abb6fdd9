// core/store/sql_connection.cpp: the parts of sql_connection.h common to both backends, and
// the SQLite one (a thin forwarding layer over database.h).
#include "core/store/sql_connection.h"

#include <string>
#include <utility>

namespace aduan::store {
namespace {

class SqliteStatement final : public SqlStatementImpl {
 public:
  explicit SqliteStatement(Statement statement) : statement_(std::move(statement)) {}
  void bind_int(int index, std::int64_t value) override { statement_.bind_int(index, value); }
  void bind_double(int index, double value) override { statement_.bind_double(index, value); }
  void bind_text(int index, std::string_view value) override { statement_.bind_text(index, value); }
  void bind_blob(int index, std::span<const std::uint8_t> value) override {
    statement_.bind_blob(index, value);
  }
  void bind_null(int index) override { statement_.bind_null(index); }
  Result<bool> step() override { return statement_.step(); }
  void reset() override { statement_.reset(); }
  bool column_is_null(int column) const override { return statement_.column_is_null(column); }
  std::int64_t column_int(int column) const override { return statement_.column_int(column); }
  double column_double(int column) const override { return statement_.column_double(column); }
  std::string column_text(int column) const override { return statement_.column_text(column); }
  std::span<const std::uint8_t> column_blob(int column) const override {
    return statement_.column_blob(column);
  }

 private:
  Statement statement_;
};

}  // namespace

Status SqlStatement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!row.value()) return done();
  }
}

Result<std::int64_t> SqlConnection::query_int(std::string_view sql) {
  auto query = prepare(sql);
  if (!query) return query.error();
  auto row = query.value().step();
  if (!row) return row.error();
  if (!row.value()) return make_error(kErrorSql, "no row: " + std::string(sql));
  return query.value().column_int(0);
}

// ---- SqliteConnection --------------------------------------------------------------------------

Result<SqlStatement> SqliteConnection::prepare(std::string_view sql) {
  auto prepared = db_.prepare(sql);
  if (!prepared) return prepared.error();
  return SqlStatement(std::make_unique<SqliteStatement>(std::move(prepared).value()));
}

Result<int> SqliteConnection::schema_version() {
  return store::schema_version(db_);
}

Status SqliteConnection::set_schema_version(int version) {
  // PRAGMA takes no bound parameters; the number comes from the code, never from input.
  return db_.exec("PRAGMA user_version = " + std::to_string(version));
}

}  // namespace aduan::store
