// shell/server/migrate_command.h: `aduan-server migrate --from sqlite:///path/aduan.db --to
// postgres://...`, moving a deployment that started on the embedded SQLite file to PostgreSQL.
//
// Order of work; a failure at any step leaves both databases as they were:
//   1. the source: take its database lock exclusive (database_lock.h: refused while a server
//      runs on it), open it READ-ONLY and check it is an Aduan server database at this
//      version's schema. It is never migrated here: the SQLite file stays the operator's way
//      back, so an older one is refused with what to do (start this server on it once);
//   2. the target: connect and bring it to this version's PostgreSQL schema
//      (open_postgres_server_store); both sides must have the same tables and columns;
//   3. ONE PostgreSQL write transaction: refuse a target that already holds data, copy every
//      table in foreign-key order, column by column by the PostgreSQL column types (NULLs
//      kept), move each identity sequence past the numbers copied, compare every table's row
//      count with the source's, commit. Any error rolls all of it back;
//   4. print one line per table (its rows) and the total.
#pragma once

#include <string>

namespace aduan::server {

// Returns the process exit code; the summary goes to stdout, errors to stderr.
int migrate_to_postgres(const std::string& from, const std::string& to);

}  // namespace aduan::server
