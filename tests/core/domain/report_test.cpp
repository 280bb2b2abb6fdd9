// Tests of the report model's ids, names and dates (core/domain/report.h).
#include "core/domain/report.h"

#include <gtest/gtest.h>

#include <set>

namespace aduan::domain {
namespace {

TEST(ReportId, RoundTripsThroughText) {
  auto id = ReportId::random();
  auto text = id.to_string();
  ASSERT_EQ(text.size(), 32u);
  auto parsed = ReportId::parse(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, id);
}

TEST(ReportId, RejectsMalformedText) {
  EXPECT_FALSE(ReportId::parse(""));
  EXPECT_FALSE(ReportId::parse("0123456789abcdef0123456789abcde"));
  EXPECT_FALSE(ReportId::parse("0123456789abcdef0123456789abcdeg"));
  EXPECT_TRUE(ReportId::parse("0123456789ABCDEF0123456789abcdef"));
}

TEST(ReportId, RandomIdsDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(ReportId::random().to_string());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(CivilDate, ParsesOnlyRealCalendarDays) {
  EXPECT_EQ(parse_civil_date("2024-02-29"), (CivilDate{2024, 2, 29}));
  EXPECT_FALSE(parse_civil_date("2023-02-29"));
  EXPECT_FALSE(parse_civil_date("2023-13-01"));
  EXPECT_FALSE(parse_civil_date("2023-1-01"));
  EXPECT_FALSE(parse_civil_date("20x3-01-01"));
  EXPECT_EQ(to_string(CivilDate{2023, 10, 16}), "2023-10-16");
}

TEST(Names, ClassificationAndChannelRoundTrip) {
  for (auto c : {Classification::complaint, Classification::aspiration,
                 Classification::information_request})
    EXPECT_EQ(parse_classification(to_string(c)), c);
  for (auto c : {Channel::web, Channel::kiosk, Channel::assisted, Channel::sms, Channel::open311})
    EXPECT_EQ(parse_channel(to_string(c)), c);
  EXPECT_FALSE(parse_classification("keluhan"));
}

TEST(Report, SameContentIgnoresServerReceivedAt) {
  Report a;
  a.id = ReportId::random();
  a.title = "Jalan rusak";
  Report b = a;
  b.received_at = 1700000000000;
  EXPECT_TRUE(a.same_content(b));
  b.title = "Jalan berlubang";
  EXPECT_FALSE(a.same_content(b));
}

}  // namespace
}  // namespace aduan::domain
