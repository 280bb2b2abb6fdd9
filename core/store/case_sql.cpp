// core/store/case_sql.cpp: the shared pieces of the case index's SQL (case_sql.h): reading a
// row of the `cases` table, planning a filter into parts and adding up monthly sums. Owns no
// statement of its own; the writes and the reads of the index use these.
#include "core/store/case_sql.h"

#include <algorithm>

#include "core/store/codec.h"

namespace aduan::store::case_sql {

CaseRow read_case_row(const SqlStatement& s) {
  CaseRow row;
  row.seq = s.column_int(0);
  row.holder = s.column_text(1);
  row.region_code = s.column_text(2);
  row.status = s.column_text(3);
  row.received_at = s.column_int(4);
  row.zone = static_cast<int>(s.column_int(5));
  row.received_day = s.column_int(6);
  row.year = static_cast<int>(s.column_int(7));
  row.month = static_cast<int>(s.column_int(8));
  row.followed_up = s.column_int(9) != 0;
  row.follow_up_day = s.column_optional_int(10);
  row.working_days_to_follow_up = s.column_int(11);
  row.completed = s.column_int(12) != 0;
  row.completion_day = s.column_optional_int(13);
  row.calendar_days_to_completion = s.column_int(14);
  row.resolved = s.column_int(15) != 0;
  row.clock_kind = static_cast<int>(s.column_int(16));
  row.queue_class = static_cast<int>(s.column_int(17));
  // 18 is queue_zone, the store's own layout
  row.due_key = s.column_int(19);
  row.due_day = s.column_optional_int(20);
  row.escalated = s.column_int(21) != 0;
  row.escalated_to_ombudsman = s.column_int(22) != 0;
  row.next_action_at = s.column_optional_int(23);
  return row;
}

std::vector<std::string> unique_sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

Status for_each_row(SqlConnection& db, const Sql& sql,
                    const std::function<void(const SqlStatement&)>& each) {
  auto query = db.prepare(sql.str());
  if (!query) return query.error();
  sql.bind(query.value());
  for (;;) {
    auto row = query.value().step();
    if (!row) return row.error();
    if (!row.value()) return done();
    each(query.value());
  }
}

std::vector<Part> plan(const CaseFilter& filter) {
  std::vector<Part> parts;
  const auto holders = unique_sorted(filter.holders);
  if (filter.within) {
    for (const std::string& holder : unique_sorted(*filter.within)) {
      if (filter.everything || std::binary_search(holders.begin(), holders.end(), holder)) {
        parts.push_back({holder, false, false});
      } else if (!filter.region.empty()) {
        parts.push_back({holder, true, false});
      }
    }
  } else if (filter.everything) {
    parts.push_back({std::nullopt, false, false});
  } else if (filter.region.empty()) {
    for (const std::string& holder : holders) parts.push_back({holder, false, false});
  } else {
    parts.push_back({std::nullopt, false, true});
  }
  return parts;
}

void add_part_conditions(Sql& sql, const Part& part, const CaseFilter& filter) {
  if (part.holder) sql.add(" AND holder = ?").text(*part.holder);
  if (part.in_region) sql.and_region(filter.region);
  if (part.scoped) sql.and_scope(unique_sorted(filter.holders), filter.region);
  sql.and_status(filter.status);
}

std::int64_t overdue_below(int queue_class, const ZoneToday& today) {
  const std::int64_t on_a_closed_day = today.working_day ? 0 : 1;
  return queue_class == 0 ? today.working_day_number + on_a_closed_day : on_a_closed_day;
}

void add_sums(CaseMonthSums& into, const CaseMonthSums& more) {
  into.received += more.received;
  into.followed_up += more.followed_up;
  into.working_days_to_follow_up += more.working_days_to_follow_up;
  into.completed += more.completed;
  into.calendar_days_to_completion += more.calendar_days_to_completion;
  into.resolved += more.resolved;
  into.overdue += more.overdue;
}

CaseMonthSums& month_of(SumsByMonth& sums, const std::string& holder, int year, int month) {
  auto& slot = sums[{holder, year, month}];
  slot.holder = holder;
  slot.year = year;
  slot.month = month;
  return slot;
}

}  // namespace aduan::store::case_sql
