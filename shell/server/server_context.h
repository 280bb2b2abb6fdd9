// shell/server/server_context.h: what every route of aduan-server shares.
//
// Owns the per-thread database connections, the catalog loaded at start-up, the metrics, the
// rate limiters and the clock. Does not own routes (api_*.cpp) or HTTP (http_app.cpp).
// Each worker thread gets its own connection (SQLite connections are not shared between
// threads); routes see only the store::ServerRepository interface.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/cases/case_index.h"
#include "core/domain/catalog.h"
#include "core/domain/report.h"
#include "core/i18n/messages.h"
#include "core/store/server_store.h"
#include "core/sync/transport.h"
#include "core/workflow/working_days.h"
#include "shell/server/client_address.h"
#include "shell/server/config.h"
#include "shell/server/database_lock.h"
#include "shell/server/metrics.h"
#include "shell/server/rate_limiter.h"
#include "shell/server/writer_lock.h"

namespace aduan::server {

struct CatalogFiles {
  domain::Catalog catalog;
  std::string index_json;  // GET /api/v1/catalog: the files and their hashes
  std::string etag;        // of index_json, quoted
  workflow::Calendar calendar;  // holidays.tsv: what deadlines and indicators skip
};

// The catalog folder's files, parsed and checked (the server and its admin commands share it).
Result<CatalogFiles> load_catalog(const ServerConfig& config);

class WallClock : public sync::Clock {
 public:
  domain::Timestamp now() const override;
};

class ServerContext {
 public:
  // Opens (and migrates) the database once and loads the catalog; errors are for people.
  static Result<std::unique_ptr<ServerContext>> open(const ServerConfig& config);

  // This thread's connection, opened on first use, with the case indexer. nullptr if it could
  // not be opened.
  store::ServerRepository* store() { return thread_store(); }
  // The same connection, for what needs the database under the interface (the writer's and
  // the scheduler's locks).
  store::ServerStore* thread_store();
  // What every connection computes case rows with (core/cases, the catalog's calendar).
  const std::shared_ptr<const cases::CaseIndexer>& case_indexer() const { return case_indexer_; }

  const ServerConfig& config() const { return config_; }
  const CatalogFiles& catalog() const { return catalog_; }
  const i18n::Messages& messages() const { return messages_; }
  Metrics& metrics() { return metrics_; }
  RateLimiter& per_device() { return per_device_; }
  RateLimiter& per_address() { return per_address_; }
  // Inbound SMS per sender (keyed by the number's hash): a burst, then one a minute.
  RateLimiter& per_sms_number() { return per_sms_number_; }
  domain::Timestamp now() const { return clock_.now(); }
  const sync::Clock& clock() const { return clock_; }
  std::int64_t reports_stored() const { return reports_stored_.load(); }
  void add_reports_stored(std::int64_t count) { reports_stored_ += count; }
  const std::string& database_path() const { return database_path_; }
  // SQLite has one writer at a time. Writers queue here instead of in SQLite's busy handler,
  // which sleeps in growing steps and turns contention into long tail latencies; on
  // PostgreSQL the lock also queues the writers of every other instance (writer_lock.h).
  WriterLock& write_lock() { return write_lock_; }
  bool on_postgres() const;

 private:
  ServerContext(ServerConfig config, std::string database_path, CatalogFiles catalog);

  ServerConfig config_;
  std::string database_path_;
  DatabaseLock database_lock_;  // shared, for the server's life: `restore` waits for it
  CatalogFiles catalog_;
  i18n::Messages messages_;
  Metrics metrics_;
  RateLimiter per_device_;
  RateLimiter per_address_;
  RateLimiter per_sms_number_{20, 1.0 / 60};
  std::atomic<std::int64_t> reports_stored_{0};
  WallClock clock_;
  WriterLock write_lock_{[this]() -> store::SqlConnection* {
    store::ServerStore* opened = thread_store();
    return opened != nullptr ? &opened->database() : nullptr;
  }};
  std::shared_ptr<const cases::CaseIndexer> case_indexer_;
};

// Brings the case index up to date: recomputes the cases marked stale (after the schema v5
// migration, a new holiday calendar, or events written by a connection without an indexer),
// a batch per transaction, each under `write_lock` when given. Cheap when nothing is stale (one
// read); routes that read the index call it first. `progress` (may be empty) hears the count
// done and the count there was, after each batch.
Status refresh_case_index(store::ServerRepository& store, WriterLock* write_lock,
                          const std::function<void(std::int64_t, std::int64_t)>& progress = {});

// Where a configuration's database is: a SQLite file (sqlite:///path, or aduan.db in
// --data-dir) or a postgres:// URL, returned as it is.
Result<std::string> resolve_database_path(const ServerConfig& config);

// Opens (and migrates) the store at a location resolve_database_path() gave.
Result<store::ServerStore> open_server_store(const std::string& location);

// Route helpers shared by the api_*.cpp files.
void send_wire(httplib::Response& response, const std::string& bytes);

}  // namespace aduan::server
