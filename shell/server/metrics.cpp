// shell/server/metrics.cpp: see metrics.h. Text exposition format 0.0.4.
#include "shell/server/metrics.h"

#include <cstdio>

namespace aduan::server {
namespace {

std::string format_double(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

}  // namespace

void Metrics::record_request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& histogram = latency_[route];
  for (std::size_t i = 0; i < kLatencyBucketsSeconds.size(); ++i)
    if (seconds <= kLatencyBucketsSeconds[i]) ++histogram.buckets[i];
  ++histogram.count;
  histogram.sum += seconds;
  if (status >= 500) ++server_errors_;
}

void Metrics::set_gauge_source(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  sources_[std::move(name)] = Source{std::move(help), std::move(read)};
}

void Metrics::set_counter_source(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  sources_[std::move(name)] = Source{std::move(help), std::move(read), "counter"};
}

std::string Metrics::render_prometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP aduan_http_requests_total HTTP requests by route pattern and status.\n";
  out += "# TYPE aduan_http_requests_total counter\n";
  for (const auto& [key, count] : requests_)
    out += "aduan_http_requests_total{route=\"" + key.first + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  out += "# HELP aduan_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE aduan_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    for (std::size_t i = 0; i < kLatencyBucketsSeconds.size(); ++i)
      out += "aduan_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" +
             format_double(kLatencyBucketsSeconds[i]) + "\"} " +
             std::to_string(histogram.buckets[i]) + "\n";
    out += "aduan_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
           std::to_string(histogram.count) + "\n";
    out += "aduan_http_request_duration_seconds_sum{route=\"" + route + "\"} " +
           format_double(histogram.sum) + "\n";
    out += "aduan_http_request_duration_seconds_count{route=\"" + route + "\"} " +
           std::to_string(histogram.count) + "\n";
  }
  out += "# HELP aduan_http_server_errors_total Responses with a 5xx status.\n";
  out += "# TYPE aduan_http_server_errors_total counter\n";
  out += "aduan_http_server_errors_total " + std::to_string(server_errors_) + "\n";
  for (const auto& [name, gauge] : sources_) {
    out += "# HELP " + name + " " + gauge.help + "\n";
    out += "# TYPE " + name + " " + gauge.type + "\n";
    out += name + " " + format_double(gauge.read()) + "\n";
  }
  return out;
}

}  // namespace aduan::server
