// Tests the shipped holiday calendar (assets/catalog/holidays.tsv) as the deadlines use it.
//
// The coverage test reads the real current date on purpose: deadlines computed next year with
// this year's list silently miss every holiday, so the build must turn red before that happens,
// not after. It fails when the coming 12 months reach a year the file does not declare in full,
// which is the signal to add the next SKB (published around September of the year before).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/domain/catalog.h"
#include "core/workflow/time_zone.h"
#include "core/workflow/working_days.h"

namespace aduan::workflow {
namespace {

std::string holidays_text() {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/assets/catalog/holidays.tsv");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The years of the "# Years: 2026 2027" header line.
std::set<int> declared_years(const std::string& text) {
  std::set<int> years;
  std::istringstream lines(text);
  std::string line;
  const std::string marker = "# Years:";
  while (std::getline(lines, line)) {
    if (line.rfind(marker, 0) != 0) continue;
    std::istringstream words(line.substr(marker.size()));
    int year = 0;
    while (words >> year) years.insert(year);
  }
  return years;
}

struct YearCount {
  int libur = 0;
  int cuti_bersama = 0;
};

std::map<int, YearCount> counts_by_year(const std::vector<domain::Holiday>& holidays) {
  std::map<int, YearCount> out;
  for (const auto& h : holidays) {
    auto& count = out[h.date.year];
    (h.cuti_bersama ? count.cuti_bersama : count.libur) += 1;
  }
  return out;
}

TEST(HolidayCalendar, DeclaresExactlyTheYearsItListsEachFromItsDecree) {
  std::string text = holidays_text();
  auto holidays = domain::parse_holidays(text);
  ASSERT_TRUE(holidays.ok()) << holidays.error().detail;
  auto counts = counts_by_year(holidays.value());
  std::set<int> listed;
  for (const auto& [year, count] : counts) listed.insert(year);
  EXPECT_EQ(declared_years(text), listed);
  // The decrees' own totals: a dropped or invented line fails here.
  EXPECT_EQ(counts[2026].libur, 17);
  EXPECT_EQ(counts[2026].cuti_bersama, 8);
  EXPECT_EQ(counts[2027].libur, 18);
  EXPECT_EQ(counts[2027].cuti_bersama, 8);
  for (const auto& [year, count] : counts) {
    EXPECT_GE(count.libur, 14) << year << " looks partly entered";
  }
}

// The years the 365 days from `today` reach that `declared` does not list.
std::vector<int> missing_years(const std::set<int>& declared, const domain::CivilDate& today) {
  std::vector<int> missing;
  for (int year = today.year; year <= add_days(today, 365).year; ++year) {
    if (declared.count(year) == 0) missing.push_back(year);
  }
  return missing;
}

TEST(HolidayCalendar, TheCoverageCheckNamesEveryMissingYear) {
  EXPECT_EQ(missing_years({2026, 2027}, {2026, 11, 24}), std::vector<int>{});
  EXPECT_EQ(missing_years({2026, 2027}, {2027, 6, 1}), std::vector<int>{2028});
  EXPECT_EQ(missing_years({2026}, {2026, 1, 1}), std::vector<int>{2027});  // to 1 Jan 2027
  EXPECT_EQ(missing_years({2026}, {2025, 12, 31}), (std::vector<int>{2025}));
}

TEST(HolidayCalendar, CoversTheNextTwelveMonthsFromToday) {
  std::set<int> years = declared_years(holidays_text());
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  // The earliest zone's date, so a year is required from its first moment anywhere in Indonesia.
  domain::CivilDate today = local_date(now_ms, TimeZone::wit);
  for (int year : missing_years(years, today)) {
    ADD_FAILURE() << "assets/catalog/holidays.tsv does not cover " << year << " (today is "
                  << domain::to_string(today) << "): add the SKB on the holidays and cuti bersama "
                  << "of " << year << " and list the year on the '# Years:' line";
  }
}

TEST(HolidayCalendar, TheShippedListCarriesDeadlinesAcrossTheNewYear) {
  auto holidays = domain::parse_holidays(holidays_text());
  ASSERT_TRUE(holidays.ok());
  Calendar calendar;
  for (const auto& h : holidays.value()) calendar.add_non_working_day(h.date);
  // Wed 23 Dec 2026 + 3: [24 cuti bersama, 25 Christmas], Mon 28, Tue 29, Wed 30.
  EXPECT_EQ(calendar.add_working_days({2026, 12, 23}, 3), (domain::CivilDate{2026, 12, 30}));
  // Wed 30 Dec + 5: Thu 31, [1 Jan], Mon 4, [5 Isra Mikraj], Wed 6, Thu 7, Fri 8.
  EXPECT_EQ(calendar.add_working_days({2026, 12, 30}, 5), (domain::CivilDate{2027, 1, 8}));
  // Idul Fitri 1448: Mon 8 Nyepi, Tue 9 cuti, Wed 10 and Thu 11 Idul Fitri, Fri 12 cuti,
  // Mon 15 cuti: from Fri 5 March 2027 the first working day is Tuesday 16.
  EXPECT_EQ(calendar.add_working_days({2027, 3, 5}, 1), (domain::CivilDate{2027, 3, 16}));
}

}  // namespace
}  // namespace aduan::workflow
