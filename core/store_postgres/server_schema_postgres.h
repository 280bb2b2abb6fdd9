// core/store_postgres/server_schema_postgres.h: the server store's schema on PostgreSQL, as
// numbered migrations of its own (run by migrate() of core/store/sql_connection.h).
//
// PostgreSQL's numbering is not SQLite's: its version 1 is the whole schema SQLite has at
// version kSqliteVersionAtPostgresV1, and every later SQLite step gets exactly one PostgreSQL
// step (so PostgreSQL version N is SQLite version N + kSqliteVersionAtPostgresV1 - 1).
// tests/core/store_postgres/postgres_schema_test.cpp checks both numberings and both schemas
// agree.
#pragma once

#include <span>

#include "core/store/migrations.h"

namespace aduan::store {

// The SQLite server schema version that PostgreSQL's version 1 reproduces.
inline constexpr int kSqliteVersionAtPostgresV1 = 9;

std::span<const Migration> postgres_server_migrations();

}  // namespace aduan::store
