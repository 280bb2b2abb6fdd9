// shell/server/writer_lock.h: the lock every read-decide-record of the server holds.
//
// An officer's action, a reporter's reply or a scheduler step reads a case, decides with
// core/workflow and records the outcome; two of them on one case at once must see each other
// (the 409 of a lost race, an action id applied once). One instance serialises them with a
// mutex. Several instances on one PostgreSQL also take a session advisory lock on the calling
// thread's connection, the same key the store's write transactions take (pg_connection.h), so
// the deciding of every instance queues in one line. Does not own the connection: it is the
// thread's, from ServerContext::store().
#pragma once

#include <functional>
#include <mutex>

#include "core/store/sql_connection.h"

namespace aduan::store {
class PgConnection;
}

namespace aduan::server {

class WriterLock {
 public:
  // `connection` gives the calling thread's connection (nullptr when it cannot be opened).
  explicit WriterLock(std::function<store::SqlConnection*()> connection)
      : connection_(std::move(connection)) {}

  // BasicLockable, for std::lock_guard and std::unique_lock.
  void lock();
  void unlock();

 private:
  std::function<store::SqlConnection*()> connection_;
  std::mutex mutex_;
  store::PgConnection* held_ = nullptr;  // the connection holding the advisory lock, if any
};

}  // namespace aduan::server
