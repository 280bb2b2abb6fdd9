// The case index at a province's year and at national scale (not a test: it reports numbers,
// asserts nothing).
//
// For each size asked for (default 100,000 and 1,000,000 reports) it builds a server database
// with realistic histories, then starts a real aduan-server on it and measures over HTTP:
//   - the officers' queue (GET /api/v1/officer/queue) for a national admin (first page, a deep
//     page, a status filter, an agency filter), a regional admin, an agency admin and a liaison
//     officer: p50 and p95;
//   - the public statistics (GET /api/v1/stats, uncached: --stats-cache-seconds 0) for a year and
//     a month, and a regional admin's (GET /api/v1/officer/stats): p50 and p95;
// then, with the server stopped, the deadline scheduler's pass (run_scheduler_pass) now, again
// at once (nothing left to do), and a week later; the database's size; and the time to build it.
//
// The data: about 340 agencies (the catalog's and seven for each of 40 regencies in all three
// time zones), reports received evenly over the last two years (office hours, weekdays more),
// each with the history the flow and the scheduler would have given it: verification or
// rejection (some held first), routing, sometimes rerouting or "not our authority", a follow-up
// whose speed depends on the agency (some never answer), answers, replies, completion by the
// reporter or by the system, ratings, archiving, escalation of overdue follow-ups and the
// Ombudsman marker, all up to now; every step is one core/workflow's decide() accepts, and the
// system's steps fall on the day due_system_actions says. Reports and events are written as the
// server writes them (store_batch, append_event, an audit row each), a transaction per 500
// cases, without a case indexer; then the case index is filled as the schema v5 migration does
// at start-up (reindex_stale_cases): both times are reported.
//
// On PostgreSQL too, when one is configured (bench_postgres.h; `make bench` runs this under
// with_postgres.sh --durable): the same database is copied into a new schema with `aduan-server
// migrate` and ANALYZEd (both timed: migrate leaves the planner without statistics until
// autovacuum comes round), a server started on it with --database-url, and the same requests
// and scheduler passes measured there; both backends' figures side by side.
//
// Usage: aduan-bench-case-index [reports...]    e.g. aduan-bench-case-index 100000 1000000
// ADUAN_BENCH_KEEP=1 keeps the data folders (their paths are printed); ADUAN_BENCH_REUSE=DIR
// measures such a folder again (give the same size) without building it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/cases/case_index.h"
#include "core/cases/history.h"
#include "core/store/server_store.h"
#include "core/store_postgres/postgres_server_store.h"
#include "core/workflow/case_clock.h"
#include "shell/cli/report_generator.h"
#include "shell/server/agency_scope.h"
#include "shell/server/config.h"
#include "shell/server/scheduler.h"
#include "shell/server/secure_random.h"
#include "shell/server/server_context.h"
#include "tests/bench/bench_postgres.h"
#include "tests/bench/case_index_data.h"
#include "tests/server/workflow_client.h"

