// core/store/local_store_attachments.cpp: the bytes of attachments and their upload state
// (local_store.h, records.h; schema v2 in client_schema.cpp).
//
// Content is written once, with its report (save_report), in rows of kContentRowBytes, and
// read back a chunk at a time while the sync engine uploads it; nothing rewrites a content
// row. The upload state lives on the attachment row. The store checks that bytes are what the
// report declares (length, SHA-256, the cap) but never decides when to send: core/sync does,
// and tells the store what the server said.
#include <algorithm>
#include <map>
#include <utility>

#include "core/domain/sha256.h"
#include "core/rules/report_rules.h"
#include "core/store/codec.h"
#include "core/store/local_store.h"

namespace aduan::store {
namespace {

std::string attachment_name(const domain::ReportId& id, std::string_view attachment_id) {
  return "attachment " + std::string(attachment_id) + " of report " + id.to_string();
}

Error no_attachment(const domain::ReportId& id, std::string_view attachment_id) {
  return make_error(kErrorNotFound, attachment_name(id, attachment_id));
}

Result<UploadState> read_state(const Statement& row, int column) {
  auto state = parse_upload_state(row.column_text(column));
  if (!state) return make_error(kErrorCorrupt, "upload state " + row.column_text(column));
  return *state;
}

}  // namespace

std::string_view to_string(UploadState state) {
  switch (state) {
    case UploadState::absent: return "absent";
    case UploadState::pending: return "pending";
    case UploadState::done: return "done";
    case UploadState::refused: return "refused";
  }
  return "absent";
}

std::optional<UploadState> parse_upload_state(std::string_view text) {
  for (auto state :
       {UploadState::absent, UploadState::pending, UploadState::done, UploadState::refused}) {
    if (text == to_string(state)) return state;
  }
  return std::nullopt;
}

// ---- Saving content with its report ---------------------------------------------------------

Status LocalStore::check_contents(const domain::Report& report,
                                  std::span<const AttachmentContent> contents) {
  std::map<std::string_view, const AttachmentContent*> by_id;
  for (const AttachmentContent& content : contents) {
    const bool declared =
        std::any_of(report.attachments.begin(), report.attachments.end(),
                    [&](const domain::Attachment& a) { return a.id == content.attachment_id; });
    if (!declared) {
      return make_error(kErrorAttachmentUnknown, attachment_name(report.id, content.attachment_id) +
                                                     ": the report declares no such attachment");
    }
    if (!by_id.emplace(content.attachment_id, &content).second) {
      return make_error(kErrorAttachmentUnknown, attachment_name(report.id, content.attachment_id) +
                                                     ": content given twice");
    }
  }
  for (const domain::Attachment& a : report.attachments) {
    const std::string name = attachment_name(report.id, a.id);
    auto found = by_id.find(a.id);
    if (found == by_id.end()) {
      return make_error(kErrorAttachmentMissing, name + ": no content given");
    }
    const auto bytes = found->second->bytes;
    // The cap first: a file far too large is refused without hashing it.
    if (bytes.size() > rules::kMaxAttachmentBytes || a.size_bytes > rules::kMaxAttachmentBytes) {
      return make_error(kErrorAttachmentTooLarge,
                        name + ": " +
                            std::to_string(std::max<std::uint64_t>(bytes.size(), a.size_bytes)) +
                            " bytes, at most " + std::to_string(rules::kMaxAttachmentBytes));
    }
    if (bytes.empty() || bytes.size() != a.size_bytes) {
      return make_error(kErrorAttachmentSize, name + ": " + std::to_string(bytes.size()) +
                                                  " bytes given, " + std::to_string(a.size_bytes) +
                                                  " declared");
    }
    if (domain::sha256_hex(bytes) != a.sha256_hex) {
      return make_error(kErrorAttachmentHash,
                        name + ": the bytes do not match the declared SHA-256");
    }
  }
  return done();
}

Status LocalStore::insert_content(const domain::ReportId& id, const AttachmentContent& content) {
  auto insert = db_.prepare(
      "INSERT INTO attachment_content (report_id, attachment_id, start, bytes) "
      "VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  for (std::size_t start = 0; start < content.bytes.size(); start += kContentRowBytes) {
    const std::size_t length = std::min(kContentRowBytes, content.bytes.size() - start);
    Statement& row = insert.value();
    row.reset();
    auto s = row.bind_blob(1, id_blob(id))
                 .bind_text(2, content.attachment_id)
                 .bind_int(3, static_cast<std::int64_t>(start))
                 .bind_blob(4, content.bytes.subspan(start, length))
                 .run();
    if (!s) return s;
  }
  return done();
}

// ---- Reading state ---------------------------------------------------------------------------

Result<std::vector<UploadProgress>> LocalStore::upload_progress(const domain::ReportId& id) {
  auto stmt = db_.prepare(
      "SELECT a.id, a.size_bytes, a.bytes_sent, a.upload_state, a.upload_error, "
      "EXISTS (SELECT 1 FROM attachment_content c WHERE c.report_id = a.report_id "
      "AND c.attachment_id = a.id) FROM attachments a WHERE a.report_id = ?1 ORDER BY a.position");
  if (!stmt) return stmt.error();
  stmt.value().bind_blob(1, id_blob(id));
  std::vector<UploadProgress> out;
  for (;;) {
    auto row = stmt.value().step();
    if (!row) return row.error();
    if (!row.value()) return out;
    const Statement& r = stmt.value();
    auto state = read_state(r, 3);
    if (!state) return state.error();
    out.push_back({r.column_text(0), static_cast<std::uint64_t>(r.column_int(1)),
                   static_cast<std::uint64_t>(r.column_int(2)), state.value(), r.column_text(4),
                   r.column_int(5) != 0});
  }
}

Result<ReportUploads> LocalStore::report_uploads(const domain::ReportId& id) {
  auto attachments = upload_progress(id);
  if (!attachments) return attachments.error();
  ReportUploads out;
  out.report_id = id;
  for (const UploadProgress& a : attachments.value()) {
    ++out.attachments;
    switch (a.state) {
      case UploadState::absent: ++out.absent; break;
      case UploadState::pending: ++out.pending; break;
      case UploadState::done: ++out.done; break;
      case UploadState::refused: ++out.refused; break;
    }
    if (a.state == UploadState::pending || a.state == UploadState::done) {
      out.total_bytes += a.size_bytes;
      out.sent_bytes += a.state == UploadState::done ? a.size_bytes : a.bytes_sent;
    }
    if (out.last_error.empty()) out.last_error = a.last_error;
  }
  return out;
}

Result<std::vector<ReportUploads>> LocalStore::unfinished_uploads() {
  auto stmt = db_.prepare(
      "SELECT DISTINCT o.seq, o.report_id FROM attachments a "
      "JOIN outbox o ON o.report_id = a.report_id WHERE a.upload_state = 'pending' "
      "ORDER BY o.seq");
  if (!stmt) return stmt.error();
  std::vector<domain::ReportId> ids;
  for (;;) {
    auto row = stmt.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    auto id = report_id_from_blob(stmt.value().column_blob(1));
    if (!id) return id.error();
    ids.push_back(id.value());
  }
  stmt.value().reset();
  std::vector<ReportUploads> out;
  for (const domain::ReportId& id : ids) {
    auto uploads = report_uploads(id);
    if (!uploads) return uploads.error();
    out.push_back(std::move(uploads).value());
  }
  return out;
}

Result<UploadTotals> LocalStore::upload_totals() {
  auto stmt = db_.prepare(
      "SELECT count(*), coalesce(sum(size_bytes), 0), coalesce(sum(bytes_sent), 0) "
      "FROM attachments WHERE upload_state = 'pending'");
  if (!stmt) return stmt.error();
  auto row = stmt.value().step();
  if (!row) return row.error();
  const Statement& r = stmt.value();
  return UploadTotals{static_cast<int>(r.column_int(0)),
                      static_cast<std::uint64_t>(r.column_int(1)),
                      static_cast<std::uint64_t>(r.column_int(2))};
}

Result<std::optional<UploadTask>> LocalStore::next_upload(Timestamp now) {
  // The literal state lets SQLite walk the partial index attachments_to_upload.
  auto stmt = db_.prepare(
      "SELECT a.report_id, a.id, a.size_bytes, a.sha256_hex, a.bytes_sent, a.upload_attempts "
      "FROM attachments a JOIN outbox o ON o.report_id = a.report_id "
      "WHERE a.upload_state = 'pending' AND a.next_upload_at <= ?1 AND o.state = 'delivered' "
      "ORDER BY o.seq, a.position LIMIT 1");
  if (!stmt) return stmt.error();
  auto row = stmt.value().bind_int(1, now).step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<UploadTask>();
  const Statement& r = stmt.value();
  auto id = report_id_from_blob(r.column_blob(0));
  if (!id) return id.error();
  return std::optional<UploadTask>(UploadTask{
      id.value(), r.column_text(1), static_cast<std::uint64_t>(r.column_int(2)), r.column_text(3),
      static_cast<std::uint64_t>(r.column_int(4)), static_cast<int>(r.column_int(5))});
}

Result<std::optional<Timestamp>> LocalStore::next_upload_due() {
  auto stmt = db_.prepare(
      "SELECT min(a.next_upload_at) FROM attachments a JOIN outbox o ON o.report_id = a.report_id "
      "WHERE a.upload_state = 'pending' AND o.state = 'delivered'");
  if (!stmt) return stmt.error();
  auto row = stmt.value().step();
  if (!row) return row.error();
  return stmt.value().column_optional_int(0);
}

Result<std::vector<std::uint8_t>> LocalStore::attachment_content(const domain::ReportId& id,
                                                                 std::string_view attachment_id,
                                                                 std::uint64_t offset,
                                                                 std::size_t max_bytes) {
  auto size = db_.prepare("SELECT size_bytes FROM attachments WHERE report_id = ?1 AND id = ?2");
  if (!size) return size.error();
  auto found = size.value().bind_blob(1, id_blob(id)).bind_text(2, attachment_id).step();
  if (!found) return found.error();
  if (!found.value()) return no_attachment(id, attachment_id);
  const auto total = static_cast<std::uint64_t>(size.value().column_int(0));
  size.value().reset();
  if (offset > total) {
    return make_error(kErrorInvalidArgument, attachment_name(id, attachment_id) + ": offset " +
                                                 std::to_string(offset) + " past the end");
  }
  const std::uint64_t end = offset + std::min<std::uint64_t>(max_bytes, total - offset);
  std::vector<std::uint8_t> out;
  out.reserve(static_cast<std::size_t>(end - offset));
  if (end == offset) return out;
  // Rows are contiguous and at most kContentRowBytes long, so the row holding `offset`
  // starts less than that before it: the range bounds keep this to one or two rows.
  auto rows = db_.prepare(
      "SELECT start, bytes FROM attachment_content WHERE report_id = ?1 AND attachment_id = ?2 "
      "AND start > ?3 AND start < ?4 ORDER BY start");
  if (!rows) return rows.error();
  rows.value()
      .bind_blob(1, id_blob(id))
      .bind_text(2, attachment_id)
      .bind_int(3, static_cast<std::int64_t>(offset) - static_cast<std::int64_t>(kContentRowBytes))
      .bind_int(4, static_cast<std::int64_t>(end));
  std::uint64_t at = offset;
  bool any = false;
  for (;;) {
    auto row = rows.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    any = true;
    const auto start = static_cast<std::uint64_t>(rows.value().column_int(0));
    auto bytes = rows.value().column_blob(1);
    if (start > at) break;  // a hole: reported below
    const std::uint64_t row_end = start + bytes.size();
    if (row_end <= at) continue;
    const auto from = static_cast<std::size_t>(at - start);
    const auto to = static_cast<std::size_t>(std::min(row_end, end) - start);
    out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(from),
               bytes.begin() + static_cast<std::ptrdiff_t>(to));
    at = start + to;
    if (at == end) return out;
  }
  rows.value().reset();
  auto held = db_.prepare(
      "SELECT EXISTS (SELECT 1 FROM attachment_content WHERE report_id = ?1 "
      "AND attachment_id = ?2)");
  if (!held) return held.error();
  auto any_row = held.value().bind_blob(1, id_blob(id)).bind_text(2, attachment_id).step();
  if (!any_row) return any_row.error();
  if (!any && held.value().column_int(0) == 0) {
    return make_error(kErrorNotFound,
                      attachment_name(id, attachment_id) + ": its bytes are not on this device");
  }
  return make_error(kErrorCorrupt, attachment_name(id, attachment_id) + ": bytes missing at " +
                                       std::to_string(at));
}

