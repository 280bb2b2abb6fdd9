// tests/server/server_process.h: a real aduan-server process for tests, on a free loopback
// port with its own data folder, stopped (SIGTERM, or SIGKILL on request) when the test ends.
//
// Tests talk to it over real HTTP with httplib::Client, exactly as a phone or a proxy would.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "core/domain/result.h"
#include "core/store/server_store.h"

namespace aduan::testing {

class ServerProcess {
 public:
  // Starts aduan-server with `extra_args`; data_dir empty means a fresh temporary folder.
  explicit ServerProcess(std::vector<std::string> extra_args = {}, std::string data_dir = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  httplib::Client client() const;

  // SIGTERM and wait; returns the exit status (0 on a clean stop).
  int stop();
  // Waits for an exit caused elsewhere (a signal the test sent); returns the status like stop().
  int wait_for_exit();
  pid_t pid() const { return pid_; }
  // SIGKILL: no chance to clean up, as in a crash or power cut of the process.
  void kill_hard();
  // Everything the server wrote to stdout and stderr so far.
  std::string output() const;

 private:
  void collect_output(int timeout_ms);

  pid_t pid_ = -1;
  int port_ = -1;
  int output_fd_ = -1;
  std::string data_dir_;
  bool own_data_dir_ = false;
  std::string output_;
};

// The aduan-server the tests start and run commands with: the build's own, or the one named by
// ADUAN_TEST_SERVER_BINARY (make test runs these tests against the sanitized server that way,
// without building a sanitized copy of this program).
std::string server_binary();

// True when the tests run on PostgreSQL (ADUAN_TEST_ON_POSTGRES=1): server_binary() is then
// tests/server/on_postgres.sh, which gives each --data-dir a schema of its own.
bool server_tests_on_postgres();

// The database of the server that runs with `data_dir`, for tests that read or plant rows: its
// aduan.db on SQLite, on PostgreSQL the schema on_postgres.sh gives that folder (libpq's PG*
// environment names the cluster). SQL run on it must be the common dialect of both.
Result<store::ServerStore> open_server_database(const std::string& data_dir);

// Everything the server's database holds, as bytes to search for what must never be stored
// there: the SQLite file and its WAL, or a data-only pg_dump of the PostgreSQL schema with its
// bytea values (which pg_dump writes in hex) decoded and appended.
std::string server_database_contents(const std::string& data_dir);

// The schema on_postgres.sh names for `data_dir`: "s_" and the first 16 hex digits of the
// SHA-256 of its absolute path with symbolic links resolved (as `realpath -m` writes it).
std::string postgres_schema_of(const std::string& data_dir);

// A fresh empty folder under the system's temporary directory.
std::string make_temp_dir(const char* prefix);

}  // namespace aduan::testing
