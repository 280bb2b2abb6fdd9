// core/wire/codec.cpp: the payload layout of every message, and encode()/decode() (messages.h).
//
// Owns the field order of each payload, which is the protocol: reorder nothing, and change a
// layout only behind a new kProtocolVersion. Does not own the byte-level rules (archive.h) or
// the envelope (envelope.h). Separate save and load functions rather than one cereal
// serialize(): decoding validates (enum ranges, flag bits, list caps) while encoding derives
// presence flags from optionals; the round-trip tests pin each pair together. They are
// non-members of this namespace, so cereal finds them through the archive's namespace.
//
// The report is the hot path (DESIGN.md budget: <= 600 bytes per text-only report, batched),
// so its layout is hand-packed: one flags byte for the bools and the presence of each optional,
// a four-byte date, hex secrets as raw bytes. Report, version 2:
//   id[16] flags:u8 tracking_code receipt_secret:hex classification:u8 title body
//   date(year:u16 month:u8 day:u8) region_code place [latitude:f64 longitude:f64]
//   category_id agency_id attachments [contact: name phone email] channel:u8
//   created_at:i64 [received_at:i64]
// Version 3 adds two flag bits, sms_consent and the presence of on-behalf details, which follow
// the channel: [citizen_name citizen_phone consent:u8(bit 0 given, bit 1 written) witness].
// Version 2 is version 3 without them: a v2 report decodes with neither, and encoding at v2
// leaves them out. Version 1 (no channel, no coordinates) is no longer read or written.
// Every other message has one layout at every version.
//
// encode()/decode() are instantiated explicitly at the bottom, so cereal is compiled once, in
// this library; asking for a type not listed there is a link error, not a new format.
#include <cmath>
#include <cstdint>
#include <string>

#include "core/wire/archive.h"
#include "core/wire/messages.h"
#include "core/wire/officer_messages.h"

