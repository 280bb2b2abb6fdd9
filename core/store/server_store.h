// core/store/server_store.h: the server's database, where an acknowledged report lives.
//
// Owns the server schema (its own numbered migrations, separate from the device's), storing
// reports exactly once, the status events every report accumulates (one global sequence, which
// is what devices pull by), devices and their secrets (hashed), resumable attachment uploads,
// and online backup. Does not own validation (core/rules), the status flow (core/workflow),
// the wire format (core/wire) or who may do what (the server's routes): it records what it is
// told, durably, and answers questions about it.
//
// One store, two databases: its SQL is written once against sql_connection.h, in the dialect
// SQLite and PostgreSQL share. open() is the embedded SQLite file; core/store_postgres opens it
// on PostgreSQL (its own schema steps) for several server instances.
//
// Durability: WAL with synchronous=FULL, so a committed transaction survives a power cut, not
// only a process crash; an acknowledgement is sent only after store_batch() has returned.
// PostgreSQL commits durably by default (synchronous_commit on).
// Thread-safety: one ServerStore per thread (each opens its own connection); the database
// serialises the writers (SQLite's write lock, PostgreSQL's writer advisory lock).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"
#include "core/store/database.h"
#include "core/store/migrations.h"
#include "core/store/server_repository.h"
#include "core/store/sql_connection.h"

namespace aduan::store {

// Errors of resumable uploads, beside the common ones of database.h.
inline constexpr std::string_view kErrorBadOffset = "store.bad_offset";  // not at bytes_held
inline constexpr std::string_view kErrorTooLarge = "store.too_large";    // past the size or cap
inline constexpr std::string_view kErrorHashMismatch = "store.hash_mismatch";  // reset to zero

// The largest attachment the server keeps is core/rules' kMaxAttachmentBytes, the one cap of a
// file everywhere (its bytes live in the database; a phone's downscaled photo is far below it).

class ServerStore final : public ServerRepository {
 public:
  static std::span<const Migration> migrations();
  static int schema_version() { return latest_version(migrations()); }

  // Opens or creates the database at `path` (WAL, synchronous=FULL, foreign keys, busy
  // timeout) and migrates it. "store.newer_schema" when a newer server wrote it.
  static Result<ServerStore> open(const std::string& path);
  // A store on a connection already at the latest schema of its backend (the PostgreSQL
  // backend, core/store_postgres, migrates its own schema and hands the connection over).
  static ServerStore on_connection(std::unique_ptr<SqlConnection> db) {
    return ServerStore(std::move(db));
  }
  ServerStore(ServerStore&&) = default;
  ServerStore& operator=(ServerStore&&) = default;

  // ---- Devices. ----
  Status register_device(std::string_view device_id, std::string_view secret_sha256_hex,
                         std::string_view channel, domain::Timestamp at) override;
  Result<std::optional<std::string>> device_secret_hash(std::string_view device_id) override;

  // ---- Reports. ----
  // Stores each report exactly once, all in ONE transaction: either every verdict is durable
  // when this returns, or nothing was written. `received_at` is the server clock.
  using ServerRepository::store_batch;
  Result<std::vector<StoredReportResult>> store_batch(std::string_view device_id,
                                                      std::span<const domain::Report> reports,
                                                      domain::Timestamp received_at,
                                                      std::string_view entered_by) override;
  Result<std::optional<StoredReport>> report(const domain::ReportId& id) override;
  Result<std::vector<std::int64_t>> public_report_seqs(const PublicReportFilter& filter) override;
  Result<std::vector<OpenDataRecord>> open_data_page(const OpenDataFilter& filter) override;
  Result<std::vector<OpenDataCell>> open_data_cells(int year, int month) override;
  Result<std::optional<StoredReport>> report_by_tracking_code(std::string_view canonical_code) override;
  Result<std::int64_t> count_reports() override;
  // Newest first; `status` empty means any. For officers' queues.
  Result<std::vector<StoredReport>> list_reports(std::string_view status, std::size_t limit,
                                                 std::size_t offset = 0) override;

