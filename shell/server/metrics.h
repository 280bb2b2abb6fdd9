// shell/server/metrics.h: the counters behind GET /metrics, in Prometheus text format.
//
// Owns request counts by route and status class, a latency histogram, error counts and gauges
// that the storage layer reports (reports stored). Does not know routes or storage: callers
// record what happened. Routes are recorded by their pattern ("/api/v1/reports"), never the
// concrete path, so tracking codes and ids never become label values.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace aduan::server {

class Metrics {
 public:
  void record_request(const std::string& route, int status, double seconds);
  void set_gauge_source(std::string name, std::string help, std::function<double()> read);
  // A counter kept elsewhere (it only grows), read when /metrics is rendered.
  void set_counter_source(std::string name, std::string help, std::function<double()> read);

  std::string render_prometheus() const;

 private:
  static constexpr std::array<double, 10> kLatencyBucketsSeconds = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
  struct Histogram {
    std::array<std::uint64_t, kLatencyBucketsSeconds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Source {  // a gauge or a counter read at render time
    std::string help;
    std::function<double()> read;
    const char* type = "gauge";
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // (route, status) -> count
  std::map<std::string, Histogram> latency_;                       // route -> histogram
  std::uint64_t server_errors_ = 0;
  std::map<std::string, Source> sources_;
};

}  // namespace aduan::server
