// core/store/local_store_outbox.cpp: the outbox state machine (local_store.h, records.h).
// Attachment uploads are local_store_attachments.cpp.
//
// Each transition reads the row's state and writes the new one inside one transaction, so a
// transition from a state it does not start from is refused with "store.invalid_state" and
// changes nothing. The store does not decide when to retry; core/sync passes next_attempt_at.
#include <utility>

#include "core/store/codec.h"
#include "core/store/local_store.h"

namespace aduan::store {
namespace {

constexpr std::string_view kOutboxColumns =
    "report_id, state, attempts, queued_at, next_attempt_at, updated_at, last_error, "
    "payload_bytes";

Result<OutboxEntry> read_outbox_row(const Statement& r) {
  auto id = report_id_from_blob(r.column_blob(0));
  if (!id) return id.error();
  auto state = parse_outbox_state(r.column_text(1));
  if (!state) return make_error(kErrorCorrupt, "outbox state " + r.column_text(1));
  OutboxEntry entry;
  entry.report_id = id.value();
  entry.state = *state;
  entry.attempts = static_cast<int>(r.column_int(2));
  entry.queued_at = r.column_int(3);
  entry.next_attempt_at = r.column_int(4);
  entry.updated_at = r.column_int(5);
  entry.last_error = r.column_text(6);
  entry.payload_bytes = static_cast<std::uint64_t>(r.column_int(7));
  return entry;
}

Error not_in_outbox(const domain::ReportId& id) {
  return make_error(kErrorNotFound, "no outbox row for report " + id.to_string());
}

}  // namespace

std::string_view to_string(OutboxState state) {
  switch (state) {
    case OutboxState::queued: return "queued";
    case OutboxState::sending: return "sending";
    case OutboxState::delivered: return "delivered";
    case OutboxState::rejected: return "rejected";
  }
  return "queued";
}

std::optional<OutboxState> parse_outbox_state(std::string_view text) {
  for (auto state :
       {OutboxState::queued, OutboxState::sending, OutboxState::delivered, OutboxState::rejected}) {
    if (text == to_string(state)) return state;
  }
  return std::nullopt;
}

Result<std::optional<OutboxEntry>> LocalStore::load_outbox_entry(const domain::ReportId& id) {
  auto stmt =
      db_.prepare("SELECT " + std::string(kOutboxColumns) + " FROM outbox WHERE report_id = ?1");
  if (!stmt) return stmt.error();
  auto row = stmt.value().bind_blob(1, id_blob(id)).step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<OutboxEntry>();
  auto entry = read_outbox_row(stmt.value());
  if (!entry) return entry.error();
  stmt.value().reset();
  if (entry.value().state == OutboxState::rejected) {
    auto problems = db_.prepare(
        "SELECT field, code FROM rejection_problems WHERE report_id = ?1 ORDER BY position");
    if (!problems) return problems.error();
    problems.value().bind_blob(1, id_blob(id));
    for (;;) {
      auto next = problems.value().step();
      if (!next) return next.error();
      if (!next.value()) break;
      entry.value().problems.push_back(
          {problems.value().column_text(0), problems.value().column_text(1)});
    }
  }
  return std::optional<OutboxEntry>(std::move(entry).value());
}

Result<std::optional<OutboxEntry>> LocalStore::outbox_entry(const domain::ReportId& id) {
  return load_outbox_entry(id);
}

Result<OutboxCounts> LocalStore::outbox_counts() {
  auto stmt = db_.prepare("SELECT state, count(*) FROM outbox GROUP BY state");
  if (!stmt) return stmt.error();
  OutboxCounts counts;
  for (;;) {
    auto row = stmt.value().step();
    if (!row) return row.error();
    if (!row.value()) return counts;
    auto state = parse_outbox_state(stmt.value().column_text(0));
    int n = static_cast<int>(stmt.value().column_int(1));
    if (!state) return make_error(kErrorCorrupt, "outbox state " + stmt.value().column_text(0));
    switch (*state) {
      case OutboxState::queued: counts.queued = n; break;
      case OutboxState::sending: counts.sending = n; break;
      case OutboxState::delivered: counts.delivered = n; break;
      case OutboxState::rejected: counts.rejected = n; break;
    }
  }
}

Result<std::vector<OutboxEntry>> LocalStore::pending_batch(Timestamp now, std::size_t max_count,
                                                           std::uint64_t max_bytes) {
  std::vector<OutboxEntry> batch;
  if (max_count == 0) return batch;
  // The literal state = 'queued' lets SQLite walk the partial index outbox_queued in order.
  auto stmt = db_.prepare("SELECT " + std::string(kOutboxColumns) +
                          " FROM outbox WHERE state = 'queued' AND next_attempt_at <= ?1 "
                          "ORDER BY seq");
  if (!stmt) return stmt.error();
  stmt.value().bind_int(1, now);
  std::uint64_t total = 0;
  while (batch.size() < max_count) {
    auto row = stmt.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    auto entry = read_outbox_row(stmt.value());
    if (!entry) return entry.error();
    std::uint64_t bytes = entry.value().payload_bytes;
    // Stop at the first row that does not fit rather than skipping to smaller ones: reports
    // go out in the order they were sent, and the next batch starts with this one.
    if (!batch.empty() && (bytes > max_bytes || total > max_bytes - bytes)) break;
    total += bytes;
    batch.push_back(std::move(entry).value());
  }
  return batch;
}

Status LocalStore::transition(const OutboxEntry& entry, std::initializer_list<OutboxState> from,
                              OutboxState to, std::string_view action, std::string_view error,
                              Timestamp next_attempt_at, Timestamp now) {
  const domain::ReportId& id = entry.report_id;
  OutboxState state = entry.state;
  bool allowed = false;
  for (OutboxState s : from) allowed = allowed || s == state;
  if (!allowed) {
    return make_error(kErrorInvalidState, std::string(action) + " of report " + id.to_string() +
                                              " in state " + std::string(to_string(state)));
  }
  auto stmt = db_.prepare(
      "UPDATE outbox SET state = ?2, attempts = attempts + ?3, next_attempt_at = ?4, "
      "updated_at = ?5, last_error = ?6 WHERE report_id = ?1");
  if (!stmt) return stmt.error();
  return stmt.value()
      .bind_blob(1, id_blob(id))
      .bind_text(2, to_string(to))
      .bind_int(3, to == OutboxState::sending ? 1 : 0)
      .bind_int(4, next_attempt_at)
      .bind_int(5, now)
      .bind_text(6, error)
      .run();
}

Status LocalStore::mark_sending(std::span<const domain::ReportId> ids, Timestamp now) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  for (const domain::ReportId& id : ids) {
    auto entry = load_outbox_entry(id);
    if (!entry) return entry.error();
    if (!entry.value()) return not_in_outbox(id);
    // A send keeps the last error visible until the outcome is known.
    auto s = transition(*entry.value(), {OutboxState::queued}, OutboxState::sending, "send",
                        entry.value()->last_error, entry.value()->next_attempt_at, now);
    if (!s) return s;
  }
  return tx.value().commit();
}

