// core/store/server_store_open_data.cpp: the open data's reads (server_repository.h).
//
// Both read the case index (core/cases keeps its rows current in the transaction that changes a
// report) joined with the report's public columns; confidential reports are never read. A page
// walks the cases in seq order from the cursor, so a page is as cheap as its length plus the
// rows of other periods it skips; the cells are one grouped read of a period. The reporter's
// rating is the latest rated event's (events_by_report).
#include "core/store/case_sql.h"
#include "core/store/server_store.h"

namespace aduan::store {
namespace {

void and_period(case_sql::Sql& sql, int year, int month) {
  sql.add(" AND c.year = ?").number(year);
  if (month != 0) sql.add(" AND c.month = ?").number(month);
}

}  // namespace

Result<std::vector<OpenDataRecord>> ServerStore::open_data_page(const OpenDataFilter& filter) {
  case_sql::Sql sql(
      "SELECT c.seq, r.tracking_code, r.classification, r.category_id, c.holder, c.region_code, "
      "c.status,"
      " c.year, c.month, c.received_day, c.follow_up_day, c.completion_day, c.followed_up,"
      " c.working_days_to_follow_up,"
      " COALESCE((SELECT e.rating FROM events e WHERE e.report_id = r.id AND e.rating > 0"
      " ORDER BY e.seq DESC LIMIT 1), 0)"
      " FROM cases c JOIN reports r ON r.seq = c.seq WHERE r.confidential = 0 AND c.seq > ?");
  sql.number(filter.after_seq);
  and_period(sql, filter.year, filter.month);
  if (!filter.holder.empty()) sql.add(" AND c.holder = ?").text(filter.holder);
  sql.add(" ORDER BY c.seq LIMIT ?").number(case_sql::clamp_to_column(filter.limit));
  auto query = db_->prepare(sql.str());
  if (!query) return query.error();
  sql.bind(query.value());
  std::vector<OpenDataRecord> records;
  for (;;) {
    auto row = query.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    const auto& q = query.value();
    OpenDataRecord record;
    record.seq = q.column_int(0);
    record.tracking_code = q.column_text(1);
    record.classification = q.column_text(2);
    record.category_id = q.column_text(3);
    record.holder = q.column_text(4);
    record.region_code = q.column_text(5);
    record.status = q.column_text(6);
    record.year = static_cast<int>(q.column_int(7));
    record.month = static_cast<int>(q.column_int(8));
    record.received_day = q.column_int(9);
    record.follow_up_day = q.column_optional_int(10);
    record.completion_day = q.column_optional_int(11);
    record.followed_up = q.column_int(12) != 0;
    record.working_days_to_follow_up = q.column_int(13);
    record.rating = static_cast<int>(q.column_int(14));
    records.push_back(std::move(record));
  }
  return records;
}

Result<std::vector<OpenDataCell>> ServerStore::open_data_cells(int year, int month) {
  case_sql::Sql sql(
      "SELECT r.category_id, c.year, c.month, c.region_code, COUNT(*)"
      " FROM cases c JOIN reports r ON r.seq = c.seq WHERE r.confidential = 0");
  and_period(sql, year, month);
  sql.add(" GROUP BY r.category_id, c.year, c.month, c.region_code");
  auto query = db_->prepare(sql.str());
  if (!query) return query.error();
  sql.bind(query.value());
  std::vector<OpenDataCell> cells;
  for (;;) {
    auto row = query.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    const auto& q = query.value();
    cells.push_back({q.column_text(0), static_cast<int>(q.column_int(1)),
                     static_cast<int>(q.column_int(2)), q.column_text(3), q.column_int(4)});
  }
  return cells;
}

}  // namespace aduan::store
