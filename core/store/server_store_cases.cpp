// core/store/server_store_cases.cpp: the case index of the server store (server_repository.h,
// schema v5): its writes. The reads are in server_store_case_reads.cpp, the SQL both share in
// case_sql.h.
//
// Owns the SQL of the `cases` rows: writing the row a CaseIndexer computes whenever a report,
// its events or its holding agency change (or marking the case stale when this connection has
// no indexer), and the reads the queue, the statistics and the scheduler make of them. Does not
// own what the values mean (core/cases computes them with core/workflow and core/metrics) nor
// the queue's order (the caller's QueueOrder): it filters, sorts by index, pages and sums.
#include <algorithm>
#include <map>
#include <queue>
#include <set>
#include <tuple>
#include <utility>
#include <variant>

#include "core/store/codec.h"
#include "core/store/server_store.h"
#include "core/store/case_sql.h"

namespace aduan::store {

using namespace case_sql;

// ---- Writing -----------------------------------------------------------------------------------

Status ServerStore::set_case_indexer(std::shared_ptr<const CaseIndexer> indexer) {
  indexer_ = std::move(indexer);
  if (!indexer_) return done();
  const std::string fingerprint = indexer_->fingerprint();
  {
    auto stored = db_->prepare("SELECT fingerprint FROM case_index_state WHERE id = 1");
    if (!stored) return stored.error();
    auto row = stored.value().step();
    if (!row) return row.error();
    if (row.value() && stored.value().column_text(0) == fingerprint) return done();
  }
  // Rows made by other rules or another calendar: every case is recomputed.
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  if (auto marked = db_->exec("INSERT INTO cases_stale (seq) SELECT seq FROM reports WHERE true ON "
                              "CONFLICT DO NOTHING");
      !marked)
    return marked;
  auto update = db_->prepare(
      "INSERT INTO case_index_state (id, fingerprint) VALUES (1, ?1) "
      "ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint");
  if (!update) return update.error();
  if (auto set = update.value().bind_text(1, fingerprint).run(); !set) return set;
  return tx.value().commit();
}

Result<std::optional<CaseSource>> ServerStore::load_case_source(std::int64_t seq) {
  CaseSource source;
  {
    auto query = statement(
        Query::case_source,
        "SELECT r.seq, r.id, r.received_at, r.region_code, r.current_agency_id, r.status, "
        "a.id IS NOT NULL, coalesce(a.region_code, ''), coalesce(a.parent_id, '') "
        "FROM reports r LEFT JOIN agencies a ON a.id = r.current_agency_id WHERE r.seq = ?1");
    if (!query) return query.error();
    SqlStatement& s = *query.value();
    auto row = s.bind_int(1, seq).step();
    if (!row) return row.error();
    if (!row.value()) return std::optional<CaseSource>();
    auto id = report_id_from_blob(s.column_blob(1));
    if (!id) return id.error();
    source.seq = s.column_int(0);
    source.report_id = id.value();
    source.received_at = s.column_int(2);
    source.region_code = s.column_text(3);
    source.holder = s.column_text(4);
    source.status = s.column_text(5);
    source.holder_known = s.column_int(6) != 0;
    source.holder_region = s.column_text(7);
    source.holder_parent = s.column_text(8);
  }
  auto events = timeline(source.report_id);
  if (!events) return events.error();
  source.events = std::move(events.value());
  return std::optional<CaseSource>(std::move(source));
}

Status ServerStore::write_case_row(const CaseRow& row) {
  static const std::string sql = [] {
    std::string text = "INSERT INTO cases (" + std::string(kCaseColumns) +
                       ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                       "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) ON CONFLICT (seq) DO UPDATE SET ";
    std::string columns(kCaseColumns);
    bool first = true;
    for (std::size_t at = 0; at < columns.size();) {
      std::size_t end = columns.find(',', at);
      if (end == std::string::npos) end = columns.size();
      std::string name = columns.substr(at, end - at);
      name.erase(0, name.find_first_not_of(' '));
      if (name != "seq") {
        text += (first ? "" : ", ") + name + " = excluded." + name;
        first = false;
      }
      at = end + 1;
    }
    return text;
  }();
  auto upsert = statement(Query::upsert_case, sql);
  if (!upsert) return upsert.error();
  SqlStatement& s = *upsert.value();
  const bool running = row.queue_class < 2;
  return s.bind_int(1, row.seq)
      .bind_text(2, row.holder)
      .bind_text(3, row.region_code)
      .bind_text(4, row.status)
      .bind_int(5, row.received_at)
      .bind_int(6, row.zone)
      .bind_int(7, row.received_day)
      .bind_int(8, row.year)
      .bind_int(9, row.month)
      .bind_bool(10, row.followed_up)
      .bind_optional_int(11, row.follow_up_day)
      .bind_int(12, row.working_days_to_follow_up)
      .bind_bool(13, row.completed)
      .bind_optional_int(14, row.completion_day)
      .bind_int(15, row.calendar_days_to_completion)
      .bind_bool(16, row.resolved)
      .bind_int(17, row.clock_kind)
      .bind_int(18, row.queue_class)
      .bind_int(19, running ? row.zone : 0)
      .bind_int(20, running ? row.due_key : 0)
      .bind_optional_int(21, row.due_day)
      .bind_bool(22, row.escalated)
      .bind_bool(23, row.escalated_to_ombudsman)
      .bind_optional_int(24, row.next_action_at)
      .run();
}

Status ServerStore::mark_stale(std::int64_t seq) {
  auto mark = statement(Query::mark_stale,
                        "INSERT INTO cases_stale (seq) VALUES (?1) ON CONFLICT DO NOTHING");
  if (!mark) return mark.error();
  return mark.value()->bind_int(1, seq).run();
}

Status ServerStore::write_indexed(const CaseSource& source) {
  CaseRow row = indexer_->row_of(source);
  row.seq = source.seq;
  if (auto written = write_case_row(row); !written) return written;
  auto unmark = statement(Query::unmark_stale, "DELETE FROM cases_stale WHERE seq = ?1");
  if (!unmark) return unmark.error();
  return unmark.value()->bind_int(1, source.seq).run();
}

Status ServerStore::index_source(CaseSource& source) {
  if (!indexer_) return mark_stale(source.seq);
  {
    auto holder = statement(Query::holder_agency,
                            "SELECT region_code, parent_id FROM agencies WHERE id = ?1");
    if (!holder) return holder.error();
    auto row = holder.value()->bind_text(1, source.holder).step();
    if (!row) return row.error();
    source.holder_known = row.value();
    source.holder_region = row.value() ? holder.value()->column_text(0) : std::string();
    source.holder_parent = row.value() ? holder.value()->column_text(1) : std::string();
  }
  return write_indexed(source);
}

Status ServerStore::index_case(std::int64_t seq) {
  if (!indexer_) return mark_stale(seq);
  auto source = load_case_source(seq);
  if (!source) return source.error();
  if (!source.value()) return make_error(kErrorNotFound, "no report at row " + std::to_string(seq));
  return write_indexed(*source.value());
}

Status ServerStore::reindex_holder(std::string_view agency_id) {
  std::vector<std::int64_t> seqs;
  {
    auto query =
        db_->prepare("SELECT seq FROM cases INDEXED BY cases_newest_by_holder WHERE holder = ?1");
    if (!query) return query.error();
    query.value().bind_text(1, agency_id);
    for (;;) {
      auto row = query.value().step();
      if (!row) return row.error();
      if (!row.value()) break;
      seqs.push_back(query.value().column_int(0));
    }
  }
  for (std::int64_t seq : seqs) {
    if (auto indexed = index_case(seq); !indexed) return indexed;
  }
  return done();
}

Result<std::int64_t> ServerStore::stale_cases() {
  return db_->query_int("SELECT count(*) FROM cases_stale");
}

Result<std::int64_t> ServerStore::reindex_stale_cases(std::size_t at_most) {
  if (!indexer_) return make_error(kErrorInvalidState, "no case indexer on this connection");
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  std::vector<std::int64_t> seqs;
  {
    auto query = db_->prepare("SELECT seq FROM cases_stale ORDER BY seq LIMIT ?1");
    if (!query) return query.error();
    query.value().bind_int(1, static_cast<std::int64_t>(std::min<std::size_t>(at_most, 1u << 30)));
    for (;;) {
      auto row = query.value().step();
      if (!row) return row.error();
      if (!row.value()) break;
      seqs.push_back(query.value().column_int(0));
    }
  }
  for (std::int64_t seq : seqs) {
    auto source = load_case_source(seq);
    if (!source) return source.error();
    if (!source.value()) {  // a report that is gone has no case
      auto gone = db_->prepare("DELETE FROM cases_stale WHERE seq = ?1");
      if (!gone) return gone.error();
      if (auto removed = gone.value().bind_int(1, seq).run(); !removed) return removed.error();
      continue;
    }
    if (auto indexed = write_indexed(*source.value()); !indexed) return indexed.error();
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return static_cast<std::int64_t>(seqs.size());
}

Status ServerStore::reindex_case(const domain::ReportId& id) {
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  std::int64_t seq = 0;
  {
    auto query = db_->prepare("SELECT seq FROM reports WHERE id = ?1");
    if (!query) return query.error();
    auto row = query.value().bind_blob(1, id_blob(id)).step();
    if (!row) return row.error();
    if (!row.value()) return make_error(kErrorNotFound, "no report " + id.to_string());
    seq = query.value().column_int(0);
  }
  if (auto indexed = index_case(seq); !indexed) return indexed;
  return tx.value().commit();
}

Result<std::optional<CaseRow>> ServerStore::case_row(const domain::ReportId& id) {
  auto query = db_->prepare("SELECT " + std::string(kCaseColumns) +
                            " FROM cases WHERE seq = (SELECT seq FROM reports WHERE id = ?1)");
  if (!query) return query.error();
  auto row = query.value().bind_blob(1, id_blob(id)).step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<CaseRow>();
  return std::optional<CaseRow>(read_case_row(query.value()));
}

}  // namespace aduan::store
