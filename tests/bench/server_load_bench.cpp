// The server's ingest benchmark (not a test: it reports numbers, asserts nothing).
//
// For each database the server runs on, starts real aduan-server processes on loopback, then N
// simulated devices (threads), each with its own keep-alive connections, push batches of 50
// generated reports over HTTP as fast as they can; reports/s and the p50/p99 latency of a push.
// Then the same kind of batches are stored straight into a ServerStore of that database, one
// transaction per batch, on one thread: the limit the server can approach. The rows:
//   - SQLite: one server (WAL, synchronous=FULL) and the store on the same disk;
//   - PostgreSQL, one server, and two servers on the same database (each device pushes its
//     batches to the two in turn, as a round-robin proxy would), and the store
//     (open_postgres_server_store). The cluster must commit durably (fsync and
//     synchronous_commit on, printed): `make bench` runs this under with_postgres.sh --durable.
// Every row starts on an empty database (a new SQLite folder, or a new PostgreSQL schema), with
// the same reports. Without a PostgreSQL (bench_postgres.h) only the SQLite rows are measured.
//
// Usage: aduan-bench-server-load [devices=8] [batches_per_device=25] [batch=50]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/store/server_store.h"
#include "core/store_postgres/postgres_server_store.h"
#include "tests/bench/bench_postgres.h"
#include "tests/server/api_client.h"