namespace aduan::wire {
namespace {

enum ReportFlag : std::uint8_t {
  kAnonymous = 1 << 0,
  kConfidential = 1 << 1,
  kHasContact = 1 << 2,
  kHasReceivedAt = 1 << 3,
  kHasCoordinates = 1 << 4,
  kHasOnBehalf = 1 << 5,  // version 3 and later
  kSmsConsent = 1 << 6,   // version 3 and later
};
constexpr std::uint8_t kFlagsV2 = kAnonymous | kConfidential | kHasContact | kHasReceivedAt | kHasCoordinates;
constexpr std::uint8_t kFlagsV3 = kFlagsV2 | kHasOnBehalf | kSmsConsent;

bool carries_on_behalf(std::uint16_t version) {
  return version >= 3;
}

enum ConsentBit : std::uint8_t { kConsentGiven = 1 << 0, kConsentWritten = 1 << 1 };

void save_on_behalf(WireOutputArchive& ar, const domain::OnBehalf& on_behalf) {
  std::uint8_t consent = on_behalf.consent.given ? kConsentGiven : 0;
  if (on_behalf.consent.method == domain::ConsentMethod::written) consent |= kConsentWritten;
  ar(on_behalf.citizen_name, on_behalf.citizen_phone, consent, on_behalf.consent.witness);
}

void load_on_behalf(WireInputArchive& ar, domain::OnBehalf& on_behalf) {
  std::uint8_t consent = 0;
  ar(on_behalf.citizen_name, on_behalf.citizen_phone, consent, on_behalf.consent.witness);
  if ((consent & ~(kConsentGiven | kConsentWritten)) != 0)
    fail(errors::kMalformed, "consent bits " + std::to_string(consent));
  on_behalf.consent.given = (consent & kConsentGiven) != 0;
  on_behalf.consent.method =
      (consent & kConsentWritten) != 0 ? domain::ConsentMethod::written : domain::ConsentMethod::spoken;
}

void save_date(WireOutputArchive& ar, const domain::CivilDate& date) {
  if (date.year < 0 || date.year > 0xffff || date.month < 0 || date.month > 0xff || date.day < 0 ||
      date.day > 0xff) {
    fail(errors::kUnencodable, "incident date " + domain::to_string(date));
  }
  ar(static_cast<std::uint16_t>(date.year), static_cast<std::uint8_t>(date.month),
     static_cast<std::uint8_t>(date.day));
}

void load_date(WireInputArchive& ar, domain::CivilDate& date) {
  std::uint16_t year = 0;
  std::uint8_t month = 0;
  std::uint8_t day = 0;
  ar(year, month, day);
  date = domain::CivilDate{year, month, day};
}

}  // namespace

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const domain::ReportId& id) {
  ar.write_bytes(id.bytes.data(), id.bytes.size());
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, domain::ReportId& id) {
  ar.read_bytes(id.bytes.data(), id.bytes.size());
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const domain::Attachment& attachment) {
  save_hex(ar, attachment.id);
  ar(attachment.media_type, attachment.size_bytes);
  save_hex(ar, attachment.sha256_hex);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, domain::Attachment& attachment) {
  load_hex(ar, attachment.id);
  ar(attachment.media_type, attachment.size_bytes);
  load_hex(ar, attachment.sha256_hex);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const domain::Report& report) {
  const bool v3 = carries_on_behalf(ar.wire_version());
  std::uint8_t flags = 0;
  if (report.anonymous) flags |= kAnonymous;
  if (report.confidential) flags |= kConfidential;
  if (report.contact) flags |= kHasContact;
  if (report.received_at) flags |= kHasReceivedAt;
  if (report.location.coordinates) flags |= kHasCoordinates;
  if (v3 && report.on_behalf) flags |= kHasOnBehalf;
  if (v3 && report.sms_consent) flags |= kSmsConsent;

  ar(report.id, flags, report.tracking_code);
  save_hex(ar, report.receipt_secret);
  save_enum(ar, report.classification);
  ar(report.title, report.body);
  save_date(ar, report.incident_date);
  ar(report.location.region_code, report.location.place);
  if (flags & kHasCoordinates) {
    ar(report.location.coordinates->latitude, report.location.coordinates->longitude);
  }
  ar(report.category_id, report.agency_id);
  save_list(ar, report.attachments, kMaxAttachmentsPerReport, "attachments");
  if (report.contact) ar(report.contact->name, report.contact->phone, report.contact->email);
  save_enum(ar, report.channel);
  if (flags & kHasOnBehalf) save_on_behalf(ar, *report.on_behalf);
  ar(report.created_at);
  if (report.received_at) ar(*report.received_at);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, domain::Report& report) {
  const bool v3 = carries_on_behalf(ar.wire_version());
  report = domain::Report{};  // what a version leaves out keeps its default
  std::uint8_t flags = 0;
  ar(report.id, flags, report.tracking_code);
  // An unknown bit would mean a field we would silently skip: refuse instead.
  if ((flags & ~(v3 ? kFlagsV3 : kFlagsV2)) != 0) {
    fail(errors::kMalformed, "report flags " + std::to_string(flags) + " at version " +
                                 std::to_string(ar.wire_version()));
  }
  report.anonymous = (flags & kAnonymous) != 0;
  report.confidential = (flags & kConfidential) != 0;
  report.sms_consent = (flags & kSmsConsent) != 0;

  load_hex(ar, report.receipt_secret);
  load_enum(ar, report.classification, domain::Classification::information_request);
  ar(report.title, report.body);
  load_date(ar, report.incident_date);
  ar(report.location.region_code, report.location.place);
  if (flags & kHasCoordinates) {
    domain::Coordinates coordinates;
    ar(coordinates.latitude, coordinates.longitude);
    // NaN is unequal to itself and passes every range check: refuse it here, once.
    if (!std::isfinite(coordinates.latitude) || !std::isfinite(coordinates.longitude)) {
      fail(errors::kMalformed, "coordinates that are not finite numbers");
    }
    report.location.coordinates = coordinates;
  }
  ar(report.category_id, report.agency_id);
  load_list(ar, report.attachments, kMaxAttachmentsPerReport, "attachments");
  if (flags & kHasContact) {
    domain::ReporterContact contact;
    ar(contact.name, contact.phone, contact.email);
    report.contact = std::move(contact);
  }
  load_enum(ar, report.channel, domain::Channel::open311);
  if (flags & kHasOnBehalf) {
    domain::OnBehalf on_behalf;
    load_on_behalf(ar, on_behalf);
    report.on_behalf = std::move(on_behalf);
  }
  ar(report.created_at);
  if (flags & kHasReceivedAt) {
    domain::Timestamp received_at = 0;
    ar(received_at);
    report.received_at = received_at;
  }
}

