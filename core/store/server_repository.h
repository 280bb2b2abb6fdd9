// core/store/server_repository.h: what the server needs from its storage, as one interface.
//
// Owns the records the server stores and reads (reports with their verdicts, status events,
// uploads, officers) and the operations on them, with no SQL in sight: the routes, the server-
// side apply (core/sync) and the admin commands depend on this, never on a database. The
// embedded backend is ServerStore (SQLite, server_store.h); a PostgreSQL backend implements the
// same interface so that several stateless server instances can share one database.
// Every operation is atomic on its own; in_transaction() makes several one step (an officer's
// read-decide-record).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"
#include "core/store/case_records.h"
#include "core/store/sms_records.h"

namespace aduan::store {

// What happened to one report of a pushed batch.
enum class StoreOutcome : std::uint8_t {
  stored = 0,     // new: stored now, with a "received" event
  duplicate = 1,  // same id, same content: already stored; nothing changed
  conflict = 2,   // same id, other content (or a tracking code already taken): nothing stored
};

struct StoredReportResult {
  StoreOutcome outcome = StoreOutcome::stored;
  std::string tracking_code;          // the stored report's (the original one for a duplicate)
  domain::Timestamp received_at = 0;  // when the server first stored it
};

// One entry of a report's timeline, as devices pull it and the tracking page shows it.
struct ServerEvent {
  std::int64_t seq = 0;  // global, strictly increasing in commit order
  domain::ReportId report_id;
  std::string status;  // a core/workflow status name, e.g. "received", "verified"
  std::string action;  // the core/workflow action that made it, "" for the first event
  domain::Timestamp at = 0;
  std::string note;       // public text: a reason, an agency's answer; never personal data
  std::string agency_id;  // the agency holding the report after this event, may be empty
  std::string actor;      // who did it: "system", an officer id; never shown publicly
  int rating = 0;         // the reporter's 1..5 for a "rate" event, else 0 (schema v3)
  std::string actor_role{};  // a core/workflow role name; "" before schema v3 and on "received"
  std::string target_agency_id{};  // where a routing or escalation pointed (schema v3), else ""
  friend bool operator==(const ServerEvent&, const ServerEvent&) = default;
};

struct StoredReport {
  domain::Report report;  // received_at is set
  std::string device_id;  // which device pushed it
  std::string status;     // the latest event's status
  std::string agency_id;  // the agency holding it now
  std::string entered_by;  // officer id of the village official who entered it, or empty
};

struct AttachmentUpload {
  std::string report_id;      // hex
  std::string attachment_id;  // hex
  std::uint64_t expected_size = 0;
  std::string expected_sha256;
  std::uint64_t bytes_held = 0;  // resume from here
  bool complete = false;         // size reached and SHA-256 verified
};

struct Officer {
  std::string id;           // stable, e.g. "officer-1a2b"
  std::string username;     // what they type to log in; unique
  std::string role;         // a core/workflow role name
  std::string agency_id;    // empty for a national admin
  std::string region_code;  // for a regional admin
  bool disabled = false;
  friend bool operator==(const Officer&, const Officer&) = default;
};

// One agency of the hierarchy as the server keeps it (schema v3): seeded from the catalog's
// agencies.tsv, then created, renamed and moved by admins.
struct AgencyRecord {
  std::string id;
  std::string name;
  std::string parent_id;    // "" for a top-level agency
  std::string region_code;  // "" for a national agency
  std::string kind;         // "national", "province", "regency", "unit"
  domain::Timestamp updated_at = 0;
  friend bool operator==(const AgencyRecord&, const AgencyRecord&) = default;
};

// One row of the audit log: every officer and system action, written in the action's own
// transaction. report_id is unset for actions on agencies (subject names the agency).
struct AuditEntry {
  std::int64_t seq = 0;
  domain::Timestamp at = 0;
  std::string actor;       // an officer id, "system", or "reporter"
  std::string actor_role;  // a core/workflow role name
  std::string action;      // a workflow action, or "agency.create" / "agency.update"
  std::optional<domain::ReportId> report_id;
  std::string subject;  // the agency an agency action changed; "" otherwise
  std::string status_before, status_after;
  std::string agency_before, agency_after;
  std::string region_code;  // the report's region (or the agency's), for scoped reading
  std::string note;
  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

// A client-generated action id already applied, and what it produced: a retry of the same id
// gets the same answer instead of a second application.
struct AppliedAction {
  std::string action_id;
  std::string actor;
  domain::ReportId report_id;
  std::int64_t event_seq = 0;
  std::string status;
  std::string agency_id;
  domain::Timestamp at = 0;
  friend bool operator==(const AppliedAction&, const AppliedAction&) = default;
};

// A device bound to an office as a kiosk (schema v4), by an agency admin at set-up.
struct KioskBinding {
  std::string device_id;
  std::string kiosk_id;   // what admins see and revoke by: never the device id
  std::string agency_id;  // the admin's agency: the office belongs to it
  std::string office;     // the office's name, one line, as the admin typed it
  std::string bound_by;   // the admin's officer id
  domain::Timestamp bound_at = 0;
  std::optional<domain::Timestamp> revoked_at;
  friend bool operator==(const KioskBinding&, const KioskBinding&) = default;
};

// A device a village official signed in on (schema v6): what it pushes is attributed to the
// official, until expires_at or until revoked.
struct OfficialDevice {
  std::string device_id;
  std::string binding_id;  // what admins see and revoke by: never the device id
  std::string officer_id;
  domain::Timestamp bound_at = 0;
  domain::Timestamp expires_at = 0;
  std::optional<domain::Timestamp> revoked_at;
  friend bool operator==(const OfficialDevice&, const OfficialDevice&) = default;
};

// A key an operator issued to another system for Open311's POST requests (schema v8). The key
// itself is shown once, when issued; the store keeps its SHA-256 (it is random, as a device
// secret is, so a slow hash would add nothing).
struct Open311Key {
  std::string key_id;      // "o311-" and 16 hex digits: what the audit log and revoking name
  std::string name;        // who holds it, as the operator wrote it
  std::string key_sha256;  // hex
  domain::Timestamp created_at = 0;
  std::optional<domain::Timestamp> revoked_at;
  friend bool operator==(const Open311Key&, const Open311Key&) = default;
};

// Everything one case row is computed from.
struct CaseSource {
  std::int64_t seq = 0;  // the report's row (reports.seq)
  domain::ReportId report_id;
  domain::Timestamp received_at = 0;
  std::string region_code;  // where it happened
  std::string holder;       // the agency holding it now
  std::string status;       // its current status
  std::vector<ServerEvent> events;  // its timeline, oldest first ("received" first)
  bool holder_known = false;        // the holder is in the agencies table
  std::string holder_region;        // the holder's region code ("" when unknown or national)
  std::string holder_parent;        // the holder's parent ("" when none)
};

// Public reports as Open311's list reads them (shell/server/api_open311_requests.cpp).
struct PublicReportFilter {
  domain::Timestamp received_from = 0;    // inclusive
  domain::Timestamp received_before = 0;  // exclusive
  std::string category_id;                // "" for every category
  std::optional<bool> resolved;           // completed, archived or rejected: Open311's "closed"
  std::size_t limit = 1000;
};

// The open data's records (shell/server/api_open_data.cpp): the public reports whose case row
// falls in a period (the case index's year and month of receipt), one holding agency's or all,
// in seq order after a cursor, so a reader pages through a period that keeps growing.
struct OpenDataFilter {
  int year = 0;
  int month = 0;               // 0: the whole year
  std::string holder;          // "" for every agency
  std::int64_t after_seq = 0;  // the cursor: the last seq of the page before
  std::size_t limit = 500;
};

// One record of the open data: the case row's facts and the report's public classification.
struct OpenDataRecord {
  std::int64_t seq = 0;
  std::string tracking_code;
  std::string classification;  // a domain::Classification name
  std::string category_id;
  std::string holder;
  std::string region_code;
  std::string status;
  int year = 0;
  int month = 0;
  std::int64_t received_day = 0;  // local dates in the case's zone, as days since 1970-01-01
  std::optional<std::int64_t> follow_up_day;
  std::optional<std::int64_t> completion_day;
  bool followed_up = false;
  std::int64_t working_days_to_follow_up = 0;  // 0 unless followed up
  int rating = 0;                              // the reporter's latest rating, 1-5; 0 when none
  friend bool operator==(const OpenDataRecord&, const OpenDataRecord&) = default;
};

// How many public reports of a category, received in a month, lie in exactly one region.
struct OpenDataCell {
  std::string category_id;
  int year = 0;
  int month = 0;
  std::string region_code;
  std::int64_t reports = 0;
  friend bool operator==(const OpenDataCell&, const OpenDataCell&) = default;
};

class ServerRepository {
 public:
  virtual ~ServerRepository() = default;

