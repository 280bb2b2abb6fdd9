// The officers' API messages: round trips, and refusal of one message type as another.
#include "core/wire/officer_messages.h"

#include <gtest/gtest.h>

namespace aduan::wire {
namespace {

template <class T>
T round_trip(const T& message) {
  auto bytes = encode(message);
  EXPECT_TRUE(bytes.ok());
  auto decoded = decode<T>(bytes.value());
  EXPECT_TRUE(decoded.ok()) << (decoded.ok() ? "" : decoded.error().detail);
  return decoded.ok() ? decoded.value() : T{};
}

TEST(OfficerMessages, RoundTrip) {
  OfficerLoginRequest login{"petugas.indramayu", "kata sandi yang panjang"};
  EXPECT_EQ(round_trip(login), login);
  OfficerLoginResponse session{"00112233445566778899aabbccddeeff", 1700000000000, "officer-7",
                               "liaison_officer", "kab-32.12-dinkes"};
  EXPECT_EQ(round_trip(session), session);
  OfficerReportsRequest list{"received", 20, 40};
  EXPECT_EQ(round_trip(list), list);

  OfficerReportRow row;
  row.report.id = domain::ReportId::random();
  row.report.tracking_code = "ABCD-EFGH-JKMN-P";
  row.report.title = "Jalan rusak di depan sekolah";
  row.report.incident_date = {2026, 11, 2};
  row.status = "dispositioned";
  row.agency_id = "kab-32.12-pupr";
  OfficerReportsResponse rows{{row, row}};
  EXPECT_EQ(round_trip(rows), rows);

  OfficerActionRequest action{row.report.id, "respond", "Perbaikan dijadwalkan minggu depan.", "", 0,
                              "in_progress"};
  EXPECT_EQ(round_trip(action), action);
  OfficerActionResponse done{"responded", "kab-32.12-pupr", 42};
  EXPECT_EQ(round_trip(done), done);
}

TEST(OfficerMessages, AReportSentToAnOfficerNeverCarriesItsReceiptSecret) {
  OfficerReportRow row;
  row.report.id = domain::ReportId::random();
  row.report.tracking_code = "ABCD-EFGH-JKMN-P";
  row.report.receipt_secret = "00112233445566778899aabbccddeeff";
  row.report.incident_date = {2026, 11, 2};
  for (std::uint16_t version : {std::uint16_t{kOldestSupportedVersion}, kProtocolVersion}) {
    auto bytes = encode(OfficerReportsResponse{{row}}, version);
    ASSERT_TRUE(bytes.ok());
    const std::string raw(bytes.value().begin(), bytes.value().end());
    const std::string packed("\x00\x11\x22\x33\x44\x55\x66\x77",
                             8);  // the secret as the codec packs hex
    EXPECT_EQ(raw.find(packed), std::string::npos);
    EXPECT_EQ(raw.find(row.report.receipt_secret), std::string::npos);
    auto decoded = decode<OfficerReportsResponse>(bytes.value());
    ASSERT_TRUE(decoded.ok());
    EXPECT_TRUE(decoded.value().reports.at(0).report.receipt_secret.empty());
  }
}

TEST(OfficerMessages, OneTypeIsNotDecodedAsAnother) {
  auto bytes = encode(OfficerLoginRequest{"a", "b"});
  ASSERT_TRUE(bytes.ok());
  auto wrong = decode<OfficerActionRequest>(bytes.value());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "wire.wrong_type");
}

}  // namespace
}  // namespace aduan::wire
