// core/wire/messages.h: every message a device and the server exchange, and encode()/decode().
//
// The whole public API of the wire module in one include. Owns the shape of requests and
// responses. Does not own their byte layout (codec.cpp), the envelope (envelope.h) or what
// makes their content valid (core/rules). Each struct names its envelope type in kType, which
// is how encode()/decode() know what to write and what to expect. Neither function throws:
// every failure is an Error with a code from envelope.h's errors::, and decode() never
// requests more memory than decode_memory_budget(input size).
//
// Statuses travel as the workflow's stable names ("diverifikasi", ...), not as numbers, so a
// new status on the server does not break an older app: the app shows what it is sent.
// Conversation, in order:
//   RegisterDeviceRequest -> RegisterDeviceResponse        once per installation
//   PushBatchRequest      -> PushBatchResponse             one Verdict per report, same order
//   PullEventsRequest     -> PullEventsResponse            by cursor, until more == false
//   TrackRequest          -> TrackResponse                 public tracking page, no login
//   any request           -> ErrorResponse                 when the request as a whole fails
//
// Typical server use:
//   auto header = wire::peek_envelope(body);           // dispatch on header.value().type
//   auto push = wire::decode<wire::PushBatchRequest>(body);
//   ... wire::encode(wire::PushBatchResponse{...}, header.value().version);
// A server answers in the version the client spoke, so an older app can read the reply.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"
#include "core/wire/envelope.h"

namespace aduan::wire {

struct RegisterDeviceRequest {
  static constexpr MessageType kType = MessageType::register_device_request;
  domain::Channel channel = domain::Channel::web;
  std::string platform;     // e.g. "web-android", "kiosk-linux"; for support and statistics
  std::string app_version;  // e.g. "0.1.0"
  friend bool operator==(const RegisterDeviceRequest&, const RegisterDeviceRequest&) = default;
};

struct RegisterDeviceResponse {
  static constexpr MessageType kType = MessageType::register_device_response;
  std::string device_id;      // hex; sent with every push
  std::string device_secret;  // hex; proves the device id, never shown to anyone
  friend bool operator==(const RegisterDeviceResponse&, const RegisterDeviceResponse&) = default;
};

struct PushBatchRequest {
  static constexpr MessageType kType = MessageType::push_batch_request;
  std::string device_id;
  std::vector<domain::Report> reports;  // at most kMaxBatchReports
  friend bool operator==(const PushBatchRequest&, const PushBatchRequest&) = default;
};

enum class VerdictKind : std::uint8_t {
  stored = 0,     // new, committed
  duplicate = 1,  // this id with this content was stored before: a retry, acked again
  conflict = 2,   // this id was stored before with other content: not stored
  rejected = 3,   // failed the server's validation: see problems
};

// One finding of core/rules, e.g. {"title", "too_short"}.
struct Problem {
  std::string field;
  std::string code;
  friend bool operator==(const Problem&, const Problem&) = default;
};

struct Verdict {
  domain::ReportId report_id;
  VerdictKind kind = VerdictKind::stored;
  // For a duplicate, the code the report was first stored with, so a retry shows the citizen
  // the same receipt. Empty for conflicts and rejections.
  std::string tracking_code;
  domain::Timestamp received_at = 0;  // server clock; 0 when not stored
  std::vector<Problem> problems;      // rejected only; at most kMaxProblemsPerVerdict
  friend bool operator==(const Verdict&, const Verdict&) = default;
};

struct PushBatchResponse {
  static constexpr MessageType kType = MessageType::push_batch_response;
  std::vector<Verdict> verdicts;  // one per pushed report, in the same order
  friend bool operator==(const PushBatchResponse&, const PushBatchResponse&) = default;
};

struct PullEventsRequest {
  static constexpr MessageType kType = MessageType::pull_events_request;
  std::uint64_t cursor = 0;  // next_cursor of the previous response; 0 at first
  std::uint32_t limit = 0;   // wanted at most; the server may send fewer
  friend bool operator==(const PullEventsRequest&, const PullEventsRequest&) = default;
};

struct StatusEvent {
  std::uint64_t seq = 0;  // server-wide order; the cursor counts these
  domain::ReportId report_id;
  std::string status;
  domain::Timestamp at = 0;
  std::string note;       // the agency's answer or the admin's reason, if any
  std::string agency_id;  // who holds the report after this event
  friend bool operator==(const StatusEvent&, const StatusEvent&) = default;
};

struct PullEventsResponse {
  static constexpr MessageType kType = MessageType::pull_events_response;
  std::vector<StatusEvent> events;  // at most kMaxEventsPerPull, ascending seq
  std::uint64_t next_cursor = 0;
  bool more = false;  // true: pull again now
  friend bool operator==(const PullEventsResponse&, const PullEventsResponse&) = default;
};

struct TrackRequest {
  static constexpr MessageType kType = MessageType::track_request;
  std::string tracking_code;
  std::string receipt_secret;  // empty: the public view; set: the sender's own view
  friend bool operator==(const TrackRequest&, const TrackRequest&) = default;
};

struct TimelineEntry {
  std::string status;
  domain::Timestamp at = 0;
  std::string agency_id;
  friend bool operator==(const TimelineEntry&, const TimelineEntry&) = default;
};

struct AgencyAnswer {
  std::string agency_id;
  domain::Timestamp at = 0;
  std::string text;
  friend bool operator==(const AgencyAnswer&, const AgencyAnswer&) = default;
};

// Public: carries no name, contact or report text, so it may be shown to anyone who has the
// tracking code.
struct TrackResponse {
  static constexpr MessageType kType = MessageType::track_response;
  std::string tracking_code;
  std::string status;
  std::vector<TimelineEntry> timeline;  // at most kMaxTimelineEntries, oldest first
  std::vector<AgencyAnswer> answers;    // at most kMaxTimelineEntries, oldest first
  friend bool operator==(const TrackResponse&, const TrackResponse&) = default;
};

struct ErrorResponse {
  static constexpr MessageType kType = MessageType::error_response;
  std::string code;  // an Error::code, e.g. "auth.unknown_device"
  std::string detail;
  friend bool operator==(const ErrorResponse&, const ErrorResponse&) = default;
};

std::string_view to_string(VerdictKind kind);  // "stored", "duplicate", "conflict", "rejected"

template <class T>
concept Message = requires {
  { T::kType } -> std::convertible_to<MessageType>;
};

// Envelope at `version` (kOldestSupportedVersion..kProtocolVersion, else
// wire.unsupported_version) followed by the payload. Fields that `version` lacks are left out.
template <Message T>
Result<Bytes> encode(const T& message, std::uint16_t version = kProtocolVersion);

// Checks the envelope (peek_envelope), that it holds a T (else wire.wrong_type), then decodes
// the payload, which must end exactly where the input does.
template <Message T>
Result<T> decode(std::span<const std::uint8_t> bytes);

}  // namespace aduan::wire
