// Round trips of every message at every supported protocol version (core/wire/messages.h), what
// a version-2 report decodes to, that version 1 is refused, and the encoder's refusals.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/wire/envelope.h"
#include "core/wire/messages.h"

namespace aduan::wire {
namespace {

domain::ReportId id_with(std::uint8_t fill) {
  domain::ReportId id;
  id.bytes.fill(fill);
  id.bytes[15] = 0x01;
  return id;
}

domain::Report full_report() {
  domain::Report r;
  r.id = id_with(0xa7);
  r.tracking_code = "7K3M-Q9XD-2HWA-5";
  r.receipt_secret = "00112233445566778899aabbccddeeff";
  r.classification = domain::Classification::aspiration;
  r.title = "Lampu jalan mati di Jl. Raya Jatibarang";
  r.body = "Sudah dua minggu lampu jalan mati, rawan kecelakaan malam hari.";
  r.incident_date = {2024, 3, 17};
  r.location = {"32.12", "depan SDN 1 Jatibarang", domain::Coordinates{-6.4731, 108.3125}};
  r.category_id = "penerangan-jalan";
  r.agency_id = "dishub-3212";
  r.attachments = {{"0123456789abcdef0123456789abcdef", "image/jpeg", 183422, std::string(64, 'e')},
                   {"NOT-HEX-ID", "image/png", 0, "ABCDEF"}};  // travels unpacked
  r.anonymous = true;
  r.confidential = true;
  r.contact = domain::ReporterContact{"Siti Aminah", "+6281234567890", "siti@example.id"};
  r.channel = domain::Channel::assisted;
  r.on_behalf = domain::OnBehalf{"Pak Darmin", "081298765432",
                                 {true, domain::ConsentMethod::written, "Bu Kades Sumirah"}};
  r.sms_consent = true;
  r.created_at = 1710662400123;
  r.received_at = 1710662401000;
  return r;
}

template <class T>
void expect_round_trip(const T& message, std::uint16_t version) {
  auto bytes = encode(message, version);
  ASSERT_TRUE(bytes) << bytes.error().code << ": " << bytes.error().detail;
  auto header = peek_envelope(bytes.value());
  ASSERT_TRUE(header) << header.error().code;
  EXPECT_EQ(header.value(), (EnvelopeHeader{version, T::kType}));
  auto decoded = decode<T>(bytes.value());
  ASSERT_TRUE(decoded) << decoded.error().code << ": " << decoded.error().detail;
  EXPECT_EQ(decoded.value(), message) << "at version " << version;
}

template <class T>
void expect_round_trip_at_every_version(const T& message) {
  for (std::uint16_t v = kOldestSupportedVersion; v <= kProtocolVersion; ++v) {
    SCOPED_TRACE(testing::Message() << "version " << v);
    expect_round_trip(message, v);
  }
}

TEST(WireRoundTrip, RegisterDevice) {
  expect_round_trip_at_every_version(
      RegisterDeviceRequest{domain::Channel::assisted, "web-android", "0.1.0"});
  expect_round_trip_at_every_version(RegisterDeviceResponse{"9f86d081884c7d659a2feaa0c55ad015",
                                                            "a3f1c2d4e5b6978812345678abcdef00"});
}

TEST(WireRoundTrip, PushBatchAtCurrentVersionKeepsEveryField) {
  domain::Report minimal;
  PushBatchRequest request{"c0ffee00c0ffee00", {full_report(), minimal, full_report()}};
  request.reports[2].contact.reset();
  request.reports[2].received_at.reset();
  request.reports[2].attachments.clear();
  expect_round_trip(request, kProtocolVersion);
  expect_round_trip(PushBatchRequest{}, kProtocolVersion);
}

TEST(WireRoundTrip, VersionTwoReportsDecodeWithoutOnBehalfOrSmsConsent) {
  PushBatchRequest request{"c0ffee00c0ffee00", {full_report()}};
  auto v2 = encode(request, 2);
  auto v3 = encode(request, 3);
  ASSERT_TRUE(v2);
  ASSERT_TRUE(v3);
  // Version 3 adds the on-behalf block: two strings of 10 and 12 bytes, a consent byte and a
  // witness of 16, each string behind a one-byte length; the consent flags share the flags byte.
  EXPECT_EQ(v3.value().size() - v2.value().size(), (1u + 10u) + (1u + 12u) + 1u + (1u + 16u));

  auto decoded = decode<PushBatchRequest>(v2.value());
  ASSERT_TRUE(decoded) << decoded.error().detail;
  const domain::Report& got = decoded.value().reports.at(0);
  EXPECT_FALSE(got.on_behalf);
  EXPECT_FALSE(got.sms_consent);
  domain::Report expected = full_report();
  expected.on_behalf.reset();
  expected.sms_consent = false;
  EXPECT_EQ(got, expected);
}

TEST(WireRoundTrip, ConsentRoundTripsEveryWay) {
  for (bool given : {false, true}) {
    for (auto method : {domain::ConsentMethod::spoken, domain::ConsentMethod::written}) {
      domain::Report r = full_report();
      r.on_behalf = domain::OnBehalf{"", "", {given, method, ""}};
      r.sms_consent = !given;
      expect_round_trip(PushBatchRequest{"c0ffee00", {r}}, kProtocolVersion);
    }
  }
}

TEST(WireRoundTrip, VersionOneIsNeitherReadNorWritten) {
  static_assert(kOldestSupportedVersion == 2, "update this test when dropping a version");
  auto v2 = encode(PushBatchRequest{"c0ffee00", {}}, 2);
  ASSERT_TRUE(v2);
  Bytes v1 = v2.value();
  v1[4] = 1;  // the version field, little-endian
  auto decoded = decode<PushBatchRequest>(v1);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, errors::kUnsupportedVersion);
  auto encoded = encode(PushBatchRequest{}, 1);
  ASSERT_FALSE(encoded);
  EXPECT_EQ(encoded.error().code, errors::kUnsupportedVersion);
}

TEST(WireRoundTrip, PushBatchResponse) {
  PushBatchResponse response;
  response.verdicts.push_back(
      {id_with(1), VerdictKind::stored, "AAAA-BBBB-CCCC-D", 1710662401000, {}});
  response.verdicts.push_back(
      {id_with(2), VerdictKind::duplicate, "0R1G-0000-0001-X", 1700000000000, {}});
  response.verdicts.push_back({id_with(3), VerdictKind::conflict, "", 0, {}});
  response.verdicts.push_back({id_with(4),
                               VerdictKind::rejected,
                               "",
                               0,
                               {{"title", "too_short"}, {"location.region_code", "unknown"}}});
  expect_round_trip_at_every_version(response);
}

TEST(WireRoundTrip, PullEvents) {
  expect_round_trip_at_every_version(PullEventsRequest{9'007'199'254'740'993ull, 200});
  PullEventsResponse response;
  response.events.push_back({41, id_with(5), "diverifikasi", 1710670000000, "", "dishub-3212"});
  response.events.push_back({42, id_with(5), "selesai", 1710800000000,
                             "Lampu sudah diganti, terima kasih atas laporannya.", "dishub-3212"});
  response.next_cursor = 43;
  response.more = true;
  expect_round_trip_at_every_version(response);
  expect_round_trip_at_every_version(PullEventsResponse{});
}

TEST(WireRoundTrip, Track) {
  expect_round_trip_at_every_version(TrackRequest{"7K3M-Q9XD-2HWA-5", ""});
  expect_round_trip_at_every_version(
      TrackRequest{"7K3M-Q9XD-2HWA-5", "00112233445566778899aabbccddeeff"});
  TrackResponse response{
      "7K3M-Q9XD-2HWA-5",
      "ditindaklanjuti",
      {{"diterima", 1710662401000, ""}, {"diverifikasi", 1710670000000, "dishub-3212"}},
      {{"dishub-3212", 1710700000000, "Akan diperbaiki pekan ini."}}};
  expect_round_trip_at_every_version(response);
}

TEST(WireRoundTrip, ErrorResponse) {
  expect_round_trip_at_every_version(ErrorResponse{"auth.unknown_device", "register again"});
  expect_round_trip_at_every_version(ErrorResponse{});
}

TEST(WireRoundTrip, HexTextKeepsItsExactSpellingAndPacksOnlyLowercase) {
  RegisterDeviceResponse lower{"abcdef0123456789", ""};
  RegisterDeviceResponse upper{"ABCDEF0123456789", ""};
  RegisterDeviceResponse odd{"abc", "0"};
  for (const auto& m : {lower, upper, odd}) expect_round_trip(m, kProtocolVersion);
  EXPECT_LT(encode(lower).value().size(), encode(upper).value().size());
}

TEST(WireEncode, RefusesVersionsOutsideTheSupportedRange) {
  auto too_old = encode(ErrorResponse{}, 0);
  ASSERT_FALSE(too_old);
  EXPECT_EQ(too_old.error().code, errors::kUnsupportedVersion);
  auto too_new = encode(ErrorResponse{}, kProtocolVersion + 1);
  ASSERT_FALSE(too_new);
  EXPECT_EQ(too_new.error().code, errors::kUnsupportedVersion);
}

TEST(WireEncode, RefusesListsTheDecoderWouldRefuse) {
  PushBatchRequest request;
  request.reports.resize(kMaxBatchReports + 1);
  auto bytes = encode(request);
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, errors::kTooLarge);

  request.reports.resize(1);
  request.reports[0].attachments.resize(kMaxAttachmentsPerReport + 1);
  bytes = encode(request);
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, errors::kTooLarge);
}

TEST(WireEncode, RefusesDatesTheFormatCannotCarry) {
  domain::Report r;
  r.incident_date = {2024, 300, 1};
  auto bytes = encode(PushBatchRequest{"", {r}});
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, errors::kUnencodable);
}

TEST(WireEncode, RefusesMessagesOverTheSizeLimit) {
  ErrorResponse huge{"x", std::string(kMaxMessageBytes, 'x')};
  auto bytes = encode(huge);
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, errors::kTooLarge);
}

TEST(WireEnvelope, NamesEveryMessageType) {
  for (std::uint16_t raw = 1; raw <= 15; ++raw) {
    EXPECT_TRUE(is_known_message_type(raw));
    EXPECT_NE(to_string(static_cast<MessageType>(raw)), "unknown");
  }
  EXPECT_FALSE(is_known_message_type(0));
  EXPECT_FALSE(is_known_message_type(16));
  EXPECT_EQ(to_string(VerdictKind::duplicate), "duplicate");
}

}  // namespace
}  // namespace aduan::wire
