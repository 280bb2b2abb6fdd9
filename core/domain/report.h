// core/domain/report.h: what a citizen's report is, as every other part of Aduan sees it.
//
// Owns the plain data types of a report (DOMAIN.md, "Reports"). Does not own what makes a
// report acceptable (core/rules), how it moves between statuses (core/workflow), or how it is
// stored or encoded (core/store, core/wire). Plain structs with value semantics, so the rules
// can be pure functions and the wire and store can map fields one to one.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/secrets.h"  // random_bytes, random_hex: ids and secrets are made from them

namespace aduan::domain {

// Milliseconds since the Unix epoch, UTC. Device clocks can be wrong, so the server keeps its
// own received_at beside the device's created_at.
using Timestamp = std::int64_t;

// 128 random bits made on the device: the idempotency key of a report across every retry.
struct ReportId {
  std::array<std::uint8_t, 16> bytes{};

  static ReportId random();
  // 32 lowercase hex digits; parse() also accepts upper case and returns nullopt otherwise.
  std::string to_string() const;
  static std::optional<ReportId> parse(std::string_view text);
  bool is_nil() const;
  friend bool operator==(const ReportId&, const ReportId&) = default;
  friend bool operator<(const ReportId& a, const ReportId& b) { return a.bytes < b.bytes; }
};

enum class Classification : std::uint8_t {
  complaint = 0,            // pengaduan
  aspiration = 1,           // aspirasi
  information_request = 2,  // permintaan informasi
};

enum class Channel : std::uint8_t { web = 0, kiosk = 1, assisted = 2, sms = 3, open311 = 4 };

// A calendar date with no time zone: the day the citizen says the event happened.
struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted comparison
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

struct Coordinates {
  double latitude = 0;   // WGS84 degrees
  double longitude = 0;
  friend bool operator==(const Coordinates&, const Coordinates&) = default;
};

struct Location {
  std::string region_code;  // Kemendagri code from the catalog, e.g. "32.12" (Indramayu)
  std::string place;        // free text: street, landmark, village
  std::optional<Coordinates> coordinates;
  friend bool operator==(const Location&, const Location&) = default;
};

struct Attachment {
  std::string id;          // 32 hex digits, made on the device
  std::string media_type;  // e.g. "image/jpeg"
  std::uint64_t size_bytes = 0;
  std::string sha256_hex;  // 64 lowercase hex digits of the content
  friend bool operator==(const Attachment&, const Attachment&) = default;
};

// How the reporter can be reached. Never required; never shown for an anonymous report.
struct ReporterContact {
  std::string name;
  std::string phone;
  std::string email;
  friend bool operator==(const ReporterContact&, const ReporterContact&) = default;
};

// How a citizen agreed to a village official reporting for them (protocol version 3). Recorded
// as said: consent may be refused, and then the official keeps no name or phone of the
// citizen. Never a photo or a thumbprint: those are personal data of a special kind.
enum class ConsentMethod : std::uint8_t { spoken = 0, written = 1 };

struct Consent {
  bool given = false;
  ConsentMethod method = ConsentMethod::spoken;
  std::string witness;  // optional: who else heard or saw it
  friend bool operator==(const Consent&, const Consent&) = default;
};

// The citizen an assisted report is for. Who entered it is never part of the report: the
// server knows the official from the device's credentials (DESIGN.md, protocol version 3).
struct OnBehalf {
  std::string citizen_name;   // optional; empty when anonymous or not given
  std::string citizen_phone;  // optional; the same
  Consent consent;
  friend bool operator==(const OnBehalf&, const OnBehalf&) = default;
};

struct Report {
  ReportId id;
  std::string tracking_code;   // canonical form, see tracking_code.h
  std::string receipt_secret;  // 32 hex digits; lets the sender alone see a confidential report
  Classification classification = Classification::complaint;
  std::string title;
  std::string body;
  CivilDate incident_date;
  Location location;
  std::string category_id;  // from the catalog
  std::string agency_id;    // from the catalog; empty means "not sure", routed by the admin
  std::vector<Attachment> attachments;
  bool anonymous = false;     // identity hidden from the agency
  bool confidential = false;  // content never published
  std::optional<ReporterContact> contact;
  Channel channel = Channel::web;
  std::optional<OnBehalf> on_behalf;  // set exactly when channel is assisted (protocol v3)
  bool sms_consent = false;           // the reporter agreed to status news by SMS (protocol v3)
  Timestamp created_at = 0;                // device clock
  std::optional<Timestamp> received_at;    // server clock, set when the server stores it

  // Equality of what the citizen submitted: the server's received_at is not part of it, so a
  // retry of the same report is recognised as the same content.
  bool same_content(const Report& other) const;
  friend bool operator==(const Report&, const Report&) = default;
};

std::string_view to_string(Classification c);  // "pengaduan", "aspirasi", "permintaan_informasi"
std::optional<Classification> parse_classification(std::string_view text);
std::string_view to_string(Channel c);  // "web", "kiosk", "assisted", "sms", "open311"
std::optional<Channel> parse_channel(std::string_view text);
std::string_view to_string(ConsentMethod m);  // "spoken", "written"
std::optional<ConsentMethod> parse_consent_method(std::string_view text);
std::string to_string(const CivilDate& d);  // "YYYY-MM-DD"
std::optional<CivilDate> parse_civil_date(std::string_view text);  // validates the calendar

}  // namespace aduan::domain
