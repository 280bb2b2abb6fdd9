// tests/core/store/server_store_under_test.h: the server store the storage tests run against.
//
// The same test files build twice natively: against SQLite (their own folder's program, and the
// WebAssembly one) and, compiled with ADUAN_TEST_POSTGRES, into aduan_store_postgres_tests,
// which CTest runs inside a throw-away PostgreSQL cluster (pg_virtualenv exports PG* for libpq).
// There each database path a test names is a schema of its own, so opening the same path twice
// reaches the same data, as with a file, and every test starts empty.
#pragma once

#include <string>

#include "core/domain/result.h"
#include "core/domain/sha256.h"
#include "core/store/server_store.h"
#ifdef ADUAN_TEST_POSTGRES
#include "core/store_postgres/pg_connection.h"
#include "core/store_postgres/postgres_server_store.h"
#endif

namespace aduan::store::testing {

inline Result<ServerStore> open_server_store_under_test(const std::string& path) {
#ifdef ADUAN_TEST_POSTGRES
  const std::string schema = "t_" + domain::sha256_hex(path).substr(0, 16);
  auto admin = PgConnection::connect("");
  if (!admin) return admin.error();
  if (auto made = admin.value()->exec("CREATE SCHEMA IF NOT EXISTS " + schema); !made)
    return made.error();
  return open_postgres_server_store("postgresql://?options=-csearch_path%3D" + schema);
#else
  return ServerStore::open(path);
#endif
}

}  // namespace aduan::store::testing