  // ---- Devices. ----
  virtual Status register_device(std::string_view device_id, std::string_view secret_sha256_hex,
                                 std::string_view channel, domain::Timestamp at) = 0;
  virtual Result<std::optional<std::string>> device_secret_hash(std::string_view device_id) = 0;

  // ---- Reports. ----
  // Stores each report exactly once, all in ONE transaction: either every verdict is durable
  // when this returns, or nothing was written. `received_at` is the server clock.
  // `entered_by` is the village official the pushing device is bound to (empty for any other
  // device), as the server established it from the credentials: never a field of a report.
  virtual Result<std::vector<StoredReportResult>> store_batch(
      std::string_view device_id, std::span<const domain::Report> reports,
      domain::Timestamp received_at, std::string_view entered_by) = 0;
  Result<std::vector<StoredReportResult>> store_batch(std::string_view device_id,
                                                      std::span<const domain::Report> reports,
                                                      domain::Timestamp received_at) {
    return store_batch(device_id, reports, received_at, {});
  }
  virtual Result<std::optional<StoredReport>> report(const domain::ReportId& id) = 0;
  virtual Result<std::optional<StoredReport>> report_by_tracking_code(
      std::string_view canonical_code) = 0;
  virtual Result<std::int64_t> count_reports() = 0;
  // Newest first; `status` empty means any. For officers' queues.
  virtual Result<std::vector<StoredReport>> list_reports(std::string_view status,
                                                         std::size_t limit,
                                                         std::size_t offset = 0) = 0;

