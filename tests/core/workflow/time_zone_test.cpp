// Tests Indonesia's time zones and local dates (core/workflow/time_zone.h).
//
// The instants are written as literal milliseconds (computed once outside the code under test),
// so a slip in the day arithmetic cannot cancel itself out. Every province of the shipped region
// catalog must have a zone: a new province added to the catalog fails here until it gets one.
#include "core/workflow/time_zone.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/domain/report.h"
#include "core/workflow/working_days.h"

namespace aduan::workflow {
namespace {

using domain::CivilDate;

// 2026-11-22 15:30 UTC: Sunday 22:30 in Jakarta, Sunday 23:30 in Makassar, Monday 00:30 in
// Jayapura.
constexpr domain::Timestamp kSundayEveningUtc = 1'795'361'400'000;

TEST(TimeZone, ProvincesMapToTheirZones) {
  EXPECT_EQ(zone_of_region("11"), TimeZone::wib);      // Aceh
  EXPECT_EQ(zone_of_region("13"), TimeZone::wib);      // Sumatera Barat
  EXPECT_EQ(zone_of_region("31"), TimeZone::wib);      // Jakarta
  EXPECT_EQ(zone_of_region("32.12"), TimeZone::wib);   // Indramayu, Jawa Barat
  EXPECT_EQ(zone_of_region("61.08"), TimeZone::wib);   // Landak, Kalimantan Barat
  EXPECT_EQ(zone_of_region("62"), TimeZone::wib);      // Kalimantan Tengah
  EXPECT_EQ(zone_of_region("51"), TimeZone::wita);     // Bali
  EXPECT_EQ(zone_of_region("53"), TimeZone::wita);     // NTT
  EXPECT_EQ(zone_of_region("63"), TimeZone::wita);     // Kalimantan Selatan
  EXPECT_EQ(zone_of_region("64"), TimeZone::wita);     // Kalimantan Timur
  EXPECT_EQ(zone_of_region("65"), TimeZone::wita);     // Kalimantan Utara
  EXPECT_EQ(zone_of_region("73.71"), TimeZone::wita);  // Makassar
  EXPECT_EQ(zone_of_region("76"), TimeZone::wita);     // Sulawesi Barat
  EXPECT_EQ(zone_of_region("81"), TimeZone::wit);      // Maluku
  EXPECT_EQ(zone_of_region("82"), TimeZone::wit);      // Maluku Utara
  EXPECT_EQ(zone_of_region("91.71"), TimeZone::wit);   // Jayapura
  EXPECT_EQ(zone_of_region("96"), TimeZone::wit);      // Papua Barat Daya
  EXPECT_EQ(zone_of_region("97"), TimeZone::wit);
}

TEST(TimeZone, UnknownOrMalformedCodesHaveNoZone) {
  for (const char* code : {"", "3", "00", "20", "37", "99", "3a", "32x", "32-12", " 32", "x1"}) {
    EXPECT_FALSE(zone_of_region(code)) << code;
  }
  EXPECT_EQ(zone_of_agency_region(""), TimeZone::wib);  // a national agency
  EXPECT_EQ(zone_of_agency_region("99"), kNationalTimeZone);
  EXPECT_EQ(zone_of_agency_region("94.01"), TimeZone::wit);
}

TEST(TimeZone, EveryProvinceOfTheCatalogHasAZone) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/assets/catalog/regions.tsv");
  ASSERT_TRUE(in) << "assets/catalog/regions.tsv";
  std::string line;
  int provinces = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string code = line.substr(0, line.find('\t'));
    if (code.find('.') != std::string::npos) continue;
    ++provinces;
    EXPECT_TRUE(zone_of_region(code)) << "province " << code << " has no zone";
  }
  EXPECT_EQ(provinces, 38);
}