  // ---- Status events. ----
  // Appends an event to a report's timeline (an officer action already decided by
  // core/workflow). Returns its seq. "store.not_found" for an unknown report.
  Result<std::int64_t> append_event(const ServerEvent& event) override;
  Result<std::vector<ServerEvent>> timeline(const domain::ReportId& id) override;
  // Events of reports pushed by `device_id` with seq > cursor, oldest first, at most `limit`.
  Result<std::vector<ServerEvent>> events_for_device(std::string_view device_id,
                                                     std::int64_t cursor, std::size_t limit) override;

  // ---- Attachments, uploaded in chunks and resumable. ----
  // Creates the upload (or returns the existing one: a retry resumes, never restarts).
  Result<AttachmentUpload> begin_upload(const AttachmentUpload& wanted) override;
  // Appends bytes at `offset`, which must equal bytes_held ("store.bad_offset" otherwise, with
  // nothing written); verifies the SHA-256 when the expected size is reached
  // ("store.hash_mismatch": the upload is reset to zero bytes).
  Result<AttachmentUpload> append_chunk(std::string_view report_id, std::string_view attachment_id,
                                        std::uint64_t offset, std::span<const std::uint8_t> bytes) override;
  Result<std::optional<std::string>> attachment_bytes(std::string_view report_id,
                                                      std::string_view attachment_id) override;
  Result<std::vector<AttachmentUpload>> attachment_uploads(
      const domain::ReportId& report_id) override;

  // ---- Operations. ----
  // Online backup to a new file while the server keeps serving (sqlite3_backup).
  Status backup_to(const std::string& destination_path);
  // "ok" or SQLite's list of problems.
  Result<std::string> integrity_check() override;
  Status ping() override;

  // ---- Officers (officer_store.cpp holds their SQL) and transactions. ----
  Status add_officer(const Officer& officer, std::string_view password_hash,
                     domain::Timestamp now) override;
  Result<std::optional<std::pair<Officer, std::string>>> find_officer(
      std::string_view username) override;
  Result<std::vector<Officer>> list_officers() override;
  Status create_session(std::string_view token_sha256, std::string_view officer_id,
                        domain::Timestamp now, domain::Timestamp expires_at) override;
  Result<std::optional<Officer>> session_officer(std::string_view token_sha256,
                                                 domain::Timestamp now) override;
  Status end_session(std::string_view token_sha256) override;
  Status set_officer_password(std::string_view username, std::string_view password_hash) override;
  Status disable_officer(std::string_view username) override;
  Result<int> end_officer_sessions(std::string_view officer_id) override;
  Result<int> end_expired_sessions(domain::Timestamp now) override;
  Status in_transaction(const std::function<Status()>& work) override;
  // The connection, for tests and operations that need raw SQL.
  SqlConnection& database() { return *db_; }
  SqlDialect dialect() const { return db_->dialect(); }

  // ---- Agencies, audit, applied action ids (server_store_workflow.cpp). ----
  Result<std::vector<AgencyRecord>> list_agencies() override;
  Result<int> seed_agencies(std::span<const AgencyRecord> agencies) override;
  Status put_agency(const AgencyRecord& agency) override;
  Result<std::int64_t> append_audit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> audit_entries(const std::optional<domain::ReportId>& report_id,
                                                std::int64_t before, std::size_t limit) override;
  Result<std::optional<AppliedAction>> applied_action(std::string_view action_id) override;
  Status record_applied_action(const AppliedAction& applied) override;

