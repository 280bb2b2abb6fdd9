// tests/bench/bench_postgres.h: what the benchmarks share to run on PostgreSQL too: where the
// cluster is, a fresh empty schema per measured backend, and the percentile they all print.
//
// The cluster is ADUAN_BENCH_POSTGRES_URL, or libpq's PG* environment when one is set (as
// `tests/core/store_postgres/with_postgres.sh --durable`, which `make bench` runs the programs
// under, exports for a throw-away cluster with fsync on). Each measurement gets a schema of its own named in the
// URL's search_path, so measurements never see each other's rows and nothing needs CREATE
// DATABASE rights; the schema is dropped afterwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace aduan::bench {

// p in [0, 1] of the values (the nearest rank below).
double percentile(std::vector<double> values, double p);

// The cluster's URL without a schema, or nullopt when no PostgreSQL is configured.
std::optional<std::string> postgres_base_url();

// Why no PostgreSQL row was measured, for the programs' output.
inline constexpr const char* kNoPostgres =
    "PostgreSQL skipped: set ADUAN_BENCH_POSTGRES_URL, or run under "
    "tests/core/store_postgres/with_postgres.sh --durable (make bench does)";

// A new empty schema in the cluster, dropped (with everything in it) when this goes.
class PostgresSchema {
 public:
  // Exits the program with the reason when the cluster cannot be reached or the URL already
  // names libpq options (the schema goes there).
  explicit PostgresSchema(const std::string& base_url);
  ~PostgresSchema();
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;

  // The URL whose connections use this schema: what --database-url and the store take.
  const std::string& url() const { return url_; }
  // "fsync=on synchronous_commit=on ...": the durability the figures were taken with.
  std::string settings() const;
  // Bytes of the schema's tables with their indexes and TOAST.
  long long bytes() const;
  // ANALYZE of every table of the schema: after a bulk copy the planner has no statistics
  // until autovacuum's next round, and plans as if the tables were empty.
  void analyze() const;

 private:
  std::string base_url_;
  std::string name_;
  std::string url_;
};

}  // namespace aduan::bench