Result<bool> LocalStore::content_matches(const domain::ReportId& id,
                                         std::string_view attachment_id) {
  auto declared = db_.prepare(
      "SELECT size_bytes, sha256_hex FROM attachments WHERE report_id = ?1 AND id = ?2");
  if (!declared) return declared.error();
  auto found = declared.value().bind_blob(1, id_blob(id)).bind_text(2, attachment_id).step();
  if (!found) return found.error();
  if (!found.value()) return no_attachment(id, attachment_id);
  const auto size = static_cast<std::uint64_t>(declared.value().column_int(0));
  const std::string sha256 = declared.value().column_text(1);
  declared.value().reset();
  auto rows = db_.prepare(
      "SELECT start, bytes FROM attachment_content WHERE report_id = ?1 AND attachment_id = ?2 "
      "ORDER BY start");
  if (!rows) return rows.error();
  rows.value().bind_blob(1, id_blob(id)).bind_text(2, attachment_id);
  domain::Sha256 hasher;
  std::uint64_t at = 0;
  for (;;) {
    auto row = rows.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    if (static_cast<std::uint64_t>(rows.value().column_int(0)) != at) return false;
    auto bytes = rows.value().column_blob(1);
    hasher.update(bytes);
    at += bytes.size();
  }
  return at == size && domain::to_hex(hasher.finish()) == sha256;
}

