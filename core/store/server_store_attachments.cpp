// core/store/server_store_attachments.cpp: resumable attachment uploads (server_store.h).
//
// An upload is a row of `attachments` (what is expected, how much is held, whether verified)
// and its bytes are rows of `attachment_chunks`, one per accepted append, at increasing
// offsets. Every call is one transaction, so after a crash or a dropped connection the upload
// is at a whole chunk and bytes_held tells the device where to resume. The last chunk and the
// verdict on the SHA-256 of the whole are committed together: an upload is never "complete"
// with bytes that were not verified, nor full without a verdict.
//
// Only attachments a stored report declared can be uploaded, with the size and digest it
// declared: the report is the citizen's word on what belongs to it.
#include <algorithm>
#include <cctype>
#include <utility>

#include "core/domain/sha256.h"
#include "core/rules/report_rules.h"
#include "core/store/codec.h"
#include "core/store/server_store.h"

namespace aduan::store {
namespace {

Result<domain::ReportId> parse_report_id(std::string_view hex) {
  auto id = domain::ReportId::parse(hex);
  if (!id) return make_error(kErrorInvalidArgument, "not a report id: " + std::string(hex));
  return *id;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string upload_name(const AttachmentUpload& upload) {
  return "attachment " + upload.attachment_id + " of report " + upload.report_id;
}

}  // namespace

Result<AttachmentUpload> ServerStore::load_upload(const domain::ReportId& report_id,
                                                  std::string_view attachment_id) {
  auto query = statement(Query::upload,
                         "SELECT expected_size, expected_sha256, bytes_held, complete "
                         "FROM attachments WHERE report_id = ?1 AND attachment_id = ?2");
  if (!query) return query.error();
  SqlStatement& s = *query.value();
  auto row = s.bind_blob(1, id_blob(report_id)).bind_text(2, attachment_id).step();
  if (!row) return row.error();
  AttachmentUpload upload{report_id.to_string(), std::string(attachment_id), 0, "", 0, false};
  if (!row.value()) return make_error(kErrorNotFound, "no upload of " + upload_name(upload));
  upload.expected_size = static_cast<std::uint64_t>(s.column_int(0));
  upload.expected_sha256 = s.column_text(1);
  upload.bytes_held = static_cast<std::uint64_t>(s.column_int(2));
  upload.complete = s.column_int(3) != 0;
  return upload;
}

Result<AttachmentUpload> ServerStore::begin_upload(const AttachmentUpload& wanted) {
  auto report_id = parse_report_id(wanted.report_id);
  if (!report_id) return report_id.error();
  if (wanted.expected_size > rules::kMaxAttachmentBytes) {
    return make_error(kErrorTooLarge, upload_name(wanted) + " is larger than the server keeps");
  }
  const std::string expected_sha256 = lowercase(wanted.expected_sha256);
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();

  auto existing = load_upload(report_id.value(), wanted.attachment_id);
  if (existing) {  // a retry resumes where the last attempt stopped, never from zero
    if (existing.value().expected_size != wanted.expected_size ||
        existing.value().expected_sha256 != expected_sha256) {
      return make_error(kErrorConflict, upload_name(wanted) +
                                            " was begun with another size or "
                                            "digest");
    }
    return existing;
  }
  if (existing.error().code != kErrorNotFound) return existing.error();
  {
    auto declared = statement(Query::declared_attachment,
                              "SELECT size_bytes, sha256_hex FROM report_attachments "
                              "WHERE report_id = ?1 AND attachment_id = ?2 ORDER BY position");
    if (!declared) return declared.error();
    SqlStatement& s = *declared.value();
    auto row = s.bind_blob(1, id_blob(report_id.value())).bind_text(2, wanted.attachment_id).step();
    if (!row) return row.error();
    if (!row.value()) {
      return make_error(kErrorNotFound,
                        upload_name(wanted) + " is not declared by a stored report");
    }
    if (static_cast<std::uint64_t>(s.column_int(0)) != wanted.expected_size ||
        lowercase(s.column_text(1)) != expected_sha256) {
      return make_error(kErrorConflict, upload_name(wanted) +
                                            " differs from what its report "
                                            "declared");
    }
  }
  auto insert = statement(Query::insert_upload,
                          "INSERT INTO attachments (report_id, attachment_id, expected_size, "
                          "expected_sha256) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  auto inserted = insert.value()
                      ->bind_blob(1, id_blob(report_id.value()))
                      .bind_text(2, wanted.attachment_id)
                      .bind_int(3, static_cast<std::int64_t>(wanted.expected_size))
                      .bind_text(4, expected_sha256)
                      .run();
  if (!inserted) return inserted.error();
  AttachmentUpload upload{report_id.value().to_string(),
                          wanted.attachment_id,
                          wanted.expected_size,
                          expected_sha256,
                          0,
                          false};
  auto verified = verify_if_full(report_id.value(), upload);  // an empty file is full at once
  if (!verified) return verified.error();
  if (auto s = tx.value().commit(); !s) return s.error();
  if (!verified.value()) return make_error(kErrorHashMismatch, upload_name(upload) + ": digest");
  return upload;
}

Result<AttachmentUpload> ServerStore::append_chunk(std::string_view report_id_hex,
                                                   std::string_view attachment_id,
                                                   std::uint64_t offset,
                                                   std::span<const std::uint8_t> bytes) {
  auto report_id = parse_report_id(report_id_hex);
  if (!report_id) return report_id.error();
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  auto loaded = load_upload(report_id.value(), attachment_id);
  if (!loaded) return loaded.error();
  AttachmentUpload upload = std::move(loaded).value();
  if (offset != upload.bytes_held) {
    // The detail names bytes_held: the device resumes from there.
    return make_error(kErrorBadOffset, upload_name(upload) + ": chunk at " +
                                           std::to_string(offset) + ", server holds " +
                                           std::to_string(upload.bytes_held));
  }
  if (bytes.size() > upload.expected_size - upload.bytes_held) {
    return make_error(kErrorTooLarge, upload_name(upload) + ": chunk runs past " +
                                          std::to_string(upload.expected_size) + " bytes");
  }
  if (!bytes.empty()) {
    auto chunk = statement(Query::insert_chunk,
                           "INSERT INTO attachment_chunks (report_id, attachment_id, start, bytes) "
                           "VALUES (?1, ?2, ?3, ?4)");
    if (!chunk) return chunk.error();
    auto inserted = chunk.value()
                        ->bind_blob(1, id_blob(report_id.value()))
                        .bind_text(2, attachment_id)
                        .bind_int(3, static_cast<std::int64_t>(offset))
                        .bind_blob(4, bytes)
                        .run();
    if (!inserted) return inserted.error();
    upload.bytes_held += bytes.size();
    auto progress = statement(Query::set_upload_progress,
                              "UPDATE attachments SET bytes_held = ?3, complete = ?4 "
                              "WHERE report_id = ?1 AND attachment_id = ?2");
    if (!progress) return progress.error();
    auto updated = progress.value()
                       ->bind_blob(1, id_blob(report_id.value()))
                       .bind_text(2, attachment_id)
                       .bind_int(3, static_cast<std::int64_t>(upload.bytes_held))
                       .bind_bool(4, false)
                       .run();
    if (!updated) return updated.error();
  }
  auto verified = verify_if_full(report_id.value(), upload);
  if (!verified) return verified.error();
  if (auto s = tx.value().commit(); !s) return s.error();  // the reset, too, is durable
  if (!verified.value()) {
    return make_error(kErrorHashMismatch, upload_name(upload) +
                                              ": the bytes do not match the declared SHA-256; "
                                              "upload again from 0");
  }
  return upload;
}

Result<bool> ServerStore::verify_if_full(const domain::ReportId& report_id,
                                         AttachmentUpload& upload) {
  if (upload.complete || upload.bytes_held != upload.expected_size) return true;
  domain::Sha256 hasher;
  {
    auto chunks = statement(Query::chunks,
                            "SELECT bytes FROM attachment_chunks WHERE report_id = ?1 "
                            "AND attachment_id = ?2 ORDER BY start");
    if (!chunks) return chunks.error();
    SqlStatement& s = *chunks.value();
    s.bind_blob(1, id_blob(report_id)).bind_text(2, upload.attachment_id);
    for (;;) {
      auto row = s.step();
      if (!row) return row.error();
      if (!row.value()) break;
      hasher.update(s.column_blob(0));
    }
  }
  const bool matches = domain::to_hex(hasher.finish()) == upload.expected_sha256;
  if (!matches) {
    auto erase = statement(Query::delete_chunks,
                           "DELETE FROM attachment_chunks WHERE report_id = ?1 "
                           "AND attachment_id = ?2");
    if (!erase) return erase.error();
    auto erased =
        erase.value()->bind_blob(1, id_blob(report_id)).bind_text(2, upload.attachment_id).run();
    if (!erased) return erased.error();
  }
  upload.bytes_held = matches ? upload.expected_size : 0;
  upload.complete = matches;
  auto progress = statement(Query::set_upload_progress,
                            "UPDATE attachments SET bytes_held = ?3, complete = ?4 "
                            "WHERE report_id = ?1 AND attachment_id = ?2");
  if (!progress) return progress.error();
  auto updated = progress.value()
                     ->bind_blob(1, id_blob(report_id))
                     .bind_text(2, upload.attachment_id)
                     .bind_int(3, static_cast<std::int64_t>(upload.bytes_held))
                     .bind_bool(4, upload.complete)
                     .run();
  if (!updated) return updated.error();
  return matches;
}

Result<std::optional<std::string>> ServerStore::attachment_bytes(std::string_view report_id_hex,
                                                                 std::string_view attachment_id) {
  auto report_id = parse_report_id(report_id_hex);
  if (!report_id) return report_id.error();
  auto upload = load_upload(report_id.value(), attachment_id);
  if (!upload) {
    if (upload.error().code == kErrorNotFound) return std::optional<std::string>();
    return upload.error();
  }
  // Only verified bytes are served: a partial upload is not the citizen's file.
  if (!upload.value().complete) return std::optional<std::string>();
  auto chunks = statement(Query::chunks,
                          "SELECT bytes FROM attachment_chunks WHERE report_id = ?1 "
                          "AND attachment_id = ?2 ORDER BY start");
  if (!chunks) return chunks.error();
  SqlStatement& s = *chunks.value();
  s.bind_blob(1, id_blob(report_id.value())).bind_text(2, attachment_id);
  std::string out;
  out.reserve(static_cast<std::size_t>(upload.value().expected_size));
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!row.value()) break;
    auto piece = s.column_blob(0);
    out.append(reinterpret_cast<const char*>(piece.data()), piece.size());
  }
  return std::optional<std::string>(std::move(out));
}

Result<std::vector<AttachmentUpload>> ServerStore::attachment_uploads(
    const domain::ReportId& report_id) {
  auto query =
      statement(Query::uploads_of_report,
                "SELECT attachment_id, expected_size, expected_sha256, bytes_held, complete "
                "FROM attachments WHERE report_id = ?1");
  if (!query) return query.error();
  SqlStatement& s = *query.value();
  s.bind_blob(1, id_blob(report_id));
  std::vector<AttachmentUpload> uploads;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!row.value()) break;
    uploads.push_back({report_id.to_string(), s.column_text(0),
                       static_cast<std::uint64_t>(s.column_int(1)), s.column_text(2),
                       static_cast<std::uint64_t>(s.column_int(3)), s.column_int(4) != 0});
  }
  return uploads;
}

}  // namespace aduan::store
