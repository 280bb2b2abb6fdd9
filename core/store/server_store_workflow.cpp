// core/store/server_store_workflow.cpp: agencies, the audit log and applied action ids
// (server_store.h, schema v3).
//
// Owns their SQL only. Who may edit an agency, what an audit row says and when an action id
// counts as a retry are the server's rules (shell/server); these functions record what they
// are given. None of them opens a transaction of its own beyond a statement's: the callers
// run them inside in_transaction() with the action they belong to, which is the point of an
// audit row (it exists exactly when its action does).
#include <limits>
#include <utility>

#include "core/store/codec.h"
#include "core/store/server_store.h"

namespace aduan::store {
namespace {

constexpr std::string_view kAgencyColumns = "id, name, parent_id, region_code, kind, updated_at";

AgencyRecord read_agency(const SqlStatement& row) {
  return AgencyRecord{row.column_text(0), row.column_text(1), row.column_text(2),
                      row.column_text(3), row.column_text(4), row.column_int(5)};
}

Status bind_agency(SqlStatement& statement, const AgencyRecord& agency) {
  return statement.bind_text(1, agency.id)
      .bind_text(2, agency.name)
      .bind_text(3, agency.parent_id)
      .bind_text(4, agency.region_code)
      .bind_text(5, agency.kind)
      .bind_int(6, agency.updated_at)
      .run();
}

std::int64_t to_column(std::size_t value) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(value < kMax ? value : kMax);
}

}  // namespace

Result<std::vector<AgencyRecord>> ServerStore::list_agencies() {
  auto query = db_->prepare("SELECT " + std::string(kAgencyColumns) + " FROM agencies ORDER BY id");
  if (!query) return query.error();
  std::vector<AgencyRecord> out;
  for (;;) {
    auto row = query.value().step();
    if (!row) return row.error();
    if (!row.value()) return out;
    out.push_back(read_agency(query.value()));
  }
}