  // Open311's list of service requests: the seq of the public reports (never a confidential
  // one) `filter` selects, newest first.
  virtual Result<std::vector<std::int64_t>> public_report_seqs(const PublicReportFilter& filter) = 0;
  // The open data: a page of public records (never a confidential report), and the cells of a
  // period (month 0: the year's) that core/metrics' disclosure rule counts.
  virtual Result<std::vector<OpenDataRecord>> open_data_page(const OpenDataFilter& filter) = 0;
  virtual Result<std::vector<OpenDataCell>> open_data_cells(int year, int month) = 0;

  // ---- Status events. ----
  // Appends an event to a report's timeline (an officer action already decided by
  // core/workflow) and makes it the report's current state. Returns its seq.
  virtual Result<std::int64_t> append_event(const ServerEvent& event) = 0;
  virtual Result<std::vector<ServerEvent>> timeline(const domain::ReportId& id) = 0;
  // Events of reports pushed by `device_id` with seq > cursor, oldest first, at most `limit`.
  virtual Result<std::vector<ServerEvent>> events_for_device(std::string_view device_id,
                                                             std::int64_t cursor,
                                                             std::size_t limit) = 0;

  // ---- Attachments, uploaded in chunks and resumable. ----
  virtual Result<AttachmentUpload> begin_upload(const AttachmentUpload& wanted) = 0;
  virtual Result<AttachmentUpload> append_chunk(std::string_view report_id,
                                                std::string_view attachment_id,
                                                std::uint64_t offset,
                                                std::span<const std::uint8_t> bytes) = 0;
  virtual Result<std::optional<std::string>> attachment_bytes(std::string_view report_id,
                                                              std::string_view attachment_id) = 0;
  // The uploads begun for a report's attachments, in no particular order (an attachment whose
  // upload has not begun has none): what an officer's view of the report lists.
  virtual Result<std::vector<AttachmentUpload>> attachment_uploads(
      const domain::ReportId& report_id) = 0;

  // ---- Officers and their sessions (passwords arrive hashed, tokens as SHA-256). ----
  // "store.conflict" when the username is taken.
  virtual Status add_officer(const Officer& officer, std::string_view password_hash,
                             domain::Timestamp now) = 0;
  virtual Result<std::optional<std::pair<Officer, std::string>>> find_officer(
      std::string_view username) = 0;
  // Every officer, by username: the console names the actors of a timeline with it.
  virtual Result<std::vector<Officer>> list_officers() = 0;
  virtual Status create_session(std::string_view token_sha256, std::string_view officer_id,
                                domain::Timestamp now, domain::Timestamp expires_at) = 0;
  // The session's officer if it exists, is unexpired and the officer is enabled.
  virtual Result<std::optional<Officer>> session_officer(std::string_view token_sha256,
                                                         domain::Timestamp now) = 0;
  virtual Status end_session(std::string_view token_sha256) = 0;
  // "store.not_found" for an unknown username. Neither ends sessions: callers do, in the same
  // transaction as their audit row.
  virtual Status set_officer_password(std::string_view username,
                                      std::string_view password_hash) = 0;
  virtual Status disable_officer(std::string_view username) = 0;
  // How many sessions ended: every session of one officer, or every expired one.
  virtual Result<int> end_officer_sessions(std::string_view officer_id) = 0;
  virtual Result<int> end_expired_sessions(domain::Timestamp now) = 0;

