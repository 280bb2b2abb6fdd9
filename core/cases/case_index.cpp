// core/cases/case_index.cpp: see case_index.h.
#include "core/cases/case_index.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/cases/history.h"
#include "core/domain/sha256.h"

namespace aduan::cases {
namespace {

using domain::CivilDate;
using domain::Timestamp;

// Bump when case_row computes anything differently: every stored row is then recomputed.
constexpr std::string_view kRulesVersion = "case-index-1";

constexpr workflow::TimeZone kZones[] = {workflow::TimeZone::wib, workflow::TimeZone::wita,
                                         workflow::TimeZone::wit};

const store::ZoneToday* today_in(const std::vector<store::ZoneToday>& today, int zone) {
  for (const auto& day : today) {
    if (day.zone == zone) return &day;
  }
  return nullptr;
}

// The first instant, on or after the day of the latest event, at which due_system_actions has
// something for the case (case_index.h: each action starts being due on a day it can be read
// off the clock, and stays due).
std::optional<Timestamp> next_action_at(const store::CaseSource& source,
                                        const std::vector<workflow::Transition>& history,
                                        const workflow::CaseClock& clock, const workflow::Calendar& calendar,
                                        workflow::TimeZone zone, Timestamp latest) {
  const workflow::Case current = case_of(source.status, source.holder, history);
  if (workflow::is_resolved(current.status)) return std::nullopt;
  const CivilDate last_day = workflow::local_date(latest, zone);
  std::set<CivilDate> candidates{last_day};
  auto from_last = [&](const CivilDate& day) { candidates.insert(std::max(day, last_day)); };
  if (clock.kind == workflow::ClockKind::awaiting_reporter) from_last(clock.deadline.due);
  if (clock.kind == workflow::ClockKind::follow_up) from_last(workflow::add_days(clock.deadline.due, 1));
  // On hold, the Ombudsman's day moves with today, so it is either reached by the latest event's
  // day (then it is reached every day after) or not while the hold lasts: last_day covers it.
  if (clock.ombudsman_running && !clock.paused) from_last(clock.ombudsman.due);
  for (const CivilDate& day : candidates) {
    const Timestamp at = workflow::start_of_local_day(day, zone);
    if (!workflow::due_system_actions(current, history, source.received_at, calendar, zone, at,
                                      source.holder_parent)
             .empty()) {
      return at;
    }
  }
  return std::nullopt;
}

}  // namespace

workflow::TimeZone zone_of_case(bool holder_known, std::string_view holder_region,
                                std::string_view report_region) {
  return workflow::zone_of_agency_region(holder_known ? holder_region : report_region);
}

store::CaseRow case_row(const store::CaseSource& source, const workflow::Calendar& calendar) {
  const auto history = history_of(source.events);
  const workflow::TimeZone zone = zone_of_case(source.holder_known, source.holder_region, source.region_code);
  Timestamp latest = source.received_at;
  for (const auto& event : source.events) latest = std::max(latest, event.at);
  // The clock and the facts as of the latest event: what stays true until the next one.
  const workflow::CaseClock clock = workflow::case_clock(history, source.received_at, calendar, zone, latest);
  const metrics::CaseFacts facts =
      metrics::facts_of_case(source.holder, history, source.received_at, calendar, zone, latest);
  const metrics::KpiSums sums = metrics::KpiSums::of_case(facts, calendar);

  store::CaseRow row;
  row.seq = source.seq;
  row.holder = source.holder;
  row.region_code = source.region_code;
  row.status = source.status;
  row.received_at = source.received_at;
  row.zone = workflow::utc_offset_hours(zone);
  row.received_day = workflow::days_from_civil(facts.received);
  row.year = facts.received.year;
  row.month = facts.received.month;
  row.followed_up = sums.followed_up > 0;
  if (facts.first_follow_up) row.follow_up_day = workflow::days_from_civil(*facts.first_follow_up);
  row.working_days_to_follow_up = sums.working_days_to_follow_up;
  row.completed = sums.completed > 0;
  if (facts.completed) row.completion_day = workflow::days_from_civil(*facts.completed);
  row.calendar_days_to_completion = sums.calendar_days_to_completion;
  row.resolved = facts.resolved;
  row.clock_kind = static_cast<int>(clock.kind);
  if (clock.kind == workflow::ClockKind::none) {
    row.queue_class = 2;
    row.due_key = 0;
  } else {
    row.due_day = workflow::days_from_civil(clock.deadline.due);
    if (clock.paused) {
      row.queue_class = 1;
      row.due_key = clock.deadline.days_left;
    } else {
      row.queue_class = 0;
      row.due_key = calendar.working_day_number(clock.deadline.due);
    }
  }
  row.escalated = !clock.escalated_to_agency_id.empty();
  row.escalated_to_ombudsman = clock.escalated_to_ombudsman;
  row.next_action_at = next_action_at(source, history, clock, calendar, zone, latest);
  return row;
}

CaseIndexer::CaseIndexer(workflow::Calendar calendar) : calendar_(std::move(calendar)) {
  std::string text(kRulesVersion);
  for (std::int64_t day : calendar_.closed_weekdays()) text += "," + std::to_string(day);
  fingerprint_ = std::string(kRulesVersion) + ":" + domain::sha256_hex(text);
}

store::CaseRow CaseIndexer::row_of(const store::CaseSource& source) const {
  return case_row(source, calendar_);
}

std::vector<store::ZoneToday> zones_today(const workflow::Calendar& calendar, domain::Timestamp now) {
  std::vector<store::ZoneToday> out;
  for (workflow::TimeZone zone : kZones) {
    const CivilDate today = workflow::local_date(now, zone);
    out.push_back({workflow::utc_offset_hours(zone), calendar.working_day_number(today),
                   calendar.is_working_day(today)});
  }
  return out;
}

QueueKey queue_key(const store::QueueEntry& entry, const std::vector<store::ZoneToday>& today) {
  QueueKey key;
  key.received_at = entry.received_at;
  key.seq = entry.seq;
  const store::ZoneToday* day = today_in(today, entry.zone);
  key.running = entry.queue_class < 2 && day != nullptr;
  if (key.running) {
    key.due_number = entry.queue_class == 0 ? entry.due_key : day->working_day_number + entry.due_key;
    key.overdue = key.due_number < day->working_day_number ||
                  (key.due_number == day->working_day_number && !day->working_day);
  }
  return key;
}

bool queue_before(const QueueKey& a, const QueueKey& b) {
  if (a.running && b.running && a.overdue != b.overdue) return a.overdue;
  if (a.running != b.running) return a.running;
  if (a.running && a.due_number != b.due_number) return a.due_number < b.due_number;
  if (a.received_at != b.received_at) return a.received_at < b.received_at;
  return a.seq > b.seq;
}

store::QueueOrder queue_order(const workflow::Calendar& calendar, domain::Timestamp now) {
  return [today = zones_today(calendar, now)](const store::QueueEntry& a, const store::QueueEntry& b) {
    return queue_before(queue_key(a, today), queue_key(b, today));
  };
}

bool overdue_on(const store::CaseRow& row, const std::vector<store::ZoneToday>& today) {
  if (row.queue_class >= 2) return false;
  return queue_key({row.seq, row.queue_class, row.zone, row.due_key, row.received_at}, today).overdue;
}

std::vector<metrics::MonthlySums> monthly_sums(const std::vector<store::CaseMonthSums>& sums) {
  std::vector<metrics::MonthlySums> out;
  out.reserve(sums.size());
  for (const auto& s : sums) {
    metrics::KpiSums k;
    k.received = s.received;
    k.followed_up = s.followed_up;
    k.working_days_to_follow_up = s.working_days_to_follow_up;
    k.completed = s.completed;
    k.calendar_days_to_completion = s.calendar_days_to_completion;
    k.resolved = s.resolved;
    k.overdue = s.overdue;
    out.push_back({s.holder, s.year, s.month, k});
  }
  return out;
}

}  // namespace aduan::cases