Result<int> ServerStore::seed_agencies(std::span<const AgencyRecord> agencies) {
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  auto insert = db_->prepare("INSERT INTO agencies (" + std::string(kAgencyColumns) +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
  if (!insert) return insert.error();
  int added = 0;
  for (const AgencyRecord& agency : agencies) {
    if (auto ran = bind_agency(insert.value(), agency); !ran) return ran.error();
    const bool inserted = db_->changes() > 0;
    insert.value().reset();
    if (!inserted) continue;
    ++added;
    // Cases already held by an id the table did not know now count in the agency's zone.
    if (auto reindexed = reindex_holder(agency.id); !reindexed) return reindexed.error();
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return added;
}

Status ServerStore::put_agency(const AgencyRecord& agency) {
  if (agency.id.empty() || agency.name.empty()) {
    return make_error(kErrorInvalidArgument, "an agency needs an id and a name");
  }
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  // What the case rows of the agency's cases depend on: whether it exists, its region (their
  // zone) and its parent (where an overdue case escalates to).
  std::optional<std::pair<std::string, std::string>> before;
  {
    auto old = db_->prepare("SELECT region_code, parent_id FROM agencies WHERE id = ?1");
    if (!old) return old.error();
    auto row = old.value().bind_text(1, agency.id).step();
    if (!row) return row.error();
    if (row.value()) before.emplace(old.value().column_text(0), old.value().column_text(1));
  }
  auto upsert = db_->prepare(
      "INSERT INTO agencies (" + std::string(kAgencyColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
      "parent_id = excluded.parent_id, region_code = excluded.region_code, kind = excluded.kind, "
      "updated_at = excluded.updated_at");
  if (!upsert) return upsert.error();
  if (auto put = bind_agency(upsert.value(), agency); !put) return put;
  if (!before || before->first != agency.region_code || before->second != agency.parent_id) {
    if (auto reindexed = reindex_holder(agency.id); !reindexed) return reindexed;
  }
  return tx.value().commit();
}

Result<std::int64_t> ServerStore::append_audit(const AuditEntry& entry) {
  auto insert = db_->prepare(
      "INSERT INTO audit_log (at, actor, actor_role, action, report_id, subject, status_before, "
      "status_after, agency_before, agency_after, region_code, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING seq");
  if (!insert) return insert.error();
  SqlStatement& s = insert.value();
  s.bind_int(1, entry.at).bind_text(2, entry.actor).bind_text(3, entry.actor_role);
  s.bind_text(4, entry.action);
  if (entry.report_id) {
    s.bind_blob(5, id_blob(*entry.report_id));
  } else {
    s.bind_null(5);
  }
  auto ran = s.bind_text(6, entry.subject)
                 .bind_text(7, entry.status_before)
                 .bind_text(8, entry.status_after)
                 .bind_text(9, entry.agency_before)
                 .bind_text(10, entry.agency_after)
                 .bind_text(11, entry.region_code)
                 .bind_text(12, entry.note)
                 .step();
  if (!ran) return ran.error();
  if (!ran.value()) return make_error(kErrorSql, "the audit entry's number was not returned");
  return s.column_int(0);
}

Result<std::vector<AuditEntry>> ServerStore::audit_entries(
    const std::optional<domain::ReportId>& report_id, std::int64_t before, std::size_t limit) {
  // Two texts rather than `?1 IS NULL OR ...`: PostgreSQL cannot type a parameter that is
  // only ever compared with NULL.
  auto query = db_->prepare(
      std::string("SELECT seq, at, actor, actor_role, action, report_id, subject, status_before, "
                  "status_after, agency_before, agency_after, region_code, note FROM audit_log "
                  "WHERE ") +
      (report_id ? "report_id = ?1 AND " : "") + "(?2 = 0 OR seq < ?2) ORDER BY seq DESC LIMIT ?3");
  if (!query) return query.error();
  SqlStatement& s = query.value();
  if (report_id) s.bind_blob(1, id_blob(*report_id));
  s.bind_int(2, before).bind_int(3, to_column(limit));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!row.value()) return out;
    AuditEntry entry{s.column_int(0),  s.column_int(1),  s.column_text(2), s.column_text(3),
                     s.column_text(4), std::nullopt,     s.column_text(6), s.column_text(7),
                     s.column_text(8), s.column_text(9), s.column_text(10), s.column_text(11),
                     s.column_text(12)};
    if (!s.column_is_null(5)) {
      auto id = report_id_from_blob(s.column_blob(5));
      if (!id) return id.error();
      entry.report_id = id.value();
    }
    out.push_back(std::move(entry));
  }
}

Result<std::optional<AppliedAction>> ServerStore::applied_action(std::string_view action_id) {
  auto query = db_->prepare(
      "SELECT action_id, actor, report_id, event_seq, status, agency_id, at FROM applied_actions "
      "WHERE action_id = ?1");
  if (!query) return query.error();
  SqlStatement& s = query.value();
  s.bind_text(1, action_id);
  auto row = s.step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<AppliedAction>();
  auto id = report_id_from_blob(s.column_blob(2));
  if (!id) return id.error();
  return std::optional<AppliedAction>(AppliedAction{s.column_text(0), s.column_text(1), id.value(),
                                                    s.column_int(3), s.column_text(4),
                                                    s.column_text(5), s.column_int(6)});
}

Status ServerStore::record_applied_action(const AppliedAction& applied) {
  auto insert = db_->prepare(
      "INSERT INTO applied_actions (action_id, actor, report_id, event_seq, status, agency_id, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert) return insert.error();
  return insert.value()
      .bind_text(1, applied.action_id)
      .bind_text(2, applied.actor)
      .bind_blob(3, id_blob(applied.report_id))
      .bind_int(4, applied.event_seq)
      .bind_text(5, applied.status)
      .bind_text(6, applied.agency_id)
      .bind_int(7, applied.at)
      .run();
}

}  // namespace aduan::store
