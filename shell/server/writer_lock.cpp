// shell/server/writer_lock.cpp: see writer_lock.h.
#include "shell/server/writer_lock.h"

#include <cstdio>

#include "core/store_postgres/pg_connection.h"

namespace aduan::server {

void WriterLock::lock() {
  mutex_.lock();
  store::SqlConnection* connection = connection_ ? connection_() : nullptr;
  if (connection == nullptr || connection->dialect() != store::SqlDialect::postgres) return;
  auto* postgres = static_cast<store::PgConnection*>(connection);
  if (auto locked = postgres->lock_session(store::kWriterLockKey); !locked) {
    // The decision still runs: its transaction takes the same lock (begin_write) and fails
    // there if the database is gone, so nothing is recorded unordered.
    std::fprintf(stderr, "aduan-server: writer lock: %s\n", locked.error().detail.c_str());
    return;
  }
  held_ = postgres;
}

void WriterLock::unlock() {
  if (held_ != nullptr) {
    if (auto unlocked = held_->unlock_session(store::kWriterLockKey); !unlocked)
      std::fprintf(stderr, "aduan-server: writer unlock: %s\n", unlocked.error().detail.c_str());
    held_ = nullptr;
  }
  mutex_.unlock();
}

}  // namespace aduan::server