namespace {

using namespace aduan;  // NOLINT(google-build-using-namespace): a program's own main file
namespace testing = aduan::testing;
using namespace aduan::bench;  // NOLINT(google-build-using-namespace): the data of this program
using domain::Timestamp;

Timestamp wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::uintmax_t file_size(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

struct Timing {
  std::string what;
  std::vector<double> ms;
};

Timing time_get(const testing::ServerProcess& server, const std::string& what,
                const std::string& session, const std::string& path, int runs,
                std::string* body = nullptr) {
  Timing timing{what, {}};
  auto client = server.client();
  client.set_read_timeout(120, 0);
  for (int i = 0; i < runs; ++i) {
    if (i % 20 == 0) testing::drain(server);
    const auto sent = Clock::now();
    auto answer =
        session.empty() ? client.Get(path) : client.Get(path, {{"X-Aduan-Session", session}});
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
    if (!answer || answer->status != 200) {
      std::fprintf(stderr, "%s: %s failed (%d)\n", what.c_str(), path.c_str(),
                   answer ? answer->status : -1);
      continue;
    }
    if (i > 0) timing.ms.push_back(ms);  // the first one warms the connection and the page cache
    if (body && i == 0) *body = answer->body;
  }
  return timing;
}

std::string total_of(const std::string& body) {
  auto at = body.find("\"total\":");
  if (at == std::string::npos) return "?";
  return body.substr(at + 8, body.find(',', at) - at - 8);
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one + " " + five;
}

// tests/server/workflow_client.h's officer_session, on the server's database whichever it is:
// officer-add is given the --database-url the server runs with. Usernames get a prefix per
// database, since the PostgreSQL copy already holds the SQLite run's officers.
std::string officer_session(const testing::ServerProcess& server, const std::string& url,
                            const std::string& username, const std::string& role,
                            const std::string& agency, const std::string& region) {
  const std::string name = (url.empty() ? "" : "pg.") + username;
  const std::string command = "ADUAN_OFFICER_PASSWORD='kata-sandi-panjang' " +
                              testing::server_binary() + " officer-add --username " + name +
                              " --role " + role + (agency.empty() ? "" : " --agency " + agency) +
                              (region.empty() ? "" : " --region " + region) + " --data-dir " +
                              server.data_dir() +
                              (url.empty() ? "" : " --database-url '" + url + "'") + " > /dev/null";
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "officer-add failed: %s\n", command.c_str());
    std::exit(1);
  }
  auto client = server.client();
  auto answer = testing::wire_answer<wire::OfficerLoginResponse>(
      client.Post("/api/v1/officer/login",
                  testing::wire_body(wire::OfficerLoginRequest{name, "kata-sandi-panjang"}),
                  testing::kWireType));
  return answer ? answer->session_token : "";
}

// Measures the officers' queue and the statistics over HTTP on a server started on the built
// database (SQLite), or on `url` (PostgreSQL) when given.
std::vector<Timing> measure(const Built& built, Timestamp now, const std::string& url) {
  std::vector<Timing> timings;
  {
    std::vector<std::string> args = {"--stats-cache-seconds", "0",     "--scheduler-interval", "0",
                                     "--address-rate",        "100000"};
    if (!url.empty()) args.insert(args.end(), {"--database-url", url});
    testing::ServerProcess server(testing::server_args(args),
                                  url.empty() ? built.data_dir : std::string());
    if (!server.started()) {
      std::fprintf(stderr, "server did not start:\n%s\n", server.output().c_str());
      std::exit(1);
    }
    // A busy regency government and one of its dinas, and a province for the regional admin.
    std::map<std::string, int> held;
    for (const auto& agency : built.agencies) held[agency.record.id] = 0;
    std::string regency = "kab-32.12", unit = "kab-32.12-dinkes";
    const std::string national =
        officer_session(server, url, "bench.nasional", "national_admin", "", "");
    const std::string regional =
        officer_session(server, url, "bench.jabar", "regional_admin", "", "32");
    const std::string agency_admin =
        officer_session(server, url, "bench.admin", "agency_admin", regency, "");
    const std::string liaison =
        officer_session(server, url, "bench.liaison", "liaison_officer", unit, "");
    const int runs = 41;
    std::string body;
    timings.push_back(time_get(server, "queue, national admin, first page", national,
                               "/api/v1/officer/queue", runs, &body));
    std::printf("  (national queue total %s)\n", total_of(body).c_str());
    timings.push_back(time_get(server, "queue, national admin, offset 5,000", national,
                               "/api/v1/officer/queue?offset=5000", runs));
    timings.push_back(time_get(server, "queue, national admin, status dispositioned", national,
                               "/api/v1/officer/queue?status=dispositioned", runs));
    timings.push_back(time_get(server, "queue, national admin, agency prov-32 and units", national,
                               "/api/v1/officer/queue?agency=prov-32", runs));
    timings.push_back(time_get(server, "queue, regional admin (32)", regional,
                               "/api/v1/officer/queue", runs, &body));
    std::printf("  (regional queue total %s)\n", total_of(body).c_str());
    timings.push_back(time_get(server, "queue, agency admin (kab-32.12)", agency_admin,
                               "/api/v1/officer/queue", runs, &body));
    std::printf("  (agency admin queue total %s)\n", total_of(body).c_str());
    timings.push_back(time_get(server, "queue, liaison officer (a dinas)", liaison,
                               "/api/v1/officer/queue", runs));
    const std::string year =
        std::to_string(workflow::local_date(now, workflow::TimeZone::wib).year);
    timings.push_back(time_get(server, "stats, public, year " + year + " (uncached)", "",
                               "/api/v1/stats?year=" + year, runs, &body));
    if (auto at = body.find("\"total\":"); at != std::string::npos)
      std::printf("  (%s: %s)\n", year.c_str(),
                  body.substr(at, body.find('}', at) - at + 1).c_str());
    timings.push_back(time_get(server, "stats, public, one month (uncached)", "",
                               "/api/v1/stats?year=" + year + "&month=3", runs));
    timings.push_back(time_get(server, "stats, public CSV, year (uncached)", "",
                               "/api/v1/stats.csv?year=" + year, runs));
    timings.push_back(time_get(server, "stats, regional admin (32)", regional,
                               "/api/v1/officer/stats?year=" + year, 11));
    timings.push_back(time_get(server, "stats, agency admin (kab-32.12)", agency_admin,
                               "/api/v1/officer/stats?year=" + year, runs));
    testing::drain(server);
    server.stop();
  }
  return timings;
}