// Requests and responses. Lists carry their cap from envelope.h.

std::string_view to_string(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::stored: return "stored";
    case VerdictKind::duplicate: return "duplicate";
    case VerdictKind::conflict: return "conflict";
    case VerdictKind::rejected: return "rejected";
  }
  return "unknown";
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const RegisterDeviceRequest& message) {
  save_enum(ar, message.channel);
  ar(message.platform, message.app_version);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, RegisterDeviceRequest& message) {
  load_enum(ar, message.channel, domain::Channel::open311);
  ar(message.platform, message.app_version);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const RegisterDeviceResponse& message) {
  save_hex(ar, message.device_id);
  save_hex(ar, message.device_secret);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, RegisterDeviceResponse& message) {
  load_hex(ar, message.device_id);
  load_hex(ar, message.device_secret);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const PushBatchRequest& message) {
  save_hex(ar, message.device_id);
  save_list(ar, message.reports, kMaxBatchReports, "reports");
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, PushBatchRequest& message) {
  load_hex(ar, message.device_id);
  load_list(ar, message.reports, kMaxBatchReports, "reports");
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const Problem& problem) {
  ar(problem.field, problem.code);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, Problem& problem) {
  ar(problem.field, problem.code);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const Verdict& verdict) {
  ar(verdict.report_id);
  save_enum(ar, verdict.kind);
  ar(verdict.tracking_code, verdict.received_at);
  save_list(ar, verdict.problems, kMaxProblemsPerVerdict, "problems");
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, Verdict& verdict) {
  ar(verdict.report_id);
  load_enum(ar, verdict.kind, VerdictKind::rejected);
  ar(verdict.tracking_code, verdict.received_at);
  load_list(ar, verdict.problems, kMaxProblemsPerVerdict, "problems");
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const PushBatchResponse& message) {
  save_list(ar, message.verdicts, kMaxBatchReports, "verdicts");
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, PushBatchResponse& message) {
  load_list(ar, message.verdicts, kMaxBatchReports, "verdicts");
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const PullEventsRequest& message) {
  ar(message.cursor, message.limit);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, PullEventsRequest& message) {
  ar(message.cursor, message.limit);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const StatusEvent& event) {
  ar(event.seq, event.report_id, event.status, event.at, event.note, event.agency_id);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, StatusEvent& event) {
  ar(event.seq, event.report_id, event.status, event.at, event.note, event.agency_id);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const PullEventsResponse& message) {
  save_list(ar, message.events, kMaxEventsPerPull, "events");
  ar(message.next_cursor, message.more);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, PullEventsResponse& message) {
  load_list(ar, message.events, kMaxEventsPerPull, "events");
  ar(message.next_cursor, message.more);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const TrackRequest& message) {
  ar(message.tracking_code);
  save_hex(ar, message.receipt_secret);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, TrackRequest& message) {
  ar(message.tracking_code);
  load_hex(ar, message.receipt_secret);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const TimelineEntry& entry) {
  ar(entry.status, entry.at, entry.agency_id);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, TimelineEntry& entry) {
  ar(entry.status, entry.at, entry.agency_id);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const AgencyAnswer& answer) {
  ar(answer.agency_id, answer.at, answer.text);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, AgencyAnswer& answer) {
  ar(answer.agency_id, answer.at, answer.text);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const TrackResponse& message) {
  ar(message.tracking_code, message.status);
  save_list(ar, message.timeline, kMaxTimelineEntries, "timeline");
  save_list(ar, message.answers, kMaxTimelineEntries, "answers");
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, TrackResponse& message) {
  ar(message.tracking_code, message.status);
  load_list(ar, message.timeline, kMaxTimelineEntries, "timeline");
  load_list(ar, message.answers, kMaxTimelineEntries, "answers");
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const ErrorResponse& message) {
  ar(message.code, message.detail);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, ErrorResponse& message) {
  ar(message.code, message.detail);
}