TEST(TimeZone, NamesAndOffsets) {
  EXPECT_EQ(to_string(TimeZone::wib), "WIB");
  EXPECT_EQ(to_string(TimeZone::wita), "WITA");
  EXPECT_EQ(to_string(TimeZone::wit), "WIT");
  EXPECT_EQ(utc_offset_hours(TimeZone::wib), 7);
  EXPECT_EQ(utc_offset_hours(TimeZone::wita), 8);
  EXPECT_EQ(utc_offset_ms(TimeZone::wit), 9 * 3'600'000);
}

TEST(LocalDate, OneInstantIsSundayInTheWestAndMondayInTheEast) {
  EXPECT_EQ(local_date(kSundayEveningUtc, TimeZone::wib), (CivilDate{2026, 11, 22}));
  EXPECT_EQ(local_date(kSundayEveningUtc, TimeZone::wita), (CivilDate{2026, 11, 22}));
  EXPECT_EQ(local_date(kSundayEveningUtc, TimeZone::wit), (CivilDate{2026, 11, 23}));
  EXPECT_EQ(weekday(local_date(kSundayEveningUtc, TimeZone::wib)), Weekday::sunday);
  EXPECT_EQ(weekday(local_date(kSundayEveningUtc, TimeZone::wit)), Weekday::monday);
}

TEST(LocalDate, TheDayTurnsAtLocalMidnight) {
  constexpr domain::Timestamp kLastMsOfSundayWib = 1'795'366'799'999;  // 16:59:59.999 UTC
  constexpr domain::Timestamp kMidnightWib = 1'795'366'800'000;        // 17:00 UTC
  EXPECT_EQ(local_date(kLastMsOfSundayWib, TimeZone::wib), (CivilDate{2026, 11, 22}));
  EXPECT_EQ(local_date(kMidnightWib, TimeZone::wib), (CivilDate{2026, 11, 23}));
  EXPECT_EQ(local_date(kMidnightWib, TimeZone::wita), (CivilDate{2026, 11, 23}));
  EXPECT_EQ(start_of_local_day({2026, 11, 23}, TimeZone::wib), kMidnightWib);
  EXPECT_EQ(start_of_local_day({2026, 11, 23}, TimeZone::wit), kMidnightWib - 2 * 3'600'000);
}

TEST(LocalDate, NewYearArrivesInJayapuraFirst) {
  constexpr domain::Timestamp kDec31At16Utc = 1'798'732'800'000;
  EXPECT_EQ(local_date(kDec31At16Utc, TimeZone::wib), (CivilDate{2026, 12, 31}));
  EXPECT_EQ(local_date(kDec31At16Utc, TimeZone::wita), (CivilDate{2027, 1, 1}));
  EXPECT_EQ(local_date(kDec31At16Utc, TimeZone::wit), (CivilDate{2027, 1, 1}));
}

TEST(LocalDate, BeforeTheEpochRoundsDown) {
  EXPECT_EQ(local_date(-14'400'000, TimeZone::wib), (CivilDate{1970, 1, 1}));  // 20:00 UTC + 7
  EXPECT_EQ(local_date(-28'800'001, TimeZone::wib), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(local_date(-1, TimeZone::wib), (CivilDate{1970, 1, 1}));
  EXPECT_EQ(local_date(-25'200'001, TimeZone::wib), (CivilDate{1969, 12, 31}));
}

TEST(LocalDate, StartOfDayIsTheInverseForEveryZone) {
  for (TimeZone zone : {TimeZone::wib, TimeZone::wita, TimeZone::wit}) {
    for (CivilDate date :
         {CivilDate{1969, 12, 31}, CivilDate{2024, 2, 29}, CivilDate{2027, 1, 1}}) {
      domain::Timestamp start = start_of_local_day(date, zone);
      EXPECT_EQ(local_date(start, zone), date);
      EXPECT_EQ(local_date(start - 1, zone), add_days(date, -1));
      EXPECT_EQ(local_date(start + 86'400'000 - 1, zone), date);
    }
  }
}

}  // namespace
}  // namespace aduan::workflow
