// shell/server/server_context.cpp: see server_context.h.
#include "shell/server/server_context.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "core/domain/sha256.h"
#include "core/store_postgres/postgres_server_store.h"
#include "core/sync/transport.h"
#include "shell/server/agency_scope.h"

namespace aduan::server {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

Result<std::string> resolve_database_path(const ServerConfig& config) {
  const std::string& url = config.database_url;
  if (url.empty()) return (fs::path(config.data_dir) / "aduan.db").string();
  constexpr std::string_view kSqlite = "sqlite://";
  if (url.rfind(kSqlite, 0) == 0 && url.size() > kSqlite.size()) return url.substr(kSqlite.size());
  if (store::is_postgres_url(url)) return url;
  // The URL may hold a password: the error names only what was expected.
  return Error{"config.bad_database_url",
               "unsupported --database-url (expected sqlite:///path/to/file.db or "
               "postgres://user@host:port/database)"};
}

Result<store::ServerStore> open_server_store(const std::string& location) {
  if (store::is_postgres_url(location)) return store::open_postgres_server_store(location);
  return store::ServerStore::open(location);
}

Result<CatalogFiles> load_catalog(const ServerConfig& config) {
  fs::path dir = config.catalog_dir;
  if (dir.empty() && !config.web_root.empty()) dir = fs::path(config.web_root) / "assets" / "catalog";
  if (dir.empty())
    return Error{"config.no_catalog", "no catalog: set --catalog-dir (or --web-root with assets/catalog)"};
  std::map<std::string, std::string> files;
  for (const char* name : {"regions.tsv", "agencies.tsv", "categories.tsv", "holidays.tsv"}) {
    auto text = read_text(dir / name);
    if (!text) return Error{"config.no_catalog", "cannot read " + (dir / name).string()};
    files[name] = std::move(*text);
  }
  // Served as it is (the working-day rules read it); a file that does not parse is refused.
  auto holidays = domain::parse_holidays(files["holidays.tsv"]);
  if (!holidays) return Error{"config.bad_catalog", holidays.error().detail};
  auto catalog = domain::Catalog::parse(files["regions.tsv"], files["agencies.tsv"], files["categories.tsv"]);
  if (!catalog) return Error{"config.bad_catalog", catalog.error().detail};
  CatalogFiles result{std::move(catalog.value()), {}, {}, {}};
  for (const auto& holiday : holidays.value()) result.calendar.add_non_working_day(holiday.date);
  // The index describes what devices download, /assets/catalog/ of the web root. With a
  // catalog folder of its own the server may know more (districts and villages for officials'
  // areas) than the portal's catalog, which stays the citizen's small download; the portal's
  // files must then be a part of the server's (README, Village officials).
  const fs::path served =
      config.web_root.empty() ? fs::path() : fs::path(config.web_root) / "assets" / "catalog";
  std::error_code unreadable;
  if (!served.empty() && fs::is_directory(served, unreadable) &&
      !fs::equivalent(served, dir, unreadable) && !unreadable) {
    for (auto& [name, text] : files) {
      auto published = read_text(served / name);
      if (!published) return Error{"config.no_catalog", "cannot read " + (served / name).string()};
      text = std::move(*published);
    }
  }
  std::string json = "{\"files\":[";
  bool first = true;
  for (const auto& [name, text] : files) {
    json += std::string(first ? "" : ",") + "{\"name\":\"" + name + "\",\"url\":\"/assets/catalog/" +
            name + "\",\"sha256\":\"" + domain::sha256_hex(text) + "\",\"bytes\":" +
            std::to_string(text.size()) + "}";
    first = false;
  }
  json += "]}";
  result.etag = "\"" + domain::sha256_hex(json).substr(0, 32) + "\"";
  result.index_json = std::move(json);
  return result;
}

ServerContext::ServerContext(ServerConfig config, std::string database_path, CatalogFiles catalog)
    : config_(std::move(config)),
      database_path_(std::move(database_path)),
      catalog_(std::move(catalog)),
      per_device_(config_.device_burst, config_.device_per_second),
      per_address_(config_.address_burst, config_.address_per_second) {}

Result<std::unique_ptr<ServerContext>> ServerContext::open(const ServerConfig& config) {
  auto path = resolve_database_path(config);
  if (!path) return path.error();
  auto catalog = load_catalog(config);
  if (!catalog) return catalog.error();
  const bool postgres = store::is_postgres_url(path.value());
  // The restore lock guards a SQLite file; PostgreSQL is restored with its own tools.
  DatabaseLock lock_held;
  if (!postgres) {
    std::error_code ignored;
    fs::create_directories(fs::path(path.value()).parent_path(), ignored);
    auto lock = DatabaseLock::acquire(path.value(), DatabaseLock::Mode::shared);
    if (!lock && lock.error().code == "lock.held")
      return Error{lock.error().code,
                   "a restore of " + path.value() + " is under way; start the server after it"};
    if (!lock) return lock.error();
    lock_held = std::move(lock.value());
  }
  const std::string shown = postgres ? std::string("the PostgreSQL database") : path.value();
  auto first = open_server_store(path.value());
  if (!first)
    return Error{first.error().code, "cannot open " + shown + ": " + first.error().detail};
  auto indexer = std::make_shared<const cases::CaseIndexer>(catalog.value().calendar);
  if (auto attached = first.value().set_case_indexer(indexer); !attached)
    return Error{attached.error().code, "cannot open the case index: " + attached.error().detail};
  // The catalog seeds the agency hierarchy; agencies admins created or changed are kept.
  auto seeded = first.value().seed_agencies(seed_records(catalog.value().catalog, WallClock().now()));
  if (!seeded) return Error{seeded.error().code, "cannot seed the agencies: " + seeded.error().detail};
  // The part of a migration SQL cannot do: case rows need the calendar. Before serving, so the
  // queue and the statistics never answer from a half-built index.
  auto started = std::chrono::steady_clock::now();
  auto announced = started;
  auto filled = refresh_case_index(first.value(), nullptr, [&](std::int64_t done_so_far, std::int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - announced < std::chrono::seconds(5) && done_so_far < total) return;
    announced = now;
    std::fprintf(stderr, "aduan-server: case index: %lld of %lld cases computed (%.0f s)\n",
                 static_cast<long long>(done_so_far), static_cast<long long>(total),
                 std::chrono::duration<double>(now - started).count());
  });
  if (!filled) return Error{filled.error().code, "cannot fill the case index: " + filled.error().detail};
  auto count = first.value().count_reports();
  std::unique_ptr<ServerContext> context(
      new ServerContext(config, std::move(path.value()), std::move(catalog.value())));
  context->case_indexer_ = std::move(indexer);
  context->reports_stored_ = count ? count.value() : 0;
  context->database_lock_ = std::move(lock_held);
  // Message catalogs sit beside the catalog folder (assets/i18n); pages fall back to keys.
  fs::path catalog_dir = config.catalog_dir.empty() ? fs::path(config.web_root) / "assets" / "catalog"
                                                    : fs::path(config.catalog_dir);
  for (const char* language : {"id", "en"}) {
    if (auto text = read_text(catalog_dir.parent_path() / "i18n" / (std::string(language) + ".txt")))
      (void)context->messages_.load(language, *text);
  }
  return context;
}

