// core/store/local_store.h: the device's local store, what "saved on this device" means.
//
// Owns everything the portal keeps on the device: drafts autosaved while the citizen types,
// submitted reports with their outbox rows, upload progress of attachments, cached status
// timelines and the pull cursor, the catalog cache, settings and device credentials. Does not
// own when to send, how to encode or how to back off (core/sync, core/wire) and never decides
// whether a report is valid (core/rules): it records what it is told, durably.
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
  Status save_report(const domain::Report& report, std::uint64_t payload_bytes, Timestamp now,
                     std::string_view draft_id = {});
  Result<std::optional<domain::Report>> report(const domain::ReportId& id);
  Result<std::optional<domain::Report>> report_by_tracking_code(std::string_view code);
  // Newest first (device created_at, then order of saving). offset/limit page the list.
  Result<std::vector<ReportSummary>> my_reports(std::size_t limit, std::size_t offset = 0);
  // Deletes a report with its outbox row, attachments and timeline (a kiosk forgetting the
  // previous citizen). Refused with "store.invalid_state" while it still has to be sent.
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
  // citizen sees why and can correct and send a new report.
  Status mark_rejected(const domain::ReportId& id, std::string_view reason,
                       std::span<const RejectionProblem> problems, Timestamp now);
  // "Coba kirim sekarang": a queued report becomes due at `now`, skipping its backoff.
  Status retry_now(const domain::ReportId& id, Timestamp now);
  Result<int> retry_all_now(Timestamp now);  // returns the number of rows made due
  // At start-up: requests that were open when the app closed are unknown, so they are queued
  // again (the server's idempotency makes a resend safe). Returns the number requeued.
  Result<int> requeue_interrupted(Timestamp now);

  // ---- Attachment uploads. ----
  Status set_upload_progress(const domain::ReportId& id, std::string_view attachment_id,
                             std::uint64_t bytes_sent);
  Result<std::vector<UploadProgress>> upload_progress(const domain::ReportId& id);

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

  // Report rows: client_reports.cpp.
  Status insert_report(const domain::Report& report);
  Result<std::optional<domain::Report>> load_report(std::string_view where, std::string_view key,
                                                    std::span<const std::uint8_t> key_blob);
  // Outbox rows: client_outbox.cpp.
  Result<std::optional<OutboxEntry>> load_outbox_entry(const domain::ReportId& id);
  Status transition(const OutboxEntry& entry, std::initializer_list<OutboxState> from,
                    OutboxState to, std::string_view action, std::string_view error,
                    Timestamp next_attempt_at, Timestamp now);

  Database db_;
};

}  // namespace aduan::store