  // ---- The case index (server_store_cases.cpp). ----
  Status set_case_indexer(std::shared_ptr<const CaseIndexer> indexer) override;
  Result<std::int64_t> stale_cases() override;
  Result<std::int64_t> reindex_stale_cases(std::size_t at_most) override;
  Status reindex_case(const domain::ReportId& id) override;
  Result<std::optional<CaseRow>> case_row(const domain::ReportId& id) override;
  Result<std::int64_t> count_cases(const CaseFilter& filter) override;
  Result<std::vector<QueueEntry>> queue_page(const CaseFilter& filter, const QueueOrder& before,
                                             std::size_t offset, std::size_t limit) override;
  Result<std::vector<std::int64_t>> newest_page(const CaseFilter& filter, std::size_t offset,
                                                std::size_t limit) override;
  Result<std::optional<StoredReport>> report_at(std::int64_t seq) override;
  Result<std::vector<CaseMonthSums>> case_sums(const CaseFilter& filter,
                                               std::span<const ZoneToday> today) override;
  Result<std::vector<DueCase>> cases_due(domain::Timestamp now, domain::Timestamp after_at,
                                         std::int64_t after_seq, std::size_t limit) override;
  // server_store_channels.cpp
  Result<std::vector<ChannelMonthCount>> channel_counts(const CaseFilter& filter) override;
  Status in_read_snapshot(const std::function<Status()>& work) override;

  // ---- Kiosks (server_store_kiosks.cpp). ----
  Status bind_kiosk(const KioskBinding& binding) override;
  Result<std::optional<KioskBinding>> kiosk_binding(std::string_view device_id) override;
  Result<std::optional<KioskBinding>> kiosk_by_id(std::string_view kiosk_id) override;
  Status revoke_kiosk(std::string_view device_id, domain::Timestamp at) override;

  // ---- Village officials' devices (server_store_officials.cpp). ----
  Status put_official_device(const OfficialDevice& binding) override;
  Result<std::optional<OfficialDevice>> official_device(std::string_view device_id) override;
  Result<std::optional<OfficialDevice>> official_device_by_id(std::string_view binding_id) override;
  Status revoke_official_device(std::string_view device_id, domain::Timestamp at) override;

  // ---- Open311 keys and completed details (server_store_open311.cpp). ----
  Status add_open311_key(const Open311Key& key) override;
  Result<std::optional<Open311Key>> open311_key_by_hash(std::string_view key_sha256) override;
  Result<std::vector<Open311Key>> list_open311_keys() override;
  Status revoke_open311_key(std::string_view key_id, domain::Timestamp at) override;
  Status complete_region(const domain::ReportId& id, std::string_view region_code) override;
  Status complete_category(const domain::ReportId& id, std::string_view category_id) override;

  // ---- The SMS channel (server_store_sms.cpp). ----
  Result<std::string> sms_number_key() override;
  Result<bool> sms_inbound_seen(std::string_view message_key, std::string_view sender_hash,
                                std::string_view text_hash, domain::Timestamp since) override;
  Status record_sms_inbound(const SmsInbound& message) override;
  Status set_sms_reporter(const domain::ReportId& report, std::string_view sender_hash) override;
  Result<std::optional<std::string>> sms_reporter(const domain::ReportId& report) override;
  Status stop_sms(std::string_view sender_hash, domain::Timestamp at) override;
  Result<bool> sms_stopped(std::string_view sender_hash) override;
  Status enqueue_sms(const SmsOutgoing& message, domain::Timestamp send_at) override;
  Result<std::int64_t> sms_replies_for(std::string_view to_hash, domain::Timestamp since) override;
  Result<std::vector<SmsOutgoing>> lease_due_sms(std::string_view owner, domain::Timestamp now,
                                                 domain::Timestamp lease_until,
                                                 std::size_t limit) override;
  Status sms_sent(std::string_view id, std::string_view owner, domain::Timestamp at) override;
  Status sms_not_sent(std::string_view id, std::string_view owner, domain::Timestamp retry_at,
                      std::string_view error) override;
  Result<SmsQueueStats> sms_queue_stats() override;