Status LocalStore::mark_failed(const domain::ReportId& id, std::string_view error,
                               Timestamp next_attempt_at, Timestamp now) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto entry = load_outbox_entry(id);
  if (!entry) return entry.error();
  if (!entry.value()) return not_in_outbox(id);
  auto s = transition(*entry.value(), {OutboxState::sending}, OutboxState::queued, "failure", error,
                      next_attempt_at, now);
  if (!s) return s;
  return tx.value().commit();
}

Status LocalStore::mark_delivered(const domain::ReportId& id, std::string_view tracking_code,
                                  Timestamp received_at, Timestamp now) {
  if (tracking_code.empty()) return make_error(kErrorInvalidArgument, "ack without a code");
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto entry = load_outbox_entry(id);
  if (!entry) return entry.error();
  if (!entry.value()) return not_in_outbox(id);
  if (entry.value()->state == OutboxState::delivered) {
    // The same ack again (a retried request the server answered twice) is fine; another
    // code for the same report means something is badly wrong and must not be papered over.
    auto saved = report(id);
    if (!saved) return saved.error();
    if (saved.value() && saved.value()->tracking_code == tracking_code) return done();
    return make_error(kErrorInvalidState, "report " + id.to_string() + " acked with two codes");
  }
  auto s = transition(*entry.value(), {OutboxState::queued, OutboxState::sending},
                      OutboxState::delivered, "delivery", "", entry.value()->next_attempt_at, now);
  if (!s) return s;
  auto stmt = db_.prepare("UPDATE reports SET tracking_code = ?2, received_at = ?3 WHERE id = ?1");
  if (!stmt) return stmt.error();
  auto updated = stmt.value()
                     .bind_blob(1, id_blob(id))
                     .bind_text(2, tracking_code)
                     .bind_int(3, received_at)
                     .run();
  if (!updated) return updated;
  return tx.value().commit();
}

