// core/store/server_store_sms.cpp: the SQL of the SMS channel (server schema v9).
//
// Owns the inbound record (each message once), who may act on a report by SMS, the numbers that
// said BERHENTI, and the outbox with its leases. Does not decide what a message says or whether
// it may be sent (shell/server/sms); it only keeps the facts those decisions read, in the
// transaction of whoever calls. A lease is a plain UPDATE guarded by its own WHERE: two senders
// (two server processes on one database) can never both take the same message.
#include <algorithm>
#include <tuple>

#include "core/store/codec.h"
#include "core/store/server_store.h"

namespace aduan::store {

Result<std::string> ServerStore::sms_number_key() {
  auto query = db_->prepare("SELECT value FROM server_secrets WHERE name = 'sms_number_key'");
  if (!query) return query.error();
  auto row = query.value().step();
  if (!row) return row.error();
  if (!row.value()) return make_error(kErrorNotFound, "the SMS number key is missing");
  return query.value().column_text(0);
}

Result<bool> ServerStore::sms_inbound_seen(std::string_view message_key,
                                           std::string_view sender_hash, std::string_view text_hash,
                                           domain::Timestamp since) {
  auto query = db_->prepare(
      "SELECT EXISTS (SELECT 1 FROM sms_inbound WHERE message_key = ?1) OR EXISTS (SELECT 1 FROM "
      "sms_inbound WHERE sender_hash = ?2 AND received_at >= ?4 AND text_hash = ?3)");
  if (!query) return query.error();
  auto row = query.value()
                 .bind_text(1, message_key)
                 .bind_text(2, sender_hash)
                 .bind_text(3, text_hash)
                 .bind_int(4, since)
                 .step();
  if (!row) return row.error();
  return row.value() && query.value().column_int(0) != 0;
}

Status ServerStore::record_sms_inbound(const SmsInbound& message) {
  auto insert = db_->prepare(
      "INSERT INTO sms_inbound (message_key, sender_hash, text_hash, received_at, command, "
      "report_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (message_key) DO NOTHING");
  if (!insert) return insert.error();
  auto& statement = insert.value()
                        .bind_text(1, message.message_key)
                        .bind_text(2, message.sender_hash)
                        .bind_text(3, message.text_hash)
                        .bind_int(4, message.received_at)
                        .bind_text(5, message.command);
  if (message.report_id) statement.bind_blob(6, id_blob(*message.report_id));
  if (auto ran = statement.run(); !ran) return ran;
  if (db_->changes() == 0) return make_error(kErrorConflict, "this message was recorded already");
  return done();
}

Status ServerStore::set_sms_reporter(const domain::ReportId& report, std::string_view sender_hash) {
  auto insert = db_->prepare(
      "INSERT INTO sms_reporters (report_id, sender_hash) VALUES (?1, ?2) "
      "ON CONFLICT (report_id) DO NOTHING");
  if (!insert) return insert.error();
  return insert.value().bind_blob(1, id_blob(report)).bind_text(2, sender_hash).run();
}

Result<std::optional<std::string>> ServerStore::sms_reporter(const domain::ReportId& report) {
  auto query = db_->prepare("SELECT sender_hash FROM sms_reporters WHERE report_id = ?1");
  if (!query) return query.error();
  auto row = query.value().bind_blob(1, id_blob(report)).step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<std::string>{};
  return std::optional<std::string>{query.value().column_text(0)};
}

Status ServerStore::stop_sms(std::string_view sender_hash, domain::Timestamp at) {
  auto insert = db_->prepare(
      "INSERT INTO sms_stopped (sender_hash, stopped_at) VALUES (?1, ?2) "
      "ON CONFLICT (sender_hash) DO NOTHING");
  if (!insert) return insert.error();
  return insert.value().bind_text(1, sender_hash).bind_int(2, at).run();
}

Result<bool> ServerStore::sms_stopped(std::string_view sender_hash) {
  auto query = db_->prepare("SELECT 1 FROM sms_stopped WHERE sender_hash = ?1");
  if (!query) return query.error();
  auto row = query.value().bind_text(1, sender_hash).step();
  if (!row) return row.error();
  return row.value();
}

Status ServerStore::enqueue_sms(const SmsOutgoing& message, domain::Timestamp send_at) {
  auto insert = db_->prepare(
      "INSERT INTO sms_outbox (id, to_number, to_hash, text, reason, report_id, created_at, "
      "state, attempts, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', 0, ?8) "
      "ON CONFLICT (id) DO NOTHING");
  if (!insert) return insert.error();
  auto& statement = insert.value()
                        .bind_text(1, message.id)
                        .bind_text(2, message.to_number)
                        .bind_text(3, message.to_hash)
                        .bind_text(4, message.text)
                        .bind_text(5, message.reason)
                        .bind_int(7, message.created_at)
                        .bind_int(8, send_at);
  if (message.report_id) statement.bind_blob(6, id_blob(*message.report_id));
  return statement.run();
}

Result<std::int64_t> ServerStore::sms_replies_for(std::string_view to_hash,
                                                  domain::Timestamp since) {
  auto query = db_->prepare(
      "SELECT count(*) FROM sms_outbox WHERE to_hash = ?1 AND created_at >= ?2 AND reason = "
      "'reply'");
  if (!query) return query.error();
  auto row = query.value().bind_text(1, to_hash).bind_int(2, since).step();
  if (!row) return row.error();
  return query.value().column_int(0);
}

Result<std::vector<SmsOutgoing>> ServerStore::lease_due_sms(std::string_view owner,
                                                            domain::Timestamp now,
                                                            domain::Timestamp lease_until,
                                                            std::size_t limit) {
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  auto lease = db_->prepare(
      "UPDATE sms_outbox SET lease_owner = ?1, lease_until = ?3 WHERE id IN (SELECT id FROM "
      "sms_outbox WHERE state = 'queued' AND next_attempt_at <= ?2 AND (lease_until IS NULL OR "
      "lease_until < ?2) ORDER BY next_attempt_at, id LIMIT ?4) "
      "RETURNING id, to_number, to_hash, text, reason, report_id, created_at, attempts, "
      "next_attempt_at");
  if (!lease) return lease.error();
  auto& statement = lease.value()
                        .bind_text(1, owner)
                        .bind_int(2, now)
                        .bind_int(3, lease_until)
                        .bind_int(4, static_cast<std::int64_t>(limit));
  // RETURNING's rows come in no set order on PostgreSQL: sorted here as the lease chose them,
  // so a report's news is sent in the order it happened.
  std::vector<std::pair<std::int64_t, SmsOutgoing>> leased;
  for (;;) {
    auto row = statement.step();
    if (!row) return row.error();
    if (!row.value()) break;
    SmsOutgoing message{statement.column_text(0), statement.column_text(1),
                        statement.column_text(2), statement.column_text(3),
                        statement.column_text(4), std::nullopt,
                        statement.column_int(6),  static_cast<int>(statement.column_int(7))};
    if (!statement.column_is_null(5)) {
      auto id = report_id_from_blob(statement.column_blob(5));
      if (id) message.report_id = id.value();
    }
    leased.emplace_back(statement.column_int(8), std::move(message));
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  std::sort(leased.begin(), leased.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.id) < std::tie(b.first, b.second.id);
  });
  std::vector<SmsOutgoing> in_order;
  for (auto& [due, message] : leased) in_order.push_back(std::move(message));
  return in_order;
}

