// core/store/local_store.h: the device's local store, what "saved on this device" means.
//
// Owns everything the portal keeps on the device: drafts autosaved while the citizen types,
// submitted reports with their outbox rows, the bytes of their attachments and their upload
// progress, cached status timelines and the pull cursor, the catalog cache, settings and
// device credentials. Does not own when to send, how to encode or how to back off (core/sync,
// core/wire) and never decides whether a report is valid (core/rules): it records what it is
// told, durably, and checks only that attachment bytes are what their report declares.
//
// Every write is one transaction: after an error, or a crash at any point, the store is as it
// was before the call. A report and its outbox row are written together, so there is never a
// report that will not be sent nor an outbox row without its report. Reads return
// Result<std::optional<T>> where absence is an ordinary answer, not an error.
//
// Use: LocalStore::open(path, options) once at start-up (it migrates the schema), then
// requeue_interrupted(now) before the sync engine's first tick. Single-threaded by design: in
// the browser it runs on the main thread over an IndexedDB-backed VFS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"
#include "core/store/database.h"
#include "core/store/migrations.h"
#include "core/store/records.h"

namespace aduan::store {

class LocalStore {
 public:
  // The client schema, step by step; see client_schema.cpp. Released steps are never edited.
  static std::span<const Migration> migrations();
  static int schema_version() { return latest_version(migrations()); }

  // Opens or creates the store and migrates it. "store.newer_schema" if a newer app wrote it
  // (the file is left untouched), "store.corrupt" if it is not a database.
  static Result<LocalStore> open(const std::string& path, const OpenOptions& options = {});

  // ---- Drafts: cheap enough for every keystroke (one upsert of one row). ----
  Status save_draft(const Draft& draft);
  Result<std::optional<Draft>> draft(std::string_view id);
  Result<std::vector<Draft>> drafts();  // most recently edited first
  Status delete_draft(std::string_view id);

  // ---- Reports. ----
  // Saves a submitted report and queues it for sending, in one transaction; the draft it came
  // from (if any) is deleted in the same transaction, so a crash leaves either the draft or
  // the queued report, never both and never neither. payload_bytes is the caller's estimate of
  // the encoded report, used to cap batches. Saving the same report again is a no-op (a double
  // tap on "Kirim"); the same id with other content is "store.conflict".
  // This form keeps the attachments' metadata only (their upload state is 'absent': the
  // engine will not send them); the form below keeps their bytes too.
  Status save_report(const domain::Report& report, std::uint64_t payload_bytes, Timestamp now,
                     std::string_view draft_id = {});
  // The same with the bytes of every attachment, in the same transaction: the report, its
  // photos and its outbox row are all saved or none is. Each declared attachment needs exactly
  // one content whose length is its size_bytes and whose SHA-256 is its sha256_hex, at most
  // rules::kMaxAttachmentBytes; otherwise nothing is written and the error is one of
  // kErrorAttachmentTooLarge/Hash/Size/Missing/Unknown (records.h), naming the attachment.
  // The sync engine sends the bytes once the report is delivered.
  Status save_report(const domain::Report& report, std::span<const AttachmentContent> contents,
                     std::uint64_t payload_bytes, Timestamp now, std::string_view draft_id = {});
  Result<std::optional<domain::Report>> report(const domain::ReportId& id);
  Result<std::optional<domain::Report>> report_by_tracking_code(std::string_view code);
  // Newest first (device created_at, then order of saving). offset/limit page the list.
  Result<std::vector<ReportSummary>> my_reports(std::size_t limit, std::size_t offset = 0);
  // "Klaim laporan": a report sent from another device (a kiosk, a borrowed phone), as the
  // server gave it to its receipt's holder, joins "my reports" as delivered (nothing to send)
  // with its timeline, in one transaction. Claiming it again only adds the events not seen
  // yet, so the same call refreshes it; the report's own row is never rewritten, and a
  // report this device sent itself keeps its own. The pull cursor is not moved: these events
  // come from the claim, not from the device's pull.
  Status save_claimed_report(const domain::Report& report, std::span<const TimelineEvent> events,
                             Timestamp now);
  // Deletes a report with its outbox row, attachments, their bytes and its timeline (a kiosk
  // forgetting the previous citizen). Refused with "store.invalid_state" while it, or one of
  // its attachments, still has to be sent.
  Status forget_report(const domain::ReportId& id);

  // ---- Outbox. ----
  Result<std::optional<OutboxEntry>> outbox_entry(const domain::ReportId& id);
  Result<OutboxCounts> outbox_counts();
  // Queued rows due at `now`, oldest first, at most max_count rows and max_bytes in total.
  // The first due row is returned even when it alone exceeds max_bytes, so one large report
  // cannot block the queue forever.
  Result<std::vector<OutboxEntry>> pending_batch(Timestamp now, std::size_t max_count,
                                                 std::uint64_t max_bytes);
  // queued -> sending for every id, attempts + 1; all or nothing.
  Status mark_sending(std::span<const domain::ReportId> ids, Timestamp now);
  // sending -> queued after a transient failure; the caller chose the backoff.
  Status mark_failed(const domain::ReportId& id, std::string_view error, Timestamp next_attempt_at,
                     Timestamp now);
  // The server's ack: the report is stored there. Records the server's tracking code and
  // received_at on the report. A repeated identical ack is accepted; acking a rejected report,
  // or acking twice with different codes, is "store.invalid_state".
  Status mark_delivered(const domain::ReportId& id, std::string_view tracking_code,
                        Timestamp received_at, Timestamp now);
  // The server refused the report. The row stays, with the reason and the problems, so the
  // citizen sees why and can correct and send a new report. Its attachments waiting to be
  // sent become 'refused' (their bytes stay until the report is forgotten).
  Status mark_rejected(const domain::ReportId& id, std::string_view reason,
                       std::span<const RejectionProblem> problems, Timestamp now);
  // "Coba kirim sekarang": a queued report becomes due at `now`, skipping its backoff.
  Status retry_now(const domain::ReportId& id, Timestamp now);
  Result<int> retry_all_now(Timestamp now);  // returns the number of rows made due
  // At start-up: requests that were open when the app closed are unknown, so they are queued
  // again (the server's idempotency makes a resend safe). Returns the number requeued.
  Result<int> requeue_interrupted(Timestamp now);

