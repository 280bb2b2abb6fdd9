// shell/server/restore_command.cpp: see restore_command.h.
#include "shell/server/restore_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "core/store/database.h"
#include "core/store/migrations.h"
#include "core/store/server_store.h"
#include "shell/server/database_lock.h"
#include "shell/server/server_context.h"

namespace aduan::server {
namespace fs = std::filesystem;
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "aduan-server: %s\n", message.c_str());
  return 1;
}

// fsync of a file or a folder (a rename is durable once its folder is).
bool sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

// Why `path` is not a backup this server can use; empty when it is one.
std::string problem_with_backup(const std::string& path) {
  store::OpenOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  auto db = store::Database::open(path, read_only);
  if (!db) return db.error().detail;
  auto version = store::schema_version(db.value());
  if (!version) return version.error().detail;
  if (version.value() > store::ServerStore::schema_version())
    return "it was written by a newer aduan-server (schema " + std::to_string(version.value()) +
           ")";
  auto tables = db.value().query_int(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('reports', 'events', "
      "'devices')");
  if (!tables) return tables.error().detail;
  if (version.value() < 1 || tables.value() != 3) return "it is not an Aduan server database";
  auto check = db.value().prepare("PRAGMA integrity_check");
  if (!check) return check.error().detail;
  auto row = check.value().step();
  if (!row) return row.error().detail;
  const std::string verdict = row.value() ? check.value().column_text(0) : std::string();
  if (verdict != "ok") return "it fails its integrity check: " + verdict;
  return {};
}

void remove_with_sidecars(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ignored);
}

}  // namespace

int restore_database(const std::string& backup_path, const std::string& database_path) {
  std::error_code error;
  if (backup_path.empty() || !fs::is_regular_file(backup_path, error))
    return fail("restore needs --from FILE (an existing backup)");
  const fs::path folder = fs::absolute(database_path).parent_path();
  fs::create_directories(folder, error);
  auto lock = DatabaseLock::acquire(database_path, DatabaseLock::Mode::exclusive);
  if (!lock && lock.error().code == "lock.held")
    return fail("a server (or another command) has " + database_path +
                " open; stop it, then restore");
  if (!lock) return fail(lock.error().detail);

  const std::string stamp = std::to_string(WallClock().now());
  const std::string copy = database_path + ".restoring-" + stamp;
  fs::copy_file(backup_path, copy, error);
  if (error || !sync_path(copy)) {
    remove_with_sidecars(copy);
    return fail("cannot copy the backup beside the database: " +
                (error ? error.message() : "fsync failed"));
  }
  if (std::string problem = problem_with_backup(copy); !problem.empty()) {
    remove_with_sidecars(copy);
    return fail("not a usable backup, nothing was changed: " + problem);
  }
  // The read-only check may have left an empty -shm (and -wal) for the copy's name; the copy
  // is about to get the database's name, so they would belong to nothing.
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(copy + suffix, error);

  if (fs::exists(database_path)) {
    const std::string aside = database_path + ".before-restore-" + stamp;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (!fs::exists(database_path + suffix)) continue;
      fs::rename(database_path + suffix, aside + suffix, error);
      if (error) {
        remove_with_sidecars(copy);
        return fail("cannot move " + database_path + suffix + " aside: " + error.message());
      }
    }
    std::printf("the previous database is kept as %s (with its -wal and -shm, if it had them)\n",
                aside.c_str());
  }
  fs::rename(copy, database_path, error);
  if (error)
    return fail("cannot put the backup in place: " + error.message() + " (the copy is " + copy +
                ")");
  if (!sync_path(folder)) return fail("the backup is in place but the folder could not be synced");
  std::printf("restored %s from %s\n", database_path.c_str(), backup_path.c_str());
  return 0;
}

}  // namespace aduan::server
