// core/store_postgres/pg_statement.cpp: one statement of a PgConnection (pg_connection.h):
// translating its `?N` parameters to `$N`, binding them typed, running it and reading its rows.
//
// A statement is not prepared on the server: each execution is one PQexecParams round trip (the
// store runs a prepared statement once or a few times, and a server-side PREPARE would double
// the round trips), sent through the connection's round_trip so a broken session is handled in
// one place. Parameters go typed where the type matters (int8, float8, binary bytea) and as
// "unknown" for text, which the server resolves from the column or operator it meets; rows come
// back in text format and are parsed here.
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <vector>

#include "core/store_postgres/pg_connection.h"

namespace aduan::store {
namespace {

constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat8Oid = 701;
constexpr int kMaxParameter = 32766;
constexpr std::string_view kIndexedBy =
    "INDEXED BY ";  // SQLite's limit, so both backends refuse the same SQL

// to_postgres_parameters, also saying which numbers the text uses (used[n]).
std::pair<std::string, int> translate(std::string_view sql, std::vector<bool>* used) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  std::size_t i = 0;
  auto copy_to = [&](std::size_t end) {
    end = std::min(end, sql.size());
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '\'' || c == '"') {
      // A doubled quote inside ends one quoted run and starts the next: copied all the same.
      const std::size_t end = sql.find(c, i + 1);
      copy_to(end == std::string_view::npos ? sql.size() : end + 1);
    } else if (c == '-' && next == '-') {
      const std::size_t end = sql.find('\n', i);
      copy_to(end == std::string_view::npos ? sql.size() : end + 1);
    } else if (c == '/' && next == '*') {
      // PostgreSQL's block comments nest.
      std::size_t j = i + 2;
      for (int depth = 1; j < sql.size() && depth > 0;) {
        if (sql.compare(j, 2, "/*") == 0) {
          ++depth, j += 2;
        } else if (sql.compare(j, 2, "*/") == 0) {
          --depth, j += 2;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '?') {
      std::size_t j = i + 1;
      int number = 0;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
        number = std::min(number * 10 + (sql[j] - '0'), kMaxParameter + 1);
        ++j;
      }
      if (j == i + 1) number = highest + 1;  // bare `?`: one more than the largest so far
      highest = std::max(highest, number);
      if (used != nullptr && number > 0) {
        if (used->size() <= static_cast<std::size_t>(number)) used->resize(number + 1, false);
        (*used)[number] = true;
      }
      out += '$';
      out += std::to_string(number);
      i = j;
    } else if (sql.compare(i, kIndexedBy.size(), kIndexedBy) == 0 &&
               (i == 0 || sql[i - 1] == ' ')) {
      // SQLite's planner hint (`FROM cases INDEXED BY cases_by_region`): PostgreSQL has no such
      // clause and picks the index itself, so the hint and its index name are left out.
      i += kIndexedBy.size();
      while (i < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[i])) != 0 || sql[i] == '_'))
        ++i;
      if (i < sql.size() && sql[i] == ' ') ++i;  // the space before it is already written
    } else {
      out += c;
      ++i;
    }
  }
  if (used != nullptr) used->resize(highest + 1, false);
  return {std::move(out), highest};
}
}  // namespace

std::pair<std::string, int> to_postgres_parameters(std::string_view sql) {
  return translate(sql, nullptr);
}

// ---- PgStatement -------------------------------------------------------------------------------

class PgStatement final : public SqlStatementImpl {
 public:
  PgStatement(PgConnection& db, std::string sql, std::vector<bool> used)
      : db_(db), sql_(std::move(sql)), used_(std::move(used)), parameters_(used_.size() - 1) {}