  // ---- Agencies, the audit log and applied action ids (schema v3). ----
  virtual Result<std::vector<AgencyRecord>> list_agencies() = 0;
  // Inserts the agencies not stored yet and leaves the others as admins left them. Returns
  // how many were new.
  virtual Result<int> seed_agencies(std::span<const AgencyRecord> agencies) = 0;
  // Inserts or replaces one agency.
  virtual Status put_agency(const AgencyRecord& agency) = 0;
  virtual Result<std::int64_t> append_audit(const AuditEntry& entry) = 0;
  // Newest first, seq < before (0: from the newest), at most `limit`; report_id narrows to
  // one report's rows.
  virtual Result<std::vector<AuditEntry>> audit_entries(
      const std::optional<domain::ReportId>& report_id, std::int64_t before, std::size_t limit) = 0;
  virtual Result<std::optional<AppliedAction>> applied_action(std::string_view action_id) = 0;
  virtual Status record_applied_action(const AppliedAction& applied) = 0;

  // ---- The case index (schema v5). ----
  // The indexer this connection computes case rows with, whenever it writes an event, a
  // report or an agency. Without one, those writes mark the case stale instead (and stay
  // correct: the next connection with an indexer recomputes it). Setting one whose
  // fingerprint differs from the stored one marks every case stale.
  virtual Status set_case_indexer(std::shared_ptr<const CaseIndexer> indexer) = 0;
  // How many cases wait to be (re)computed.
  virtual Result<std::int64_t> stale_cases() = 0;
  // Recomputes at most `at_most` stale cases in one transaction; returns how many it did.
  // "store.invalid_state" without an indexer.
  virtual Result<std::int64_t> reindex_stale_cases(std::size_t at_most) = 0;
  // Recomputes one case now (or marks it stale without an indexer).
  virtual Status reindex_case(const domain::ReportId& id) = 0;
  virtual Result<std::optional<CaseRow>> case_row(const domain::ReportId& id) = 0;

  // The cases of `filter`: how many, a page in the queue's order, a page newest first (the
  // order of list_reports), and the stored report of a row.
  virtual Result<std::int64_t> count_cases(const CaseFilter& filter) = 0;
  virtual Result<std::vector<QueueEntry>> queue_page(const CaseFilter& filter, const QueueOrder& before,
                                                     std::size_t offset, std::size_t limit) = 0;
  virtual Result<std::vector<std::int64_t>> newest_page(const CaseFilter& filter, std::size_t offset,
                                                        std::size_t limit) = 0;
  virtual Result<std::optional<StoredReport>> report_at(std::int64_t seq) = 0;
  // The statistics' sums of `filter`'s cases per holder and month received, overdue counted
  // with `today` (one entry per zone; a zone not listed counts nothing overdue).
  virtual Result<std::vector<CaseMonthSums>> case_sums(const CaseFilter& filter,
                                                       std::span<const ZoneToday> today) = 0;
  // How many of `filter`'s cases arrived through each channel, per month received (the months
  // of case_sums), in (year, month, channel) order; months and channels with none are left out.
  virtual Result<std::vector<ChannelMonthCount>> channel_counts(const CaseFilter& filter) = 0;
  // Cases whose next_action_at is at or before `now`, after (`after_at`, `after_seq`) in
  // (next_action_at, seq) order, at most `limit`: the scheduler's pass, page by page.
  virtual Result<std::vector<DueCase>> cases_due(domain::Timestamp now, domain::Timestamp after_at,
                                                 std::int64_t after_seq, std::size_t limit) = 0;
  // Runs `work` inside one read transaction, so that every read in it sees one snapshot (a
  // count and a page agree). Inside a write transaction it just runs `work`.
  virtual Status in_read_snapshot(const std::function<Status()>& work) = 0;

  // ---- Kiosks (schema v4). ----
  // "store.conflict" when the device is bound already (revoked or not: a binding is final).
  virtual Status bind_kiosk(const KioskBinding& binding) = 0;
  virtual Result<std::optional<KioskBinding>> kiosk_binding(std::string_view device_id) = 0;
  virtual Result<std::optional<KioskBinding>> kiosk_by_id(std::string_view kiosk_id) = 0;
  // "store.not_found" when the device is no kiosk; revoking twice keeps the first time.
  virtual Status revoke_kiosk(std::string_view device_id, domain::Timestamp at) = 0;

