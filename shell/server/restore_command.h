// shell/server/restore_command.h: `aduan-server restore --from FILE`, putting a backup in place.
//
// Order of work, each step leaving the operator's files as they were if it fails:
//   1. take the database lock exclusive (database_lock.h): refused while a server runs;
//   2. copy the backup beside the database ("<db>.restoring-<time>") and fsync the copy;
//      the backup itself is only ever read;
//   3. check the copy, opened read-only: an SQLite file, PRAGMA integrity_check "ok", a server
//      schema this version knows (not newer), the server's tables present. A copy that fails
//      is removed and nothing else is touched;
//   4. move the current database aside with its -wal and -shm, under one new name
//      ("<db>.before-restore-<time>", "-wal", "-shm"), so SQLite opens it whole later;
//   5. rename the copy onto the database's name and fsync the folder.
// The copy is not migrated here: the server migrates it when it next starts, as any database.
#pragma once

#include <string>

namespace aduan::server {

// Returns the process exit code; messages go to stdout and stderr.
int restore_database(const std::string& backup_path, const std::string& database_path);

}  // namespace aduan::server