  void bind_int(int index, std::int64_t value) override {
    bind(index, std::to_string(value), kInt8Oid, 0);
  }
  void bind_double(int index, double value) override {
    char text[40];
    const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::general, 17);
    bind(index, std::string(text, end.ptr), kFloat8Oid, 0);
  }
  void bind_text(int index, std::string_view value) override {
    if (value.find('\0') != std::string_view::npos) {
      note_error(make_error(kErrorInvalidArgument, "bind #" + std::to_string(index) +
                                                       ": PostgreSQL text cannot hold a NUL byte"));
      return;
    }
    bind(index, std::string(value), 0, 0);
  }
  void bind_blob(int index, std::span<const std::uint8_t> value) override {
    bind(index, std::string(reinterpret_cast<const char*>(value.data()), value.size()), kByteaOid,
         1);
  }
  void bind_null(int index) override { bind(index, std::nullopt, 0, 0); }

  Result<bool> step() override;
  void reset() override;

  bool column_is_null(int column) const override {
    return !has_row(column) || PQgetisnull(result_.get(), row_, column) != 0;
  }
  std::int64_t column_int(int column) const override;
  double column_double(int column) const override;
  std::string column_text(int column) const override {
    if (!has_row(column)) return {};
    return std::string(PQgetvalue(result_.get(), row_, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }
  std::span<const std::uint8_t> column_blob(int column) const override;

 private:
  struct Parameter {
    std::optional<std::string> value;  // nullopt: NULL, which is also what an unbound one is
    Oid type = 0;                      // 0: the server infers it
    int format = 0;                    // 1: binary
  };

  void bind(int index, std::optional<std::string> value, Oid type, int format) {
    if (index < 1 || index > parameters_) {
      note_error(make_error(kErrorSql,
                            "bind #" + std::to_string(index) + ": no such parameter in " + sql_));
      return;
    }
    params_[index - 1] = Parameter{std::move(value), type, format};
  }
  void note_error(Error error) {
    if (!bind_error_) bind_error_ = std::move(error);
  }
  bool has_row(int column) const {
    return result_ && row_ < PQntuples(result_.get()) && column >= 0 &&
           column < PQnfields(result_.get());
  }

  PgConnection& db_;
  std::string sql_;         // with $N parameters
  std::vector<bool> used_;  // used_[n]: the text uses $n
  int parameters_;          // the highest $N in the text
  std::vector<Parameter> params_ = std::vector<Parameter>(static_cast<std::size_t>(parameters_));
  std::optional<Error> bind_error_;
  PgResult result_;  // null until executed
  int row_ = 0;
  mutable std::map<int, std::vector<std::uint8_t>> blobs_;  // column_blob's decoded bytes, per row
};

Result<bool> PgStatement::step() {
  blobs_.clear();
  if (result_) {
    if (row_ < PQntuples(result_.get())) ++row_;
    return row_ < PQntuples(result_.get());
  }
  if (bind_error_) return *bind_error_;
  std::vector<Oid> types(params_.size());
  std::vector<const char*> values(params_.size());
  std::vector<int> lengths(params_.size());
  std::vector<int> formats(params_.size());
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Parameter& p = params_[i];
    // A number the text skips ($2 of "$1, $3") has no type the server could infer: text will do.
    types[i] = p.type == 0 && !used_[i + 1] ? kTextOid : p.type;
    values[i] = p.value ? p.value->c_str() : nullptr;
    lengths[i] = p.value ? static_cast<int>(p.value->size()) : 0;
    formats[i] = p.format;
  }
  auto result = db_.round_trip(sql_, [&](PGconn* conn) {
    return PQexecParams(conn, sql_.c_str(), parameters_, types.data(), values.data(),
                        lengths.data(), formats.data(), 0);
  });
  if (!result) return result.error();
  result_ = std::move(result).value();
  row_ = 0;
  return row_ < PQntuples(result_.get());
}

void PgStatement::reset() {
  result_.reset();
  row_ = 0;
  blobs_.clear();
  bind_error_.reset();
  params_.assign(params_.size(), Parameter{});
}

std::int64_t PgStatement::column_int(int column) const {
  if (!has_row(column)) return 0;
  const char* text = PQgetvalue(result_.get(), row_, column);
  const char* end = text + PQgetlength(result_.get(), row_, column);
  if (PQftype(result_.get(), column) == kBoolOid) return *text == 't' ? 1 : 0;
  std::int64_t value = 0;
  const auto parsed = std::from_chars(text, end, value);
  if (parsed.ec == std::errc() && parsed.ptr == end) return value;
  // numeric or float8 text: truncated toward zero and clamped, as SQLite converts a real.
  const double real = column_double(column);
  if (!(real == real)) return 0;  // NaN
  if (real >= 9.2233720368547758e18) return INT64_MAX;
  if (real <= -9.2233720368547758e18) return INT64_MIN;
  return static_cast<std::int64_t>(real);
}

double PgStatement::column_double(int column) const {
  if (!has_row(column)) return 0;
  const char* text = PQgetvalue(result_.get(), row_, column);
  const char* end = text + PQgetlength(result_.get(), row_, column);
  if (PQftype(result_.get(), column) == kBoolOid) return *text == 't' ? 1 : 0;
  double value = 0;
  // "Infinity" and "NaN" as PostgreSQL writes them read as such; a leading '+' never occurs.
  (void)std::from_chars(text, end, value);
  return value;
}

std::span<const std::uint8_t> PgStatement::column_blob(int column) const {
  if (!has_row(column)) return {};
  auto [it, inserted] = blobs_.try_emplace(column);
  if (!inserted) return it->second;
  const char* text = PQgetvalue(result_.get(), row_, column);
  const std::size_t length = static_cast<std::size_t>(PQgetlength(result_.get(), row_, column));
  std::vector<std::uint8_t>& bytes = it->second;
  if (length < 2 || text[0] != '\\' || text[1] != 'x') {
    bytes.assign(text, text + length);  // not bytea: the text's own bytes, as SQLite gives
    return bytes;
  }
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (c | 0x20) - 'a' + 10;  // bytea_output 'hex' writes 0-9a-f only
  };
  bytes.reserve((length - 2) / 2);
  for (std::size_t i = 2; i + 1 < length; i += 2) {
    bytes.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
  }
  return bytes;
}

Result<SqlStatement> PgConnection::prepare(std::string_view sql) {
  std::vector<bool> used;
  auto [text, highest] = translate(sql, &used);
  if (highest > kMaxParameter) {
    return make_error(kErrorSql, "parameter number above " + std::to_string(kMaxParameter) +
                                     " in " + std::string(sql));
  }
  return SqlStatement(std::make_unique<PgStatement>(*this, std::move(text), std::move(used)));
}

}  // namespace aduan::store