Status ServerStore::sms_sent(std::string_view id, std::string_view owner, domain::Timestamp at) {
  auto update = db_->prepare(
      "UPDATE sms_outbox SET state = 'sent', to_number = NULL, sent_at = ?3, attempts = attempts "
      "+ 1, lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND lease_owner = ?2 AND state "
      "= 'queued'");
  if (!update) return update.error();
  auto ran = update.value().bind_text(1, id).bind_text(2, owner).bind_int(3, at).run();
  if (!ran) return ran;
  if (db_->changes() == 0) return make_error(kErrorConflict, "the message's lease was lost");
  return done();
}

Status ServerStore::sms_not_sent(std::string_view id, std::string_view owner,
                                 domain::Timestamp retry_at, std::string_view error) {
  auto update = db_->prepare(
      retry_at > 0
          ? "UPDATE sms_outbox SET attempts = attempts + 1, next_attempt_at = ?3, last_error = ?4, "
            "lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND lease_owner = ?2 AND state = "
            "'queued'"
          : "UPDATE sms_outbox SET state = 'failed', to_number = NULL, attempts = attempts + 1, "
            "last_error = ?4, lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND lease_owner "
            "= ?2 AND state = 'queued' AND ?3 = 0");  // ?3 is bound either way
  if (!update) return update.error();
  auto ran = update.value()
                 .bind_text(1, id)
                 .bind_text(2, owner)
                 .bind_int(3, retry_at)
                 .bind_text(4, error)
                 .run();
  if (!ran) return ran;
  if (db_->changes() == 0) return make_error(kErrorConflict, "the message's lease was lost");
  return done();
}

Result<SmsQueueStats> ServerStore::sms_queue_stats() {
  auto query = db_->prepare(
      "SELECT coalesce(sum(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN state = 'sent' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) FROM sms_outbox");
  if (!query) return query.error();
  auto row = query.value().step();
  if (!row) return row.error();
  return SmsQueueStats{query.value().column_int(0), query.value().column_int(1),
                       query.value().column_int(2)};
}

}  // namespace aduan::store