// The officers' API (officer_messages.h).

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const OfficerLoginRequest& message) {
  ar(message.username, message.password);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, OfficerLoginRequest& message) {
  ar(message.username, message.password);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const OfficerLoginResponse& message) {
  save_hex(ar, message.session_token);
  ar(message.expires_at, message.officer_id, message.role, message.agency_id);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, OfficerLoginResponse& message) {
  load_hex(ar, message.session_token);
  ar(message.expires_at, message.officer_id, message.role, message.agency_id);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const OfficerReportsRequest& message) {
  ar(message.status, message.limit, message.offset);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, OfficerReportsRequest& message) {
  ar(message.status, message.limit, message.offset);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const OfficerReportRow& row) {
  // The receipt secret lets its holder act as the citizen (accept, rate): an officer never
  // gets it, whatever the route or version. The field stays, empty, so the layout is unchanged.
  domain::Report report = row.report;
  report.receipt_secret.clear();
  ar(report, row.status, row.agency_id);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, OfficerReportRow& row) {
  ar(row.report, row.status, row.agency_id);
  // What the encoder never sends is refused, not kept: an officer's device holding a secret.
  if (!row.report.receipt_secret.empty()) {
    fail(errors::kMalformed, "a report for an officer that carries its receipt secret");
  }
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const OfficerReportsResponse& message) {
  save_list(ar, message.reports, kMaxBatchReports, "reports");
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, OfficerReportsResponse& message) {
  load_list(ar, message.reports, kMaxBatchReports, "reports");
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const OfficerActionRequest& message) {
  ar(message.report_id, message.action, message.note, message.target_agency_id, message.rating,
     message.expected_status);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, OfficerActionRequest& message) {
  ar(message.report_id, message.action, message.note, message.target_agency_id, message.rating,
     message.expected_status);
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const OfficerActionResponse& message) {
  ar(message.status, message.agency_id, message.seq);
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, OfficerActionResponse& message) {
  ar(message.status, message.agency_id, message.seq);
}

// The boundary.

template <Message T>
Result<Bytes> encode(const T& message, std::uint16_t version) {
  if (version < kOldestSupportedVersion || version > kProtocolVersion) {
    return Error{std::string(errors::kUnsupportedVersion),
                 "cannot encode protocol version " + std::to_string(version)};
  }
  Bytes out;
  auto saved = save_message(out, EnvelopeHeader{version, T::kType}, message);
  if (!saved) return saved.error();
  return out;
}

template <Message T>
Result<T> decode(std::span<const std::uint8_t> bytes) {
  auto header = peek_envelope(bytes);
  if (!header) return header.error();
  if (header.value().type != T::kType) {
    return Error{std::string(errors::kWrongType), "expected " + std::string(to_string(T::kType)) +
                                                      ", got " +
                                                      std::string(to_string(header.value().type))};
  }
  T message{};
  auto loaded = load_payload(bytes.subspan(kEnvelopeHeaderBytes), header.value().version, message);
  if (!loaded) return loaded.error();
  return message;
}

#define ADUAN_WIRE_INSTANTIATE(Type)                                               \
  template Result<Bytes> encode<Type>(const Type& message, std::uint16_t version); \
  template Result<Type> decode<Type>(std::span<const std::uint8_t> bytes)

ADUAN_WIRE_INSTANTIATE(RegisterDeviceRequest);
ADUAN_WIRE_INSTANTIATE(RegisterDeviceResponse);
ADUAN_WIRE_INSTANTIATE(PushBatchRequest);
ADUAN_WIRE_INSTANTIATE(PushBatchResponse);
ADUAN_WIRE_INSTANTIATE(PullEventsRequest);
ADUAN_WIRE_INSTANTIATE(PullEventsResponse);
ADUAN_WIRE_INSTANTIATE(TrackRequest);
ADUAN_WIRE_INSTANTIATE(TrackResponse);
ADUAN_WIRE_INSTANTIATE(ErrorResponse);
ADUAN_WIRE_INSTANTIATE(OfficerLoginRequest);
ADUAN_WIRE_INSTANTIATE(OfficerLoginResponse);
ADUAN_WIRE_INSTANTIATE(OfficerReportsRequest);
ADUAN_WIRE_INSTANTIATE(OfficerReportsResponse);
ADUAN_WIRE_INSTANTIATE(OfficerActionRequest);
ADUAN_WIRE_INSTANTIATE(OfficerActionResponse);

#undef ADUAN_WIRE_INSTANTIATE

}  // namespace aduan::wire