  // ---- Attachment uploads (local_store_attachments.cpp). ----
  // What the server said it holds. Also clears the attachment's failure count and error: the
  // server answered.
  Status set_upload_progress(const domain::ReportId& id, std::string_view attachment_id,
                             std::uint64_t bytes_sent);
  Result<std::vector<UploadProgress>> upload_progress(const domain::ReportId& id);  // by position
  // For the Outbox screen: one report's photos as a progress bar in bytes, and the reports
  // whose photos are still to be sent, in outbox order.
  Result<ReportUploads> report_uploads(const domain::ReportId& id);
  Result<std::vector<ReportUploads>> unfinished_uploads();
  Result<UploadTotals> upload_totals();  // every pending attachment
  // For the sync engine. The first pending attachment of a delivered report due at `now`
  // (outbox order, then the citizen's order), and the earliest time one is due at all.
  Result<std::optional<UploadTask>> next_upload(Timestamp now);
  Result<std::optional<Timestamp>> next_upload_due();
  // Up to max_bytes of the content from `offset` (less only at the end). "store.not_found"
  // when the device does not hold the bytes, "store.corrupt" when rows are missing.
  Result<std::vector<std::uint8_t>> attachment_content(const domain::ReportId& id,
                                                       std::string_view attachment_id,
                                                       std::uint64_t offset, std::size_t max_bytes);
  // Whether the bytes on the device still hash to the declared SHA-256 (false when absent).
  Result<bool> content_matches(const domain::ReportId& id, std::string_view attachment_id);
  // The server verified the whole content: 'done', bytes_sent = size. keep_content false
  // drops the device's copy in the same transaction; the metadata stays.
  Status mark_upload_done(const domain::ReportId& id, std::string_view attachment_id,
                          bool keep_content);
  // A transient failure: attempts + 1, the error for people, not due before next_attempt_at.
  Status mark_upload_failed(const domain::ReportId& id, std::string_view attachment_id,
                            std::string_view error, Timestamp next_attempt_at);
  // Never to be retried (the server refuses it for good, or the copy here is damaged).
  Status mark_upload_refused(const domain::ReportId& id, std::string_view attachment_id,
                             std::string_view error);
  Result<int> retry_uploads_now(Timestamp now);  // pending uploads become due now

  // ---- Timelines (pulled from the server). ----
  // Inserts the events not seen yet and moves the cursor forward (never back), in one
  // transaction. Returns how many events were new.
  Result<int> apply_pull(std::span<const TimelineEvent> events, std::int64_t cursor);
  Result<std::vector<TimelineEvent>> timeline(const domain::ReportId& id);  // by seq
  Result<std::int64_t> pull_cursor();  // 0 before the first pull

  // ---- Catalog cache, settings, credentials. ----
  Status save_catalog(const CachedCatalog& catalog);
  Result<std::optional<CachedCatalog>> catalog();
  Status set_setting(std::string_view key, std::string_view value);
  Result<std::optional<std::string>> setting(std::string_view key);
  Status erase_setting(std::string_view key);
  Status save_credentials(const DeviceCredentials& credentials);
  Result<std::optional<DeviceCredentials>> credentials();

 private:
  explicit LocalStore(Database db) : db_(std::move(db)) {}

  // Report rows: local_store_reports.cpp.
  Status save_report_rows(const domain::Report& report,
                          std::optional<std::span<const AttachmentContent>> contents,
                          std::uint64_t payload_bytes, Timestamp now, std::string_view draft_id);
  Status insert_report(const domain::Report& report, bool with_content);
  // Attachment content: local_store_attachments.cpp.
  static Status check_contents(const domain::Report& report,
                               std::span<const AttachmentContent> contents);
  Status insert_content(const domain::ReportId& id, const AttachmentContent& content);
  Status update_upload(const domain::ReportId& id, std::string_view attachment_id,
                       std::string_view sql, std::string_view error, std::int64_t value);
  Result<std::optional<domain::Report>> load_report(std::string_view where, std::string_view key,
                                                    std::span<const std::uint8_t> key_blob);
  // Outbox rows: client_outbox.cpp.
  Result<std::optional<OutboxEntry>> load_outbox_entry(const domain::ReportId& id);
  // INSERT OR IGNORE of timeline events, inside the caller's transaction; returns how many
  // were new.
  Result<int> insert_events(std::span<const TimelineEvent> events);
  Status transition(const OutboxEntry& entry, std::initializer_list<OutboxState> from,
                    OutboxState to, std::string_view action, std::string_view error,
                    Timestamp next_attempt_at, Timestamp now);

  Database db_;
};

}  // namespace aduan::store