// ---- Recording what the server said ---------------------------------------------------------

Status LocalStore::update_upload(const domain::ReportId& id, std::string_view attachment_id,
                                 std::string_view sql, std::string_view error, std::int64_t value) {
  auto stmt = db_.prepare(sql);
  if (!stmt) return stmt.error();
  auto s = stmt.value()
               .bind_blob(1, id_blob(id))
               .bind_text(2, attachment_id)
               .bind_text(3, error)
               .bind_int(4, value)
               .run();
  if (!s) return s;
  if (db_.changes() == 0) return no_attachment(id, attachment_id);
  return done();
}

Status LocalStore::set_upload_progress(const domain::ReportId& id, std::string_view attachment_id,
                                       std::uint64_t bytes_sent) {
  auto sent = to_column(bytes_sent, "bytes sent");
  if (!sent) return sent.error();
  auto s = update_upload(id, attachment_id,
                         "UPDATE attachments SET bytes_sent = ?4, upload_attempts = 0, "
                         "upload_error = ?3 WHERE report_id = ?1 AND id = ?2",
                         "", sent.value());
  // More bytes than the attachment has fails the CHECK: a caller bug, not a disk problem.
  if (!s && s.error().code == kErrorConstraint) {
    return make_error(kErrorInvalidArgument, "bytes_sent beyond the attachment's size");
  }
  return s;
}