namespace {

using namespace aduan;  // NOLINT(google-build-using-namespace): a program's own main file
namespace testing = ::aduan::testing;
using Clock = std::chrono::steady_clock;
using Batches = std::vector<std::vector<domain::Report>>;

struct Row {
  std::string label;
  double reports_per_second = 0;
  std::vector<double> ms;  // one per batch
};

Batches make_batches(int count, int size, std::uint64_t seed) {
  Batches batches(static_cast<std::size_t>(count));
  for (int b = 0; b < count; ++b)
    for (int i = 0; i < size; ++i)
      batches[static_cast<std::size_t>(b)].push_back(testing::valid_report(seed++));
  return batches;
}

int count_reports(const std::vector<Batches>& work) {
  std::size_t total = 0;
  for (const auto& batches : work)
    for (const auto& batch : batches) total += batch.size();
  return static_cast<int>(total);
}

// Starts `instances` servers with `extra` arguments (the database), or exits saying why not.
std::vector<std::unique_ptr<testing::ServerProcess>> start_servers(
    int instances, const std::vector<std::string>& extra) {
  std::vector<std::unique_ptr<testing::ServerProcess>> servers;
  std::vector<std::string> args = {"--device-rate", "100000", "--address-rate", "100000"};
  args.insert(args.end(), extra.begin(), extra.end());
  for (int i = 0; i < instances; ++i) {
    servers.push_back(std::make_unique<testing::ServerProcess>(testing::server_args(args)));
    if (!servers.back()->started()) {
      std::fprintf(stderr, "server did not start:\n%s\n", servers.back()->output().c_str());
      std::exit(1);
    }
  }
  return servers;
}

// Each device registers on the first server and pushes its batches to the servers in turn
// (batch b of device d to server (d + b) mod n), all devices at once.
Row push_over_http(const std::string& label, int instances, const std::vector<std::string>& extra,
                   const std::vector<Batches>& work, std::atomic<int>& failures) {
  auto servers = start_servers(instances, extra);
  const std::size_t devices = work.size();
  std::vector<std::vector<testing::TestDevice>> clients(devices);  // [device][server]
  for (std::size_t d = 0; d < devices; ++d) {
    for (const auto& server : servers) clients[d].emplace_back(*server);
    if (!clients[d][0].register_device()) std::exit(1);
    for (auto& other : clients[d]) {
      other.device_id = clients[d][0].device_id;
      other.secret = clients[d][0].secret;
    }
  }
  Row row{label, 0, {}};
  std::mutex row_mutex;
  const auto started = Clock::now();
  std::vector<std::thread> threads;
  for (std::size_t d = 0; d < devices; ++d) {
    threads.emplace_back([&, d] {
      std::vector<double> mine;
      std::size_t b = 0;
      for (const auto& batch : work[d]) {
        auto& client = clients[d][(d + b++) % clients[d].size()];
        const auto sent = Clock::now();
        auto answer = client.push(batch);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (!answer || answer->verdicts.size() != batch.size()) ++failures;
      }
      std::lock_guard lock(row_mutex);
      row.ms.insert(row.ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  row.reports_per_second =
      count_reports(work) / std::chrono::duration<double>(Clock::now() - started).count();
  for (auto& server : servers) server->stop();
  return row;
}

// The limit: the same kind of batches straight into the store, one transaction each.
Row store_directly(const std::string& label, store::ServerStore& store, const Batches& batches,
                   std::atomic<int>& failures) {
  Row row{label, 0, {}};
  const auto started = Clock::now();
  for (const auto& batch : batches) {
    const auto sent = Clock::now();
    auto stored = store.store_batch("bench-device", batch, 1);
    row.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
    if (!stored) ++failures;
  }
  row.reports_per_second =
      count_reports({batches}) / std::chrono::duration<double>(Clock::now() - started).count();
  return row;
}

Row on_postgres_store(const std::string& label, const std::string& url, const Batches& batches,
                      std::atomic<int>& failures) {
  auto store = store::open_postgres_server_store(url);
  if (!store) {
    std::fprintf(stderr, "cannot open the PostgreSQL store: %s\n", store.error().detail.c_str());
    std::exit(1);
  }
  return store_directly(label, store.value(), batches, failures);
}

void print(const Row& row) {
  std::printf("%-48s %10.0f %9.2f %9.2f\n", row.label.c_str(), row.reports_per_second,
              bench::percentile(row.ms, 0.50), bench::percentile(row.ms, 0.99));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int devices = argc > 1 ? std::atoi(argv[1]) : 8;
  const int batches_per_device = argc > 2 ? std::atoi(argv[2]) : 25;
  const int batch_size = argc > 3 ? std::atoi(argv[3]) : 50;
  if (devices < 1 || batches_per_device < 1 || batch_size < 1) {
    std::fprintf(stderr,
                 "usage: aduan-bench-server-load [devices>0] [batches_per_device>0] [batch>0]\n");
    return 2;
  }
  std::printf(
      "aduan server ingest: %d devices x %d batches x %d reports = %d reports a row, %u cores\n",
      devices, batches_per_device, batch_size, devices * batches_per_device * batch_size,
      std::thread::hardware_concurrency());
  const auto postgres = bench::postgres_base_url();

  // Generate everything first, so the clock measures only the servers and the stores.
  std::vector<Batches> work;
  for (int d = 0; d < devices; ++d)
    work.push_back(make_batches(batches_per_device, batch_size,
                                1'000'000ULL * static_cast<std::uint64_t>(d + 1)));
  const Batches direct_work =
      make_batches(devices * batches_per_device, batch_size, 9'000'000'000ULL);

  std::atomic<int> failures = 0;
  std::printf("%-48s %10s %9s %9s\n", "", "reports/s", "p50 ms", "p99 ms");
  print(push_over_http("SQLite: HTTP push, 1 server", 1, {}, work, failures));
  {
    const std::string dir = aduan::testing::make_temp_dir("aduan-bench-direct-");
    auto store = store::ServerStore::open(dir + "/direct.db");
    if (!store) return 1;
    print(store_directly("SQLite: straight into the store (the limit)", store.value(), direct_work,
                         failures));
    std::filesystem::remove_all(dir);
  }
  if (!postgres) {
    std::printf("%s\n", bench::kNoPostgres);
  } else {
    std::string settings;
    {
      bench::PostgresSchema schema(*postgres);
      settings = schema.settings();
      print(push_over_http("PostgreSQL: HTTP push, 1 server", 1, {"--database-url", schema.url()},
                           work, failures));
    }
    {
      bench::PostgresSchema schema(*postgres);
      print(push_over_http("PostgreSQL: HTTP push, 2 servers, one database", 2,
                           {"--database-url", schema.url()}, work, failures));
    }
    {
      bench::PostgresSchema schema(*postgres);
      print(on_postgres_store("PostgreSQL: straight into the store (the limit)", schema.url(),
                              direct_work, failures));
    }
    std::printf("PostgreSQL: %s\n", settings.c_str());
  }
  std::printf("failures: %d\n", failures.load());
  return failures == 0 ? 0 : 1;
}
