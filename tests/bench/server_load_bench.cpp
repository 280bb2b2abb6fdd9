// The server's ingest benchmark (not a test: it reports numbers, asserts nothing).
//
// Starts a real aduan-server on loopback, then N simulated devices (threads), each with its own
// keep-alive connection, push batches of 50 generated reports over HTTP as fast as they can.
// Reports reports/s and the p50/p99 latency of a push. In the same run, the same kind of
// batches are stored straight into a ServerStore on the same disk with the same durability
// (WAL, synchronous=FULL, one transaction per batch): the limit the server can approach.
//
// Usage: aduan-bench-server-load [devices=8] [batches_per_device=25] [batch=50]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "core/store/server_store.h"
#include "tests/server/api_client.h"

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

std::vector<std::vector<aduan::domain::Report>> make_batches(int count, int size, std::uint64_t seed) {
  std::vector<std::vector<aduan::domain::Report>> batches(static_cast<std::size_t>(count));
  for (int b = 0; b < count; ++b)
    for (int i = 0; i < size; ++i) batches[static_cast<std::size_t>(b)].push_back(aduan::testing::valid_report(seed++));
  return batches;
}

}  // namespace

int main(int argc, char** argv) {
  const int devices = argc > 1 ? std::atoi(argv[1]) : 8;
  const int batches_per_device = argc > 2 ? std::atoi(argv[2]) : 25;
  const int batch_size = argc > 3 ? std::atoi(argv[3]) : 50;
  const int total_reports = devices * batches_per_device * batch_size;
  std::printf("aduan server ingest: %d devices x %d batches x %d reports = %d reports, %u cores\n", devices,
              batches_per_device, batch_size, total_reports, std::thread::hardware_concurrency());

  // Generate everything first, so the clock measures only the server.
  std::vector<std::vector<std::vector<aduan::domain::Report>>> work;
  for (int d = 0; d < devices; ++d)
    work.push_back(make_batches(batches_per_device, batch_size, 1'000'000ULL * static_cast<std::uint64_t>(d + 1)));

  aduan::testing::ServerProcess server(aduan::testing::server_args({"--device-rate", "100000", "--address-rate", "100000"}));
  if (!server.started()) {
    std::fprintf(stderr, "server did not start:\n%s\n", server.output().c_str());
    return 1;
  }
  std::vector<aduan::testing::TestDevice> clients;
  for (int d = 0; d < devices; ++d) {
    clients.emplace_back(server);
    if (!clients.back().register_device()) return 1;
  }
  std::mutex latencies_mutex;
  std::vector<double> latencies_ms;
  std::atomic<int> failures = 0;
  const auto started = Clock::now();
  std::vector<std::thread> threads;
  for (int d = 0; d < devices; ++d) {
    threads.emplace_back([&, d] {
      std::vector<double> mine;
      for (const auto& batch : work[static_cast<std::size_t>(d)]) {
        const auto sent = Clock::now();
        auto answer = clients[static_cast<std::size_t>(d)].push(batch);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (!answer || answer->verdicts.size() != batch.size()) ++failures;
      }
      std::lock_guard lock(latencies_mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  const double http_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  server.stop();

  // The limit: the same batches straight into SQLite, one transaction each, same settings.
  const std::string direct_dir = aduan::testing::make_temp_dir("aduan-bench-direct-");
  auto store = aduan::store::ServerStore::open(direct_dir + "/direct.db");
  if (!store) return 1;
  auto direct_work = make_batches(devices * batches_per_device, batch_size, 9'000'000'000ULL);
  std::vector<double> direct_ms;
  const auto direct_started = Clock::now();
  for (const auto& batch : direct_work) {
    const auto sent = Clock::now();
    auto stored = store.value().store_batch("bench-device", batch, 1);
    direct_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
    if (!stored) ++failures;
  }
  const double direct_seconds = std::chrono::duration<double>(Clock::now() - direct_started).count();
  std::filesystem::remove_all(direct_dir);

  std::printf("%-34s %12s %10s %10s\n", "", "reports/s", "p50 ms", "p99 ms");
  std::printf("%-34s %12.0f %10.2f %10.2f\n", "HTTP push, batches of the size above", total_reports / http_seconds,
              percentile(latencies_ms, 0.50), percentile(latencies_ms, 0.99));
  std::printf("%-34s %12.0f %10.2f %10.2f\n", "straight into SQLite (the limit)", total_reports / direct_seconds,
              percentile(direct_ms, 0.50), percentile(direct_ms, 0.99));
  std::printf("failures: %d\n", failures.load());
  return failures == 0 ? 0 : 1;
}