// The deadline scheduler's passes, in process: now, again at once (nothing due), a week later.
void scheduler_passes(const char* backend, Result<store::ServerStore> store,
                      const workflow::Calendar& calendar) {
  if (!store) {
    std::fprintf(stderr, "%s: cannot open for the scheduler: %s\n", backend,
                 store.error().detail.c_str());
    std::exit(1);
  }
  if (auto indexed =
          store.value().set_case_indexer(std::make_shared<const cases::CaseIndexer>(calendar));
      !indexed) {
    std::fprintf(stderr, "%s: cannot index: %s\n", backend, indexed.error().detail.c_str());
    std::exit(1);
  }
  for (auto [label, at] : {std::pair<const char*, Timestamp>{"scheduler pass now", wall_now()},
                           {"scheduler pass again (nothing due)", wall_now()},
                           {"scheduler pass a week later", wall_now() + 7 * kDay}}) {
    const auto started = Clock::now();
    auto pass = server::run_scheduler_pass(store.value(), calendar, at, nullptr);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    std::printf("%s: %-40s %10.1f ms  %s\n", backend, label, ms,
                pass ? pass.value().summary_json().c_str() : pass.error().detail.c_str());
    std::fflush(stdout);
  }
}

void run(int count, const domain::Catalog& catalog, const workflow::Calendar& calendar,
         const std::string& reuse) {
  const Timestamp now = wall_now();
  std::printf("\n== %d reports (load average %s)\n", count, load_average().c_str());
  std::fflush(stdout);
  Built built;
  if (reuse.empty()) {
    built = build(count, catalog, calendar, now);
    std::ofstream(built.data_dir + "/build.txt")
        << "built in " << static_cast<int>(built.write_seconds + built.index_seconds)
        << " s (reports and " << built.events << " events " << static_cast<int>(built.write_seconds)
        << " s, case index " << static_cast<int>(built.index_seconds) << " s)";
  } else {
    built.data_dir = reuse;  // measured again as it was kept, agencies as the same seed made them
    std::mt19937_64 random(20261206 + static_cast<std::uint64_t>(count));
    built.agencies = make_agencies(catalog, random);
  }
  const std::string db = built.data_dir + "/aduan.db";
  const double db_mb = static_cast<double>(file_size(db) + file_size(db + "-wal")) / 1e6;
  {
    std::ifstream in(built.data_dir + "/build.txt");
    std::string line((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::printf("%s; database %.0f MB\n", line.c_str(), db_mb);
  }
  std::fflush(stdout);

  const auto sqlite_timings = measure(built, now, "");
  std::printf("(load average %s)\n", load_average().c_str());
  std::fflush(stdout);
  // The scheduler, in process, on a copy (the passes act; the kept database stays as built).
  const std::string copy = built.data_dir + "/scheduler.db";
  std::filesystem::copy_file(db, copy, std::filesystem::copy_options::overwrite_existing);
  scheduler_passes("SQLite", store::ServerStore::open(copy), calendar);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(copy + suffix);

  std::vector<Timing> postgres_timings;
  if (const auto postgres = postgres_base_url(); !postgres) {
    std::printf("%s\n", kNoPostgres);
  } else {
    PostgresSchema schema(*postgres);
    std::printf("PostgreSQL: %s\n", schema.settings().c_str());
    // The copy, as an operator moving to PostgreSQL would make it; its output kept in a file.
    const std::string said = built.data_dir + "/migrate.txt";
    const std::string command = testing::server_binary() + " migrate --from sqlite://" + db +
                                " --to '" + schema.url() + "' > " + said + " 2>&1";
    const auto copying = Clock::now();
    const int status = std::system(command.c_str());
    const double copy_seconds = seconds_since(copying);
    std::ifstream in(said);
    std::string line, last;
    while (std::getline(in, line)) last = line.empty() ? last : line;
    if (status != 0) {
      std::fprintf(stderr, "migrate failed: %s\n%s\n", command.c_str(), last.c_str());
      std::exit(1);
    }
    const auto analyzing = Clock::now();
    schema.analyze();
    std::printf(
        "PostgreSQL: %s\nPostgreSQL: copied by aduan-server migrate in %.0f s, ANALYZE %.0f s; "
        "database %.0f MB\n",
        last.c_str(), copy_seconds, seconds_since(analyzing),
        static_cast<double>(schema.bytes()) / 1e6);
    std::fflush(stdout);
    postgres_timings = measure(built, now, schema.url());
    std::printf("(load average %s)\n", load_average().c_str());
    scheduler_passes("PostgreSQL", store::open_postgres_server_store(schema.url()), calendar);
  }
  std::printf("%-52s %9s %9s %9s %9s\n", "", "SQLite", "", "PG", "");
  std::printf("%-52s %9s %9s %9s %9s\n", "", "p50 ms", "p95 ms", "p50 ms", "p95 ms");
  for (std::size_t i = 0; i < sqlite_timings.size(); ++i) {
    const auto& timing = sqlite_timings[i];
    std::printf("%-52s %9.1f %9.1f", timing.what.c_str(), percentile(timing.ms, 0.50),
                percentile(timing.ms, 0.95));
    if (i < postgres_timings.size())
      std::printf(" %9.1f %9.1f", percentile(postgres_timings[i].ms, 0.50),
                  percentile(postgres_timings[i].ms, 0.95));
    std::printf("\n");
  }
  std::fflush(stdout);
  if (!reuse.empty()) return;
  if (const char* keep = std::getenv("ADUAN_BENCH_KEEP"); keep && std::string(keep) == "1") {
    std::printf("kept %s\n", built.data_dir.c_str());
  } else {
    std::filesystem::remove_all(built.data_dir);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (!aduan::server::start_cryptography()) return 1;
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {100000, 1000000};
  aduan::server::ServerConfig config;
  config.catalog_dir = aduan::testing::catalog_dir();
  auto files = aduan::server::load_catalog(config);
  if (!files) {
    std::fprintf(stderr, "%s\n", files.error().detail.c_str());
    return 1;
  }
  std::printf("aduan case index: %u cores\n", std::thread::hardware_concurrency());
  // ADUAN_BENCH_REUSE=DIR measures a database kept by an earlier run (one size) again.
  const char* reuse = std::getenv("ADUAN_BENCH_REUSE");
  for (int count : sizes)
    run(count, files.value().catalog, files.value().calendar, reuse ? reuse : "");
  return 0;
}
