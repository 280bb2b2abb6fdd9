// core/store/case_records.h: the records of the server's case index (schema v5), as the
// repository (server_repository.h) takes and gives them: what a case row is computed from, the
// row, who computes it, and what the queue, the statistics and the scheduler read of it.
//
// Kept apart from the repository's interface because they are one subject of their own, read by
// core/cases (which computes the rows) without the rest of the server's storage.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/report.h"

namespace aduan::store {

struct CaseSource;  // server_repository.h: a report and its timeline
// ---- The case index (schema v5) ------------------------------------------------------------
// What the officers' queue, the statistics and the deadline scheduler read instead of every
// report and event: one row per report with the facts and clock values they need. The values
// are computed by core/cases (a CaseIndexer) from the report's whole timeline whenever it
// changes, in the transaction that changes it; the store only filters, sorts, pages and sums
// them, and never counts working days, holidays, time zones or holds itself.

// One case row. Days are local dates in the case's zone, as days since 1970-01-01.
struct CaseRow {
  std::int64_t seq = 0;
  std::string holder;
  std::string region_code;
  std::string status;
  domain::Timestamp received_at = 0;
  int zone = 7;  // the UTC offset, in hours, of the zone the case's days are counted in
  std::int64_t received_day = 0;
  int year = 0;  // of received_day: the statistics' period
  int month = 0;
  bool followed_up = false;
  std::optional<std::int64_t> follow_up_day;
  std::int64_t working_days_to_follow_up = 0;  // 0 unless followed up
  bool completed = false;
  std::optional<std::int64_t> completion_day;
  std::int64_t calendar_days_to_completion = 0;  // 0 unless completed
  bool resolved = false;
  int clock_kind = 0;  // core/workflow's ClockKind, as a number
  // 0: a clock runs and due_key is its due day's working-day number (Calendar::
  //    working_day_number), fixed until the next event; overdue once today's number passes it
  //    (or equals it on a non-working day).
  // 1: the clock runs but is paused (on hold) and due_key is its working days left, constant
  //    while the case waits: overdue when negative, or zero on a non-working day.
  // 2: no clock runs; due_key is 0.
  int queue_class = 2;
  std::int64_t due_key = 0;
  std::optional<std::int64_t> due_day;  // the due day at the latest event (class 0: until the next)
  bool escalated = false;               // escalated to the parent agency since the last routing
  bool escalated_to_ombudsman = false;
  // The first instant at which the scheduler has something to do for this case, if nothing
  // else happens to it first; nullopt: never.
  std::optional<domain::Timestamp> next_action_at;
  friend bool operator==(const CaseRow&, const CaseRow&) = default;
};

// Computes case rows (core/cases implements it; the server hands one to every connection).
class CaseIndexer {
 public:
  virtual ~CaseIndexer() = default;
  virtual CaseRow row_of(const CaseSource& source) const = 0;
  // Differs whenever the same source could give another row: another holiday calendar,
  // another version of the rules. Rows made with another fingerprint are all recomputed.
  virtual std::string fingerprint() const = 0;
};

// Which cases a read covers. In scope: every case when `everything`; else the cases held by
// one of `holders`, and, when `region` is set, those located in it (region_within: the code
// itself or below it, "32" covering "32.12"). `within`, when set, narrows to the cases held by
// one of its agencies; `status`, when set, to that status.
struct CaseFilter {
  bool everything = false;
  std::vector<std::string> holders;
  std::string region;
  std::optional<std::vector<std::string>> within;
  std::string status;
};

// A case as the queue orders it (CaseRow's columns of the same names).
struct QueueEntry {
  std::int64_t seq = 0;
  int queue_class = 2;
  int zone = 0;  // 0 for queue_class 2
  std::int64_t due_key = 0;
  domain::Timestamp received_at = 0;
};
// The queue's order, which the caller defines (core/cases). It must agree, among entries of
// one queue_class and zone, with (due_key ascending, received_at ascending, seq descending):
// the store reads each such group in that order from an index and merges the groups with it.
using QueueOrder = std::function<bool(const QueueEntry& a, const QueueEntry& b)>;

// Today in one zone, as the case rows' overdue test needs it: the working-day number of the
// local date and whether that date is a working day.
struct ZoneToday {
  int zone = 7;
  std::int64_t working_day_number = 0;
  bool working_day = true;
};

// The sums core/metrics' figures are made of, for the cases one agency holds that were received
// in one month; `overdue` counts those overdue on the days given.
struct CaseMonthSums {
  std::string holder;
  int year = 0;
  int month = 0;
  std::int64_t received = 0;
  std::int64_t followed_up = 0;
  std::int64_t working_days_to_follow_up = 0;
  std::int64_t completed = 0;
  std::int64_t calendar_days_to_completion = 0;
  std::int64_t resolved = 0;
  std::int64_t overdue = 0;
  friend bool operator==(const CaseMonthSums&, const CaseMonthSums&) = default;
};

// How many of the cases counted arrived through one channel in one month (schema v7).
struct ChannelMonthCount {
  int year = 0;
  int month = 0;
  std::string channel;  // a domain::Channel name
  std::int64_t received = 0;
  friend bool operator==(const ChannelMonthCount&, const ChannelMonthCount&) = default;
};

// A case the scheduler must look at.
struct DueCase {
  std::int64_t seq = 0;
  domain::ReportId report_id;
  domain::Timestamp next_action_at = 0;
};

}  // namespace aduan::store