  // ---- Village officials' devices (schema v6). ----
  // Binds the device, or renews its binding (a new official, binding id and times) while it is
  // not revoked: "store.conflict" once it is.
  virtual Status put_official_device(const OfficialDevice& binding) = 0;
  virtual Result<std::optional<OfficialDevice>> official_device(std::string_view device_id) = 0;
  virtual Result<std::optional<OfficialDevice>> official_device_by_id(std::string_view binding_id) = 0;
  // "store.not_found" when the device was never bound; revoking twice keeps the first time.
  virtual Status revoke_official_device(std::string_view device_id, domain::Timestamp at) = 0;

  // ---- Open311 keys (schema v8). ----
  virtual Status add_open311_key(const Open311Key& key) = 0;
  virtual Result<std::optional<Open311Key>> open311_key_by_hash(std::string_view key_sha256) = 0;
  virtual Result<std::vector<Open311Key>> list_open311_keys() = 0;
  // "store.not_found" for an unknown key; revoking twice keeps the first time.
  virtual Status revoke_open311_key(std::string_view key_id, domain::Timestamp at) = 0;

  // ---- Details a report arrived without (DESIGN: SMS and Open311). ----
  // Sets the region of a report that has none (core/rules' pending_details) and recomputes its
  // case row: "store.not_found" for an unknown report, "store.conflict" when its region is set.
  virtual Status complete_region(const domain::ReportId& id, std::string_view region_code) = 0;
  // The same for a report that arrived without a category (an SMS).
  virtual Status complete_category(const domain::ReportId& id, std::string_view category_id) = 0;

  // ---- The SMS channel (schema v9, sms_records.h). ----
  // The key numbers are hashed under (made by the migration; never leaves the server).
  virtual Result<std::string> sms_number_key() = 0;
  // Whether a message was recorded already: the same key, or the same sender and text since
  // `since` (gateways retry with a new id).
  virtual Result<bool> sms_inbound_seen(std::string_view message_key, std::string_view sender_hash,
                                        std::string_view text_hash, domain::Timestamp since) = 0;
  // "store.conflict" when the key is recorded already.
  virtual Status record_sms_inbound(const SmsInbound& message) = 0;
  virtual Status set_sms_reporter(const domain::ReportId& report, std::string_view sender_hash) = 0;
  // The hash of the number that made the report, if an SMS did.
  virtual Result<std::optional<std::string>> sms_reporter(const domain::ReportId& report) = 0;
  virtual Status stop_sms(std::string_view sender_hash, domain::Timestamp at) = 0;
  virtual Result<bool> sms_stopped(std::string_view sender_hash) = 0;
  // Queues a message; a second one with the same id is ignored (it is the same message).
  virtual Status enqueue_sms(const SmsOutgoing& message, domain::Timestamp send_at) = 0;
  // Replies (reason "reply") queued for `to_hash` since `since`: the daily cap on what texts to a
  // number can make the server send.
  virtual Result<std::int64_t> sms_replies_for(std::string_view to_hash,
                                               domain::Timestamp since) = 0;
  // Up to `limit` due messages, leased to `owner` until `lease_until`: a message is leased by one
  // sender at a time, and a lease that ran out (a sender that died) is taken over.
  virtual Result<std::vector<SmsOutgoing>> lease_due_sms(std::string_view owner,
                                                         domain::Timestamp now,
                                                         domain::Timestamp lease_until,
                                                         std::size_t limit) = 0;
  // The leased message was accepted by the gateway; its number is cleared.
  virtual Status sms_sent(std::string_view id, std::string_view owner, domain::Timestamp at) = 0;
  // The leased message failed: tried again at `retry_at`, or given up (failed, number cleared)
  // when `retry_at` is 0.
  virtual Status sms_not_sent(std::string_view id, std::string_view owner,
                              domain::Timestamp retry_at, std::string_view error) = 0;
  virtual Result<SmsQueueStats> sms_queue_stats() = 0;

  // ---- Several operations as one. ----
  // Runs `work` in one transaction: committed when it returns success, rolled back otherwise
  // (and its error returned). Other writers wait until it ends.
  virtual Status in_transaction(const std::function<Status()>& work) = 0;

  // ---- Operations. ----
  // One cheap read of the file (the readiness probe): no scan, whatever the database's size.
  virtual Status ping() = 0;
  virtual Result<std::string> integrity_check() = 0;  // "ok" or the problems found
};

}  // namespace aduan::store
