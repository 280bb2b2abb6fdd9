// core/store/local_store_reports.cpp: submitted reports and their rows (local_store.h).
//
// The column mapping of domain::Report is here and only here: one report row, one row per
// attachment in the citizen's order (their bytes: local_store_attachments.cpp). Reading back
// rebuilds the exact Report that was saved; a row that cannot be read back (unknown enum name, bad
// id) is "store.corrupt" rather than a report with silently different content.
#include <utility>

#include "core/store/codec.h"
#include "core/store/local_store.h"

namespace aduan::store {
namespace {

Error corrupt_report(std::string_view why) {
  return make_error(kErrorCorrupt, "report row: " + std::string(why));
}

Result<domain::Report> read_report_row(const Statement& r) {
  return read_report_columns(r, "report row");
}

}  // namespace

Status LocalStore::insert_report(const domain::Report& report, bool with_content) {
  auto stmt = db_.prepare(
      "INSERT INTO reports (" + std::string(kReportColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
      "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)");
  if (!stmt) return stmt.error();
  Statement& s = stmt.value();
  bind_report_columns(s, report).bind_optional_int(23, report.received_at);
  if (auto done_report = s.run(); !done_report) return done_report;

  auto attachment = db_.prepare(
      "INSERT INTO attachments (report_id, position, id, media_type, size_bytes, sha256_hex, "
      "upload_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!attachment) return attachment.error();
  for (std::size_t i = 0; i < report.attachments.size(); ++i) {
    const domain::Attachment& a = report.attachments[i];
    auto size = to_column(a.size_bytes, "attachment size");
    if (!size) return size.error();
    Statement& row = attachment.value();
    row.reset();
    auto done_row =
        row.bind_blob(1, id_blob(report.id))
            .bind_int(2, static_cast<std::int64_t>(i))
            .bind_text(3, a.id)
            .bind_text(4, a.media_type)
            .bind_int(5, size.value())
            .bind_text(6, a.sha256_hex)
            .bind_text(7, to_string(with_content ? UploadState::pending : UploadState::absent))
            .run();
    if (!done_row) return done_row;
  }
  return done();
}

Result<std::optional<domain::Report>> LocalStore::load_report(
    std::string_view where, std::string_view key, std::span<const std::uint8_t> key_blob) {
  auto stmt = db_.prepare("SELECT " + std::string(kReportColumns) + " FROM reports WHERE " +
                          std::string(where) + " ORDER BY seq LIMIT 1");
  if (!stmt) return stmt.error();
  if (key_blob.empty()) {
    stmt.value().bind_text(1, key);
  } else {
    stmt.value().bind_blob(1, key_blob);
  }
  auto row = stmt.value().step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<domain::Report>();
  auto report = read_report_row(stmt.value());
  if (!report) return report.error();
  stmt.value().reset();  // ends the read before the next query

  auto attachments = db_.prepare(
      "SELECT id, media_type, size_bytes, sha256_hex FROM attachments WHERE report_id = ?1 "
      "ORDER BY position");
  if (!attachments) return attachments.error();
  attachments.value().bind_blob(1, id_blob(report.value().id));
  for (;;) {
    auto next = attachments.value().step();
    if (!next) return next.error();
    if (!next.value()) break;
    const Statement& a = attachments.value();
    report.value().attachments.push_back(
        domain::Attachment{a.column_text(0), a.column_text(1),
                           static_cast<std::uint64_t>(a.column_int(2)), a.column_text(3)});
  }
  return std::optional<domain::Report>(std::move(report).value());
}

Status LocalStore::save_report(const domain::Report& report, std::uint64_t payload_bytes,
                               Timestamp now, std::string_view draft_id) {
  return save_report_rows(report, std::nullopt, payload_bytes, now, draft_id);
}

Status LocalStore::save_report(const domain::Report& report,
                               std::span<const AttachmentContent> contents,
                               std::uint64_t payload_bytes, Timestamp now,
                               std::string_view draft_id) {
  return save_report_rows(report, contents, payload_bytes, now, draft_id);
}

Status LocalStore::save_report_rows(const domain::Report& report,
                                    std::optional<std::span<const AttachmentContent>> contents,
                                    std::uint64_t payload_bytes, Timestamp now,
                                    std::string_view draft_id) {
  if (report.id.is_nil()) return make_error(kErrorInvalidArgument, "report without an id");
  auto bytes = to_column(payload_bytes, "payload size");
  if (!bytes) return bytes.error();
  // Every byte is checked before the first write: hashing a photo takes milliseconds, and a
  // refused photo then costs no rollback of pages already written.
  if (contents) {
    if (auto s = check_contents(report, *contents); !s) return s;
  }
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();

  auto existing = this->report(report.id);
  if (!existing) return existing.error();
  if (existing.value()) {
    if (existing.value()->same_content(report)) return done();  // a second tap on "Kirim"
    return make_error(kErrorConflict,
                      "report " + report.id.to_string() + " is already saved with other content");
  }
  if (auto s = insert_report(report, contents.has_value()); !s) return s;
  if (contents) {
    for (const AttachmentContent& content : *contents) {
      if (auto s = insert_content(report.id, content); !s) return s;
    }
  }
  auto outbox = db_.prepare(
      "INSERT INTO outbox (report_id, state, attempts, queued_at, next_attempt_at, updated_at, "
      "payload_bytes) VALUES (?1, 'queued', 0, ?2, ?2, ?2, ?3)");
  if (!outbox) return outbox.error();
  auto queued = outbox.value()
                    .bind_blob(1, id_blob(report.id))
                    .bind_int(2, now)
                    .bind_int(3, bytes.value())
                    .run();
  if (!queued) return queued;
  if (!draft_id.empty()) {
    if (auto s = delete_draft(draft_id); !s) return s;
  }
  return tx.value().commit();
}

Status LocalStore::save_claimed_report(const domain::Report& report,
                                       std::span<const TimelineEvent> events, Timestamp now) {
  if (report.id.is_nil() || report.tracking_code.empty())
    return make_error(kErrorInvalidArgument, "a claimed report needs its id and tracking code");
  for (const TimelineEvent& event : events) {
    if (!(event.report_id == report.id))
      return make_error(kErrorInvalidArgument, "an event of another report");
  }
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto existing = this->report(report.id);
  if (!existing) return existing.error();
  if (!existing.value()) {
    // Only what the receipt's holder was given: no attachments (their bytes are the
    // server's), so the sync engine finds nothing of it to send.
    domain::Report kept = report;
    kept.attachments.clear();
    if (auto s = insert_report(kept, false); !s) return s;
    auto outbox = db_.prepare(
        "INSERT INTO outbox (report_id, state, attempts, queued_at, next_attempt_at, updated_at, "
        "payload_bytes) VALUES (?1, 'delivered', 0, ?2, ?2, ?2, 0)");
    if (!outbox) return outbox.error();
    if (auto s = outbox.value().bind_blob(1, id_blob(report.id)).bind_int(2, now).run(); !s)
      return s;
  }
  if (auto added = insert_events(events); !added) return added.error();
  return tx.value().commit();
}

Result<std::optional<domain::Report>> LocalStore::report(const domain::ReportId& id) {
  return load_report("id = ?1", {}, id_blob(id));
}

Result<std::optional<domain::Report>> LocalStore::report_by_tracking_code(std::string_view code) {
  // An empty code is what an unsent report may have; it names no report.
  if (code.empty()) return std::optional<domain::Report>();
  return load_report("tracking_code = ?1 AND tracking_code <> ''", code, {});
}

Result<std::vector<ReportSummary>> LocalStore::my_reports(std::size_t limit, std::size_t offset) {
  auto stmt = db_.prepare(
      "SELECT r.id, r.tracking_code, r.title, r.classification, r.created_at, r.received_at, "
      "o.state FROM reports r JOIN outbox o ON o.report_id = r.id "
      "ORDER BY r.created_at DESC, r.seq DESC LIMIT ?1 OFFSET ?2");
  if (!stmt) return stmt.error();
  stmt.value()
      .bind_int(1, static_cast<std::int64_t>(limit))
      .bind_int(2, static_cast<std::int64_t>(offset));
  std::vector<ReportSummary> out;
  for (;;) {
    auto row = stmt.value().step();
    if (!row) return row.error();
    if (!row.value()) return out;
    const Statement& r = stmt.value();
    auto id = report_id_from_blob(r.column_blob(0));
    if (!id) return id.error();
    auto classification = domain::parse_classification(r.column_text(3));
    auto state = parse_outbox_state(r.column_text(6));
    if (!classification || !state) return corrupt_report("summary of " + id.value().to_string());
    out.push_back(ReportSummary{id.value(), r.column_text(1), r.column_text(2), *classification,
                                r.column_int(4), r.column_optional_int(5), *state});
  }
}

Status LocalStore::forget_report(const domain::ReportId& id) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto entry = load_outbox_entry(id);
  if (!entry) return entry.error();
  if (!entry.value()) return make_error(kErrorNotFound, "report " + id.to_string());
  auto state = entry.value()->state;
  if (state == OutboxState::queued || state == OutboxState::sending) {
    return make_error(kErrorInvalidState, "report " + id.to_string() + " is not sent yet");
  }
  auto uploads = report_uploads(id);
  if (!uploads) return uploads.error();
  if (uploads.value().pending > 0) {
    return make_error(kErrorInvalidState,
                      "report " + id.to_string() + " has attachments not uploaded yet");
  }
  // Every row of the report by name, children before their parents. The schema's ON DELETE
  // CASCADE would take the first four, but the browser's SQLite enforces no foreign keys (it is
  // built without triggers: cmake/ThirdParty.cmake). Timelines have no foreign key at all.
  for (std::string_view sql :
       {"DELETE FROM attachment_content WHERE report_id = ?1",
        "DELETE FROM attachments WHERE report_id = ?1",
        "DELETE FROM rejection_problems WHERE report_id = ?1",
        "DELETE FROM outbox WHERE report_id = ?1", "DELETE FROM reports WHERE id = ?1",
        "DELETE FROM timeline_events WHERE report_id = ?1"}) {
    auto stmt = db_.prepare(sql);
    if (!stmt) return stmt.error();
    if (auto s = stmt.value().bind_blob(1, id_blob(id)).run(); !s) return s;
  }
  return tx.value().commit();
}

}  // namespace aduan::store
