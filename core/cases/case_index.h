// core/cases/case_index.h: the server's per-case facts and clock values (the case index), and
// how the queue, the statistics and the scheduler read them.
//
// Owns computing one case row (store::CaseRow) from a report's whole timeline with
// core/workflow's case clock and due_system_actions and core/metrics' facts_of_case, and the
// other half of the bargain: what "overdue today", "due" and "the scheduler has work" mean for a
// stored row at a later instant, given only today's date in each zone. The store writes a row
// in the transaction that writes the case's event (CaseIndexer), then only filters, sorts, pages
// and sums rows; so a million reports are never read to answer one request, and the answers
// stay exactly those of the clock and the indicators over the full event list (the tests
// compare the two on randomized histories).
//
// Why a row stays true without being rewritten as days pass, from the case's latest event on
// (case_clock.h's rules; T is today, h the day a hold began, W the working-day number):
//   - a clock that is not paused has a fixed due day D: overdue is T > D, the due day itself
//     never moves. W(D) is the row's due_key; since D is a working day, T > D is
//     W(T) > W(D), or W(T) == W(D) on a non-working T.
//   - a paused verify clock (on hold) is due W(T) + K working days after today, K constant
//     (the days left do not change while a case waits): due_key is K, overdue is K < 0, or
//     K == 0 on a non-working T. Its due day is today's number + K, so the queue sorts it
//     among the fixed ones each day without rewriting it.
//   - each action of the scheduler becomes due on one day and stays due (monotone in T), or,
//     while on hold (only the Ombudsman's can be), is due from the latest event or never while
//     the hold lasts (its working days left are constant too); next_action_at is
//     the start, in the case's zone, of the first day on which due_system_actions returns
//     something, found by asking due_system_actions itself on those candidate days.
// Instants before the case's latest event are not described: the server's clock only moves
// forward, and an event is always stamped with it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/kpi.h"
#include "core/store/server_repository.h"
#include "core/workflow/case_clock.h"
#include "core/workflow/time_zone.h"
#include "core/workflow/working_days.h"

namespace aduan::cases {

// The zone a case's days are counted in: its holding agency's when the agency is known (a
// national agency's is WIB), else the zone of where it happened.
workflow::TimeZone zone_of_case(bool holder_known, std::string_view holder_region,
                                std::string_view report_region);

// The row of one case. `source.holder_*` must describe the holder as the agencies table has it.
store::CaseRow case_row(const store::CaseSource& source, const workflow::Calendar& calendar);

// The CaseIndexer every server connection is given: case_row with the catalog's calendar.
class CaseIndexer final : public store::CaseIndexer {
 public:
  explicit CaseIndexer(workflow::Calendar calendar);
  store::CaseRow row_of(const store::CaseSource& source) const override;
  // The rules' version and the calendar's non-working weekdays: a new holiday list recomputes
  // every row (due days and working-day counts change with it).
  std::string fingerprint() const override { return fingerprint_; }
  const workflow::Calendar& calendar() const { return calendar_; }

 private:
  workflow::Calendar calendar_;
  std::string fingerprint_;
};

// Today in each of the three zones at `now`: what the store's overdue test compares rows with.
std::vector<store::ZoneToday> zones_today(const workflow::Calendar& calendar, domain::Timestamp now);

// What the queue orders a case by at `now` (api_console.cpp's order, unchanged): cases with a
// running clock first, overdue ones first among them, then by due day (earliest first), then
// by when received (oldest first), then by row number, the latest first.
struct QueueKey {
  bool running = false;
  bool overdue = false;
  std::int64_t due_number = 0;  // the due day's working-day number; meaningful when running
  domain::Timestamp received_at = 0;
  std::int64_t seq = 0;
  friend bool operator==(const QueueKey&, const QueueKey&) = default;
};
QueueKey queue_key(const store::QueueEntry& entry, const std::vector<store::ZoneToday>& today);
bool queue_before(const QueueKey& a, const QueueKey& b);
// The store's QueueOrder for `now` (queue_key and queue_before).
store::QueueOrder queue_order(const workflow::Calendar& calendar, domain::Timestamp now);

// Whether a row's clock is overdue on `today` in its zone (the statistics' overdue).
bool overdue_on(const store::CaseRow& row, const std::vector<store::ZoneToday>& today);

// The store's sums as core/metrics' MonthlySums.
std::vector<metrics::MonthlySums> monthly_sums(const std::vector<store::CaseMonthSums>& sums);

}  // namespace aduan::cases