store::ServerStore* ServerContext::thread_store() {
  // One connection per thread and per database file (tests run several servers per process).
  thread_local std::map<std::string, std::unique_ptr<store::ServerStore>> connections;
  auto& slot = connections[database_path_];
  if (!slot) {
    auto opened = open_server_store(database_path_);
    if (!opened) return nullptr;
    if (!opened.value().set_case_indexer(case_indexer_)) return nullptr;
    slot = std::make_unique<store::ServerStore>(std::move(opened.value()));
  }
  return slot.get();
}

bool ServerContext::on_postgres() const {
  return store::is_postgres_url(database_path_);
}

Status refresh_case_index(store::ServerRepository& store, WriterLock* write_lock,
                          const std::function<void(std::int64_t, std::int64_t)>& progress) {
  // Batches keep each transaction (and the write lock) short on a large database.
  constexpr std::size_t kBatch = 2000;
  auto stale = store.stale_cases();
  if (!stale) return stale.error();
  const std::int64_t total = stale.value();
  std::int64_t computed = 0;
  while (computed < total) {
    std::unique_lock<WriterLock> writer;
    if (write_lock != nullptr) writer = std::unique_lock<WriterLock>(*write_lock);
    auto batch = store.reindex_stale_cases(kBatch);
    if (!batch) return batch.error();
    if (batch.value() == 0) break;
    computed += batch.value();
    if (progress) progress(std::min(computed, total), total);
  }
  return done();
}

domain::Timestamp WallClock::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void send_wire(httplib::Response& response, const std::string& bytes) {
  response.set_header("Cache-Control", "no-store");
  response.set_content(bytes, std::string(sync::kWireContentType));
}

}  // namespace aduan::server
