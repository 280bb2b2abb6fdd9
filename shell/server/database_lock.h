// shell/server/database_lock.h: who has the server's database open, between processes.
//
// An advisory flock() on "<database>.lock" beside the database file. A running server holds
// it shared for its whole life; `restore` takes it exclusive, so a restore never swaps the
// file under a running server and a server never starts in the middle of a restore. The
// kernel drops the lock when the process ends, even by SIGKILL, so a crash never leaves it
// held. A separate file, because closing any descriptor of the database file itself would
// drop SQLite's own POSIX locks on it.
#pragma once

#include <string>

#include "core/domain/result.h"

namespace aduan::server {

class DatabaseLock {
 public:
  enum class Mode { shared, exclusive };

  // Never waits: "lock.held" when a holder of the other kind (or any, for exclusive) exists.
  static Result<DatabaseLock> acquire(const std::string& database_path, Mode mode);

  DatabaseLock() = default;
  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace aduan::server