Status LocalStore::mark_rejected(const domain::ReportId& id, std::string_view reason,
                                 std::span<const RejectionProblem> problems, Timestamp now) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto entry = load_outbox_entry(id);
  if (!entry) return entry.error();
  if (!entry.value()) return not_in_outbox(id);
  auto s =
      transition(*entry.value(), {OutboxState::queued, OutboxState::sending}, OutboxState::rejected,
                 "rejection", reason, entry.value()->next_attempt_at, now);
  if (!s) return s;
  auto insert = db_.prepare(
      "INSERT INTO rejection_problems (report_id, position, field, code) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  for (std::size_t i = 0; i < problems.size(); ++i) {
    insert.value().reset();
    auto row = insert.value()
                   .bind_blob(1, id_blob(id))
                   .bind_int(2, static_cast<std::int64_t>(i))
                   .bind_text(3, problems[i].field)
                   .bind_text(4, problems[i].code)
                   .run();
    if (!row) return row;
  }
  // Photos of a report the server refused can never be uploaded: they stop counting as
  // waiting. Their bytes stay, for a corrected report, until the report is forgotten.
  auto photos = db_.prepare(
      "UPDATE attachments SET upload_state = 'refused', upload_error = 'report refused' "
      "WHERE report_id = ?1 AND upload_state = 'pending'");
  if (!photos) return photos.error();
  if (auto refused = photos.value().bind_blob(1, id_blob(id)).run(); !refused) return refused;
  return tx.value().commit();
}

Status LocalStore::retry_now(const domain::ReportId& id, Timestamp now) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto entry = load_outbox_entry(id);
  if (!entry) return entry.error();
  if (!entry.value()) return not_in_outbox(id);
  auto s = transition(*entry.value(), {OutboxState::queued}, OutboxState::queued, "retry",
                      entry.value()->last_error, now, now);
  if (!s) return s;
  return tx.value().commit();
}

Result<int> LocalStore::retry_all_now(Timestamp now) {
  auto stmt = db_.prepare(
      "UPDATE outbox SET next_attempt_at = ?1, updated_at = ?1 "
      "WHERE state = 'queued' AND next_attempt_at > ?1");
  if (!stmt) return stmt.error();
  if (auto s = stmt.value().bind_int(1, now).run(); !s) return s.error();
  return static_cast<int>(db_.changes());
}

Result<int> LocalStore::requeue_interrupted(Timestamp now) {
  auto stmt = db_.prepare(
      "UPDATE outbox SET state = 'queued', next_attempt_at = ?1, updated_at = ?1, "
      "last_error = 'interrupted' WHERE state = 'sending'");
  if (!stmt) return stmt.error();
  if (auto s = stmt.value().bind_int(1, now).run(); !s) return s.error();
  return static_cast<int>(db_.changes());
}

}  // namespace aduan::store
