// tests/bench/bench_postgres.cpp: see bench_postgres.h.
#include "tests/bench/bench_postgres.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "core/store_postgres/pg_connection.h"

namespace aduan::bench {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1,
                         static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

std::optional<std::string> postgres_base_url() {
  if (const char* url = std::getenv("ADUAN_BENCH_POSTGRES_URL"); url != nullptr && *url != '\0')
    return url;
  for (const char* name : {"PGHOST", "PGPORT", "PGSERVICE"})
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0')
      return "postgresql://";
  return std::nullopt;
}

namespace {

std::unique_ptr<store::PgConnection> connect_or_exit(const std::string& url) {
  auto connection = store::PgConnection::connect(url);
  if (!connection) {
    std::fprintf(stderr, "cannot reach PostgreSQL at %s: %s\n", url.c_str(),
                 connection.error().detail.c_str());
    std::exit(1);
  }
  return std::move(connection).value();
}

// One text value of a query, or "?".
std::string first_text(store::PgConnection& connection, const std::string& sql) {
  auto statement = connection.prepare(sql);
  if (!statement) return "?";
  auto row = statement.value().step();
  return row && row.value() ? statement.value().column_text(0) : "?";
}

}  // namespace

PostgresSchema::PostgresSchema(const std::string& base_url) : base_url_(base_url) {
  if (base_url.find("options=") != std::string::npos) {
    std::fprintf(
        stderr,
        "ADUAN_BENCH_POSTGRES_URL must not set options= (the benchmark sets search_path)\n");
    std::exit(1);
  }
  std::random_device random;
  name_ = "bench_" + std::to_string(random()) + std::to_string(random() % 10000);
  url_ = base_url + (base_url.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + name_;
  if (auto created = connect_or_exit(base_url)->exec("CREATE SCHEMA " + name_); !created) {
    std::fprintf(stderr, "cannot create schema %s: %s\n", name_.c_str(),
                 created.error().detail.c_str());
    std::exit(1);
  }
}

PostgresSchema::~PostgresSchema() {
  auto connection = store::PgConnection::connect(base_url_);
  if (connection) (void)connection.value()->exec("DROP SCHEMA " + name_ + " CASCADE");
}

std::string PostgresSchema::settings() const {
  auto connection = connect_or_exit(url_);
  std::string out;
  for (const char* name :
       {"server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers"})
    out += std::string(out.empty() ? "" : " ") + name + "=" +
           first_text(*connection, std::string("SHOW ") + name);
  return out;
}

long long PostgresSchema::bytes() const {
  auto connection = connect_or_exit(url_);
  auto size = connection->query_int(
      "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c "
      "WHERE c.relkind IN ('r', 'm') AND c.relnamespace = current_schema()::regnamespace");
  return size ? static_cast<long long>(size.value()) : -1;
}

void PostgresSchema::analyze() const {
  auto connection = connect_or_exit(url_);
  std::vector<std::string> tables;
  if (auto names = connection->prepare(
          "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()")) {
    for (auto row = names.value().step(); row && row.value(); row = names.value().step())
      tables.push_back(names.value().column_text(0));
  }
  for (const auto& table : tables) {
    if (auto analyzed = connection->exec("ANALYZE \"" + table + "\""); !analyzed) {
      std::fprintf(stderr, "ANALYZE %s failed: %s\n", table.c_str(),
                   analyzed.error().detail.c_str());
      std::exit(1);
    }
  }
}

}  // namespace aduan::bench
