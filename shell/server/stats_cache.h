// shell/server/stats_cache.h: the public statistics, computed at most once per few seconds.
//
// GET /api/v1/stats reads the case index's sums per agency and month (core/cases) and computes
// every figure from them: cheap, but not free, for each anonymous request. This cache keeps one
// snapshot of those sums (read at most once per max age) and, per period asked for, the
// figures computed from it, rendered as JSON and as CSV. Concurrent misses wait for one computation instead of
// each doing their own. Does not own the figures (core/metrics) or their rendering
// (api_stats.cpp); officers' statistics, scoped per officer, are not cached.
// Counters for /metrics: snapshots read and figures computed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/domain/result.h"
#include "core/metrics/kpi.h"
#include "shell/server/agency_scope.h"

namespace aduan::server {

class PublicStatsCache {
 public:
  struct Snapshot {
    std::vector<metrics::MonthlySums> sums;
    AgencyDirectory directory;
    std::vector<store::ChannelMonthCount> channels;
  };
  struct Answers {
    std::string json;
    std::string csv;
  };
  using ReadSnapshot = std::function<Result<Snapshot>()>;
  using Compute = std::function<Answers(const Snapshot&)>;

  // Periods kept per snapshot; past it the kept answers are dropped (each costs one compute).
  static constexpr std::size_t kMaxPeriods = 64;

  explicit PublicStatsCache(std::int64_t max_age_ms) : max_age_ms_(max_age_ms) {}

  // The answers for `period_key`, from the cache when the snapshot is younger than the max age.
  Result<std::shared_ptr<const Answers>> get(const std::string& period_key, std::int64_t now_ms,
                                             const ReadSnapshot& read, const Compute& compute);

  std::uint64_t snapshots_read() const { return snapshots_read_.load(); }
  std::uint64_t computations() const { return computations_.load(); }

 private:
  bool snapshot_fresh(std::int64_t now_ms) const;  // with mutex_ held
  std::shared_ptr<const Answers> fresh_answer(const std::string& period_key,
                                              std::int64_t now_ms) const;

  const std::int64_t max_age_ms_;
  mutable std::mutex mutex_;  // guards the fields below
  std::mutex computing_;      // one computation at a time
  std::shared_ptr<const Snapshot> snapshot_;
  std::int64_t snapshot_taken_ms_ = 0;
  std::map<std::string, std::shared_ptr<const Answers>> answers_;
  std::atomic<std::uint64_t> snapshots_read_{0};
  std::atomic<std::uint64_t> computations_{0};
};

}  // namespace aduan::server
