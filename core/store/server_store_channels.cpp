// core/store/server_store_channels.cpp: how many reports arrived through each channel, for the
// statistics (schema v7).
//
// Owns one read: the counts per month and channel of the cases a CaseFilter selects, in the
// same parts as case_sums (case_sql.h's plan, with the same conditions on holder and region), so
// the two always count the same cases. With no status asked (every statistics request) a part is
// a sum of case_channel_totals, which the schema's triggers keep per holder, region and month: a
// few rows whatever the number of reports. A status (asked by no route today) is counted from the
// case rows, each row's channel read from its report by key.
#include <map>
#include <tuple>

#include "core/store/case_sql.h"

namespace aduan::store {

using case_sql::Part;
using case_sql::Sql;

Result<std::vector<ChannelMonthCount>> ServerStore::channel_counts(const CaseFilter& filter) {
  std::map<std::tuple<int, int, std::string>, std::int64_t> counts;
  auto run = [&](const Sql& sql) {
    return case_sql::for_each_row(*db_, sql, [&](const SqlStatement& s) {
      counts[{static_cast<int>(s.column_int(0)), static_cast<int>(s.column_int(1)), s.column_text(2)}] +=
          s.column_int(3);
    });
  };
  for (const Part& part : case_sql::plan(filter)) {
    if (filter.status.empty()) {
      Sql totals("SELECT year, month, channel, sum(received) FROM case_channel_totals WHERE received > 0");
      case_sql::add_part_conditions(totals, part, filter);
      totals.add(" GROUP BY year, month, channel");
      if (auto read = run(totals); !read) return read.error();
      continue;
    }
    Sql rows(
        "SELECT year, month, (SELECT channel FROM reports WHERE reports.seq = cases.seq) AS "
        "channel, "
        "count(*) FROM cases WHERE true");
    case_sql::add_part_conditions(rows, part, filter);
    rows.add(" GROUP BY year, month, channel");
    if (auto read = run(rows); !read) return read.error();
  }
  std::vector<ChannelMonthCount> out;
  out.reserve(counts.size());
  for (const auto& [key, received] : counts) {
    if (received > 0) out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), received});
  }
  return out;
}

}  // namespace aduan::store
