// core/store_postgres/postgres_server_store.h: the server's store on PostgreSQL.
//
// Owns opening a ServerStore whose connection is a PgConnection: connect, bring the schema to
// this version's (server_schema_postgres.cpp) while holding the migration lock, so instances
// started together migrate once, and refuse a database a newer version wrote. Does not own the
// store's SQL (core/store, written once for both databases) or the connection (pg_connection).
#pragma once

#include <string>
#include <string_view>

#include "core/domain/result.h"
#include "core/store/server_store.h"

namespace aduan::store {

// True for the URLs this backend takes: postgres://... and postgresql://...
bool is_postgres_url(std::string_view url);

// Connects to `url` (see PgConnection::connect) and migrates. "store.newer_schema" when a newer
// version wrote the database (nothing written), "store.io" when it cannot be reached.
Result<ServerStore> open_postgres_server_store(std::string_view url);

// The schema version this code brings a PostgreSQL database to.
int postgres_schema_version();

}  // namespace aduan::store
