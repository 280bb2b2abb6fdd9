// shell/server/stats_cache.cpp: see stats_cache.h.
#include "shell/server/stats_cache.h"

namespace aduan::server {

bool PublicStatsCache::snapshot_fresh(std::int64_t now_ms) const {
  return snapshot_ && now_ms >= snapshot_taken_ms_ && now_ms - snapshot_taken_ms_ < max_age_ms_;
}

std::shared_ptr<const PublicStatsCache::Answers> PublicStatsCache::fresh_answer(
    const std::string& period_key, std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  if (!snapshot_fresh(now_ms)) return nullptr;
  auto found = answers_.find(period_key);
  return found == answers_.end() ? nullptr : found->second;
}

Result<std::shared_ptr<const PublicStatsCache::Answers>> PublicStatsCache::get(
    const std::string& period_key, std::int64_t now_ms, const ReadSnapshot& read,
    const Compute& compute) {
  if (auto cached = fresh_answer(period_key, now_ms)) return cached;
  std::lock_guard one_at_a_time(computing_);
  // Whoever held the lock before may just have computed this very answer.
  if (auto cached = fresh_answer(period_key, now_ms)) return cached;
  std::shared_ptr<const Snapshot> snapshot;
  {
    std::lock_guard lock(mutex_);
    if (snapshot_fresh(now_ms)) snapshot = snapshot_;
  }
  if (!snapshot) {
    auto fresh = read();
    if (!fresh) return fresh.error();
    ++snapshots_read_;
    snapshot = std::make_shared<const Snapshot>(std::move(fresh.value()));
    std::lock_guard lock(mutex_);
    snapshot_ = snapshot;
    snapshot_taken_ms_ = now_ms;
    answers_.clear();
  }
  auto answers = std::make_shared<const Answers>(compute(*snapshot));
  ++computations_;
  std::lock_guard lock(mutex_);
  if (answers_.size() >= kMaxPeriods) answers_.clear();
  if (snapshot_ == snapshot) answers_[period_key] = answers;
  return answers;
}

}  // namespace aduan::server
