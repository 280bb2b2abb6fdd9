// core/store/case_sql.h: the pieces of SQL the case index's writes and reads share
// (server_store_cases.cpp writes the rows, server_store_case_reads.cpp reads them): the column
// list and its reader, a query assembled with its parameters, the plan of a filter's parts and
// the sums of a month. Private to core/store; nothing outside includes it. Shaped as one small
// header so that the two halves of the case index cannot drift apart in how they name a column.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "core/store/database.h"
#include "core/store/server_store.h"

namespace aduan::store::case_sql {

inline constexpr std::string_view kCaseColumns =
    "seq, holder, region_code, status, received_at, zone, received_day, year, month, followed_up, "
    "follow_up_day, working_days_to_follow_up, completed, completion_day, "
    "calendar_days_to_completion, resolved, clock_kind, queue_class, queue_zone, due_key, due_day, "
    "escalated, escalated_to_ombudsman, next_action_at";

// Parameters of one IN list at most; longer lists are cut into several queries.
inline constexpr std::size_t kMaxListParameters = 500;

CaseRow read_case_row(const SqlStatement& s);

// A count or offset as an INTEGER parameter: SQLite's integers are signed 64-bit.
inline std::int64_t clamp_to_column(std::size_t value) {
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min<std::uint64_t>(value, kMax));
}

// A query assembled from pieces, with its parameters in order (anonymous `?`).
class Sql {
 public:
  explicit Sql(std::string text) : text_(std::move(text)) {}
  Sql& add(std::string_view text) {
    text_ += text;
    return *this;
  }
  Sql& text(std::string value) {
    params_.emplace_back(std::move(value));
    return *this;
  }
  Sql& number(std::int64_t value) {
    params_.emplace_back(value);
    return *this;
  }
  // " AND (region_code within `region`)": the code itself or anything below it ("32" covers
  // "32.12" but not "321"), as one index range besides the equality.
  Sql& and_region(const std::string& region) {
    add(" AND " + region_condition());
    return region_params(region);
  }
  // "(region_code within `region`)" alone, after text that needs it (" AND NOT ").
  Sql& and_region_condition(const std::string& region) {
    add(region_condition());
    return region_params(region);
  }
  Sql& and_status(const std::string& status) {
    if (status.empty()) return *this;
    add(" AND status = ?");
    return text(status);
  }
  // "?, ?, ..." for values[begin, end), each bound as text: the inside of an IN list (callers
  // cut long lists at kMaxListParameters).
  Sql& placeholders(const std::vector<std::string>& values, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      add(i == begin ? "?" : ", ?");
      text(values[i]);
    }
    return *this;
  }
  // " AND (holder IN (...) OR region_code within `region`)", the scope of a regional admin.
  Sql& and_scope(const std::vector<std::string>& holders, const std::string& region,
                 std::string_view holder_column = "holder") {
    add(" AND (");
    if (!holders.empty()) {
      add(std::string(holder_column) + " IN (");
      placeholders(holders, 0, holders.size());
      add(") OR ");
    }
    add(region_condition());
    region_params(region);
    return add(")");
  }
  const std::string& str() const { return text_; }

  // Bind failures are remembered by the statement and returned by its first step().
  void bind(SqlStatement& statement) const {
    int index = 0;
    for (const auto& param : params_) {
      ++index;
      if (const auto* number = std::get_if<std::int64_t>(&param)) {
        statement.bind_int(index, *number);
      } else {
        statement.bind_text(index, std::get<std::string>(param));
      }
    }
  }

 private:
  static std::string region_condition() {
    return "(region_code = ? OR (region_code >= ? AND region_code < ?))";
  }
  Sql& region_params(const std::string& region) {
    return text(region).text(region + ".").text(region + "/");  // '/' follows '.'
  }

  std::string text_;
  std::vector<std::variant<std::int64_t, std::string>> params_;
};

std::vector<std::string> unique_sorted(std::vector<std::string> values);

// Prepares `sql`, binds its parameters and calls `each` on every row it yields.
Status for_each_row(SqlConnection& db, const Sql& sql,
                    const std::function<void(const SqlStatement&)>& each);

using Part = ServerStore::FilterPart;

// The parts a filter is read in: one per holder, or everything, or a region scope.
std::vector<Part> plan(const CaseFilter& filter);

// The conditions of a part on the cases table (after a WHERE that holds something already).
void add_part_conditions(Sql& sql, const Part& part, const CaseFilter& filter);

// The overdue test of case rows (server_repository.h, CaseRow::queue_class): overdue when
// due_key is below the threshold of its class in its zone.
std::int64_t overdue_below(int queue_class, const ZoneToday& today);

void add_sums(CaseMonthSums& into, const CaseMonthSums& more);

using SumsByMonth = std::map<std::tuple<std::string, int, int>, CaseMonthSums>;

CaseMonthSums& month_of(SumsByMonth& sums, const std::string& holder, int year, int month);

}  // namespace aduan::store::case_sql
