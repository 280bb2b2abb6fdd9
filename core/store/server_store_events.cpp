// core/store/server_store_events.cpp: the status events of reports (server_store.h).
//
// One global sequence (events.seq, AUTOINCREMENT) orders every event on the server. Writers
// take the write lock before they allocate a seq (transactions begin IMMEDIATE), so seq order
// is commit order, and a device that has pulled up to seq N can never later find an event
// below N appear: the cursor is safe. Does not decide whether a status change is allowed
// (core/workflow does, before calling); it records it and keeps the report's current status
// and agency in step, in the same transaction.
#include <algorithm>
#include <limits>
#include <utility>

#include "core/store/codec.h"
#include "core/store/server_store.h"

namespace aduan::store {
namespace {

constexpr std::string_view kSelectEvents =
    "SELECT seq, report_id, status, action, at, note, agency_id, actor, rating, actor_role, target_agency_id FROM events ";

Result<std::vector<ServerEvent>> read_events(SqlStatement& query) {
  std::vector<ServerEvent> out;
  for (;;) {
    auto row = query.step();
    if (!row) return row.error();
    if (!row.value()) return out;
    auto id = report_id_from_blob(query.column_blob(1));
    if (!id) return id.error();
    out.push_back(ServerEvent{query.column_int(0), id.value(), query.column_text(2),
                              query.column_text(3), query.column_int(4), query.column_text(5),
                              query.column_text(6), query.column_text(7),
                              static_cast<int>(query.column_int(8)), query.column_text(9),
                              query.column_text(10)});
  }
}

}  // namespace

Result<std::int64_t> ServerStore::insert_event_row(const ServerEvent& event) {
  // The device comes from the report row, in the same statement, so an event can never be
  // scoped to a device other than the one that pushed its report.
  auto insert =
      statement(Query::insert_event,
                "INSERT INTO events (report_id, device_id, status, action, at, note, "
                "agency_id, actor, rating, actor_role, target_agency_id) SELECT id, device_id, "
                "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM reports WHERE id = ?1 RETURNING seq");
  if (!insert) return insert.error();
  auto inserted = insert.value()
                      ->bind_blob(1, id_blob(event.report_id))
                      .bind_text(2, event.status)
                      .bind_text(3, event.action)
                      .bind_int(4, event.at)
                      .bind_text(5, event.note)
                      .bind_text(6, event.agency_id)
                      .bind_text(7, event.actor)
                      .bind_int(8, event.rating)
                      .bind_text(9, event.actor_role)
                      .bind_text(10, event.target_agency_id)
                      .step();
  if (!inserted) return inserted.error();
  if (!inserted.value()) {
    return make_error(kErrorNotFound, "no report " + event.report_id.to_string());
  }
  return insert.value()->column_int(0);
}

Result<std::int64_t> ServerStore::append_event(const ServerEvent& event) {
  if (event.status.empty()) return make_error(kErrorInvalidArgument, "event without a status");
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  auto seq = insert_event_row(event);
  if (!seq) return seq.error();
  std::int64_t report_seq = 0;
  {  // the statement is reset when this block ends, before the case is read back
    auto update = statement(Query::set_report_status,
                            "UPDATE reports SET status = ?2, current_agency_id = ?3 WHERE id = ?1 "
                            "RETURNING seq");
    if (!update) return update.error();
    auto updated = update.value()
                       ->bind_blob(1, id_blob(event.report_id))
                       .bind_text(2, event.status)
                       .bind_text(3, event.agency_id)
                       .step();
    if (!updated) return updated.error();
    if (!updated.value()) return make_error(kErrorNotFound, "no report " + event.report_id.to_string());
    report_seq = update.value()->column_int(0);
    if (auto finished = update.value()->step(); !finished) return finished.error();
  }
  // The case row follows its events, in the same transaction.
  if (auto indexed = index_case(report_seq); !indexed) return indexed.error();
  if (auto s = tx.value().commit(); !s) return s.error();
  return seq.value();
}

Result<std::vector<ServerEvent>> ServerStore::timeline(const domain::ReportId& id) {
  static const std::string sql = std::string(kSelectEvents) + "WHERE report_id = ?1 ORDER BY seq";
  auto query = statement(Query::timeline, sql);
  if (!query) return query.error();
  query.value()->bind_blob(1, id_blob(id));
  return read_events(*query.value());
}

Result<std::vector<ServerEvent>> ServerStore::events_for_device(std::string_view device_id,
                                                                std::int64_t cursor,
                                                                std::size_t limit) {
  // One range of the (device_id, seq) index: as cheap for a device with years of reports as
  // for a new one.
  static const std::string sql =
      std::string(kSelectEvents) + "WHERE device_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";
  auto query = statement(Query::events_for_device, sql);
  if (!query) return query.error();
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  query.value()
      ->bind_text(1, device_id)
      .bind_int(2, cursor)
      .bind_int(3, static_cast<std::int64_t>(std::min<std::uint64_t>(limit, kMax)));
  return read_events(*query.value());
}

}  // namespace aduan::store