Status LocalStore::mark_upload_done(const domain::ReportId& id, std::string_view attachment_id,
                                    bool keep_content) {
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto s = update_upload(id, attachment_id,
                         "UPDATE attachments SET upload_state = 'done', bytes_sent = size_bytes, "
                         "upload_attempts = 0, upload_error = ?3, next_upload_at = ?4 "
                         "WHERE report_id = ?1 AND id = ?2",
                         "", 0);
  if (!s) return s;
  if (!keep_content) {
    auto drop =
        db_.prepare("DELETE FROM attachment_content WHERE report_id = ?1 AND attachment_id = ?2");
    if (!drop) return drop.error();
    if (auto d = drop.value().bind_blob(1, id_blob(id)).bind_text(2, attachment_id).run(); !d) {
      return d;
    }
  }
  return tx.value().commit();
}

Status LocalStore::mark_upload_failed(const domain::ReportId& id, std::string_view attachment_id,
                                      std::string_view error, Timestamp next_attempt_at) {
  return update_upload(id, attachment_id,
                       "UPDATE attachments SET upload_attempts = upload_attempts + 1, "
                       "upload_error = ?3, next_upload_at = ?4 WHERE report_id = ?1 AND id = ?2",
                       error, next_attempt_at);
}

Status LocalStore::mark_upload_refused(const domain::ReportId& id, std::string_view attachment_id,
                                       std::string_view error) {
  return update_upload(id, attachment_id,
                       "UPDATE attachments SET upload_state = 'refused', upload_error = ?3, "
                       "next_upload_at = ?4 WHERE report_id = ?1 AND id = ?2",
                       error, 0);
}

Result<int> LocalStore::retry_uploads_now(Timestamp now) {
  auto stmt = db_.prepare(
      "UPDATE attachments SET next_upload_at = ?1 "
      "WHERE upload_state = 'pending' AND next_upload_at > ?1");
  if (!stmt) return stmt.error();
  if (auto s = stmt.value().bind_int(1, now).run(); !s) return s.error();
  return static_cast<int>(db_.changes());
}

}  // namespace aduan::store
