// core/store_postgres/postgres_server_store.cpp: see postgres_server_store.h.
#include "core/store_postgres/postgres_server_store.h"

#include <memory>
#include <utility>

#include "core/store/migrations.h"
#include "core/store_postgres/pg_connection.h"
#include "core/store_postgres/server_schema_postgres.h"

namespace aduan::store {

bool is_postgres_url(std::string_view url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

int postgres_schema_version() {
  return latest_version(postgres_server_migrations());
}

Result<ServerStore> open_postgres_server_store(std::string_view url) {
  auto connected = PgConnection::connect(url);
  if (!connected) return connected.error();
  std::unique_ptr<PgConnection> connection = std::move(connected).value();
  // One instance migrates; the others wait here and then find nothing left to do (each step
  // re-reads the version inside its own transaction as well).
  if (auto locked = connection->lock_session(kMigrationLockKey); !locked) return locked.error();
  Status migrated = migrate(*connection, postgres_server_migrations());
  Status unlocked = connection->unlock_session(kMigrationLockKey);
  if (!migrated) return migrated.error();
  if (!unlocked) return unlocked.error();
  return ServerStore::on_connection(std::move(connection));
}

}  // namespace aduan::store
