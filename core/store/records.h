// core/store/records.h: the plain records the device store keeps beside domain::Report.
//
// Owns the shapes of drafts, outbox rows, attachment content and upload progress, cached
// timelines, the catalog cache, settings and device credentials as LocalStore hands them out. Does
// not own their meaning on the wire (core/wire) or the status names of a timeline (core/workflow):
// statuses and problem codes are kept as the stable strings those modules define, so the store
// needs nothing but the domain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"

namespace aduan::store {

using domain::Timestamp;

// A form being typed. The fields are whatever the form keeps (title, body, "date", a list of
// picked attachment ids in the form's own encoding...): the store keeps them byte for byte and
// never validates a draft, because an unfinished report is never lost for being invalid.
struct Draft {
  std::string id;  // made by the app; reused on every autosave of the same form
  std::map<std::string, std::string> fields;
  Timestamp updated_at = 0;
  friend bool operator==(const Draft&, const Draft&) = default;
};

// Where a submitted report is on its way to the server.
//   queued --mark_sending--> sending --mark_failed--> queued (attempt again at next_attempt_at)
//   queued|sending --mark_delivered--> delivered   (the server's ack: final)
//   queued|sending --mark_rejected--> rejected     (the server refused it: final, kept visible)
//   sending --requeue_interrupted--> queued        (the app closed while a request was open)
enum class OutboxState : std::uint8_t { queued = 0, sending = 1, delivered = 2, rejected = 3 };

std::string_view to_string(OutboxState state);  // "queued", "sending", "delivered", "rejected"
std::optional<OutboxState> parse_outbox_state(std::string_view text);

// Why the server refused a report: which field, and the stable code of the problem (the
// codes of core/rules), so the UI can point at the field in the citizen's language.
struct RejectionProblem {
  std::string field;
  std::string code;
  friend bool operator==(const RejectionProblem&, const RejectionProblem&) = default;
};

struct OutboxEntry {
  domain::ReportId report_id;
  OutboxState state = OutboxState::queued;
  int attempts = 0;                 // requests started for this report
  Timestamp queued_at = 0;          // when the citizen tapped "Kirim"
  Timestamp next_attempt_at = 0;    // not offered for a batch before this time
  Timestamp updated_at = 0;         // last state change
  std::string last_error;           // the last failure or rejection, for people; may be empty
  std::uint64_t payload_bytes = 0;  // the caller's estimate of the encoded report
  std::vector<RejectionProblem> problems;  // filled for a rejected report only
  friend bool operator==(const OutboxEntry&, const OutboxEntry&) = default;
};

struct OutboxCounts {
  int queued = 0;
  int sending = 0;
  int delivered = 0;
  int rejected = 0;
  friend bool operator==(const OutboxCounts&, const OutboxCounts&) = default;
};

// One line of "my reports": enough to draw the list without loading every report.
struct ReportSummary {
  domain::ReportId id;
  std::string tracking_code;
  std::string title;
  domain::Classification classification = domain::Classification::complaint;
  Timestamp created_at = 0;
  std::optional<Timestamp> received_at;
  OutboxState state = OutboxState::queued;
  friend bool operator==(const ReportSummary&, const ReportSummary&) = default;
};

// Where one attachment's content is on its way to the server (client schema v2).
//   absent  the device never held the bytes (saved without them, or before schema v2): the
//           engine cannot send them; someone else may (aduan-cli uploads its own)
//   pending the bytes are on the device, waiting for their report's delivery, then sent
//           chunk by chunk (next_attempt_at, attempts and last_error after a failure)
//   done    the server verified the SHA-256; the device's copy may have been dropped
//   refused the server will never take them, or the device's copy no longer matches its
//           hash: not retried, last_error says why
enum class UploadState : std::uint8_t { absent = 0, pending = 1, done = 2, refused = 3 };

std::string_view to_string(UploadState state);  // "absent", "pending", "done", "refused"
std::optional<UploadState> parse_upload_state(std::string_view text);

// The largest attachment content the device keeps and sends is core/rules'
// kMaxAttachmentBytes, the one cap of a file that the rules, the server's upload route and
// both stores share: a file the device accepts is one the server takes.
// Content is kept in rows of at most this many bytes: reading one upload chunk reads one or
// two rows, never a whole photo (a 5 MiB allocation is a lot on a cheap phone's wasm heap).
inline constexpr std::size_t kContentRowBytes = 64 * 1024;

// Error codes of attachment content, beside the common ones of database.h; the app keys its
// message on them. Nothing of the report is written when one of these is returned.
inline constexpr std::string_view kErrorAttachmentTooLarge = "store.attachment_too_large";
inline constexpr std::string_view kErrorAttachmentHash = "store.attachment_hash_mismatch";
inline constexpr std::string_view kErrorAttachmentSize = "store.attachment_size_mismatch";
inline constexpr std::string_view kErrorAttachmentMissing = "store.attachment_missing";
inline constexpr std::string_view kErrorAttachmentUnknown = "store.attachment_unknown";

// The bytes of one attachment the citizen picked, handed to LocalStore::save_report. A view:
// the caller keeps the bytes alive for the call only.
struct AttachmentContent {
  std::string_view attachment_id;
  std::span<const std::uint8_t> bytes;
};

// Upload of one attachment's content, resumed from bytes_sent after a broken link.
struct UploadProgress {
  std::string attachment_id;
  std::uint64_t size_bytes = 0;
  std::uint64_t bytes_sent = 0;  // what the server last said it holds
  UploadState state = UploadState::absent;
  std::string last_error;          // the last failure, for people; "" after progress
  bool content_on_device = false;  // the bytes are still kept here
  bool complete() const { return bytes_sent >= size_bytes; }
  friend bool operator==(const UploadProgress&, const UploadProgress&) = default;
};

// A report's attachments as the Outbox screen shows them: a progress bar in bytes, and why
// it stalls. Only attachments the device can send (pending or done) count in the bytes.
struct ReportUploads {
  domain::ReportId report_id;
  int attachments = 0;  // all of the report's attachments
  int pending = 0;
  int done = 0;
  int refused = 0;
  int absent = 0;                 // declared, but their bytes were never on this device
  std::uint64_t total_bytes = 0;  // of pending and done attachments
  std::uint64_t sent_bytes = 0;   // of those, what the server holds
  std::string last_error;         // of the first attachment that has one; "" when none
  bool finished() const { return pending == 0; }
  friend bool operator==(const ReportUploads&, const ReportUploads&) = default;
};

// Every pending attachment on the device together: the sync status line's progress.
struct UploadTotals {
  int pending = 0;
  std::uint64_t total_bytes = 0;
  std::uint64_t sent_bytes = 0;
  friend bool operator==(const UploadTotals&, const UploadTotals&) = default;
};

// What the sync engine sends next: a pending attachment of a delivered report, due now.
struct UploadTask {
  domain::ReportId report_id;
  std::string attachment_id;
  std::uint64_t size_bytes = 0;
  std::string sha256_hex;
  std::uint64_t bytes_sent = 0;
  int attempts = 0;  // failures since the last progress
  friend bool operator==(const UploadTask&, const UploadTask&) = default;
};

// One step of a report's life as the server told it. seq is the server's sequence number of
// the event; (report_id, seq) identifies it, so pulling the same page twice changes nothing.
struct TimelineEvent {
  domain::ReportId report_id;
  std::int64_t seq = 0;
  std::string status;  // stable status name of core/workflow, e.g. "verified"
  Timestamp at = 0;    // server clock
  std::string actor;   // agency id or role, as the server sends it; may be empty
  std::string note;    // public reply text; may be empty
  friend bool operator==(const TimelineEvent&, const TimelineEvent&) = default;
};

// The agency/category/region catalog as last fetched, revalidated with If-None-Match.
struct CachedCatalog {
  std::string etag;
  std::string content;  // bytes as served; not necessarily text
  Timestamp fetched_at = 0;
  friend bool operator==(const CachedCatalog&, const CachedCatalog&) = default;
};

// What this device proves itself with to the server. Kept in the store so a kiosk that is
// restarted keeps its identity; the secret never leaves the device except to authenticate.
struct DeviceCredentials {
  std::string device_id;
  std::string secret;
  friend bool operator==(const DeviceCredentials&, const DeviceCredentials&) = default;
};

// Setting keys the app uses; the store accepts any key.
inline constexpr std::string_view kSettingLanguage = "language";   // "id" or "en"
inline constexpr std::string_view kSettingTextSize = "text_size";  // e.g. "100", "150"
inline constexpr std::string_view kSettingServerUrl = "server_url";
// Lite mode (core/sync/link_policy.h): "auto", "on" or "off"; and "1" when photos wait for a
// fast link ("wait for wifi").
inline constexpr std::string_view kSettingLiteMode = "lite_mode";
inline constexpr std::string_view kSettingPhotosWaitForWifi = "photos_wait_for_wifi";

}  // namespace aduan::store