 private:
  Status complete_detail(const domain::ReportId& id, std::string_view column,
                         std::string_view value);
  // Statements prepared once per connection and reused: store_batch runs several per report,
  // and at thousands of reports a second preparing them again would cost more than the SQL.
  // Each call site owns one Query and passes the same SQL every time.
  enum class Query : std::uint8_t {
    find_report,
    find_tracking_code,
    insert_report,
    insert_report_attachment,
    insert_event,
    set_report_status,
    report_by_id,
    report_by_tracking_code,
    report_attachments,
    list_reports,
    list_reports_by_status,
    count_reports,
    timeline,
    events_for_device,
    insert_device,
    device,
    declared_attachment,
    upload,
    insert_upload,
    set_upload_progress,
    insert_chunk,
    chunks,
    delete_chunks,
    uploads_of_report,
    case_source,
    holder_agency,
    upsert_case,
    mark_stale,
    unmark_stale,
    report_by_seq,
    count  // not a query: the number of them
  };
  // A cached statement on loan: reset when the loan ends, so no read stays open between calls
  // (an open read would pin the WAL and hold a stale snapshot).
  class Lease {
   public:
    explicit Lease(SqlStatement* statement) : statement_(statement) {}
    Lease(Lease&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (statement_ != nullptr) statement_->reset();
    }
    SqlStatement& operator*() const { return *statement_; }
    SqlStatement* operator->() const { return statement_; }

   private:
    SqlStatement* statement_;
  };

  explicit ServerStore(std::unique_ptr<SqlConnection> db) : db_(std::move(db)) {}
  Result<Lease> statement(Query query, std::string_view sql);

  // server_store_reports.cpp
  Result<StoredReportResult> store_one(std::string_view device_id, std::string_view entered_by,
                                       const domain::Report& report, domain::Timestamp received_at);
  // Returns the report's row number (reports.seq).
  Result<std::int64_t> insert_report(std::string_view device_id, std::string_view entered_by,
                                     const domain::Report& report,
                                     std::span<const std::uint8_t> content_sha256,
                                     domain::Timestamp received_at);
  Result<std::vector<StoredReport>> read_reports(SqlStatement& query);
  // server_store_events.cpp: the row only; the caller keeps the report's current status.
  Result<std::int64_t> insert_event_row(const ServerEvent& event);
  // server_store_attachments.cpp
  Result<AttachmentUpload> load_upload(const domain::ReportId& report_id,
                                       std::string_view attachment_id);
  // Once all bytes are held: marks the upload complete if they hash right and returns true,
  // else deletes them, zeroes the progress and returns false. Updates `upload` either way.
  Result<bool> verify_if_full(const domain::ReportId& report_id, AttachmentUpload& upload);
  // server_store_cases.cpp: the case row of a report whose events, holder or agency changed,
  // written with the indexer, or the case marked stale without one. The caller holds a
  // transaction.
  Status index_case(std::int64_t seq);
  Status index_source(CaseSource& source);  // fills the holder's fields, then as index_case
  Status write_indexed(const CaseSource& source);  // with the indexer, holder's fields filled
  Status mark_stale(std::int64_t seq);
  Status reindex_holder(std::string_view agency_id);  // every case the agency holds
  Result<std::optional<CaseSource>> load_case_source(std::int64_t seq);
  Status write_case_row(const CaseRow& row);

 public:
  // One slice of a CaseFilter as server_store_cases.cpp reads it: the cases of one holder, or of
  // any holder; `in_region`: only those located in the filter's region; `scoped`: only those a
  // regional scope covers (held by one of the filter's holders or located in its region).
  struct FilterPart {
    std::optional<std::string> holder;
    bool in_region = false;
    bool scoped = false;
  };

 private:
  Result<std::vector<FilterPart>> parts_with_cases(const CaseFilter& filter);

  std::unique_ptr<SqlConnection>
      db_;  // declared first: destroyed after the statements prepared on it
  std::array<std::optional<SqlStatement>, static_cast<std::size_t>(Query::count)> statements_;
  std::shared_ptr<const CaseIndexer> indexer_;
};

std::string_view to_string(StoreOutcome outcome);  // "stored", "duplicate", "conflict"

// SHA-256 of a canonical serialization of everything the citizen submitted: every field of
// the report except the server's received_at. Two reports have the same hash exactly when
// Report::same_content holds (up to SHA-256 collisions), which is how store_batch tells a
// retry from a conflict without reading the stored report back.
std::string content_sha256_hex(const domain::Report& report);

}  // namespace aduan::store
