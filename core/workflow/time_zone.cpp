// core/workflow/time_zone.cpp: the province -> zone table and fixed-offset date conversion.
//
// Owns the one list of province numbers per zone, written from the Kemendagri codes of
// assets/catalog/regions.tsv (a test checks every province there has a zone). Floor division
// keeps instants before 1970 on the right day.
#include "core/workflow/time_zone.h"

#include <array>
#include <cstdint>

#include "core/workflow/working_days.h"

namespace aduan::workflow {
namespace {

constexpr std::int64_t kMsPerHour = 3'600'000;
constexpr std::int64_t kMsPerDay = 24 * kMsPerHour;

struct ProvinceZone {
  int province;
  TimeZone zone;
};

// Kalimantan is split: West (61) and Central (62) keep WIB, South, East and North (63..65) WITA.
// 97 is not a province yet but sits in the Papua block the numbering reserves.
constexpr std::array<ProvinceZone, 39> kProvinces = {{
    {11, TimeZone::wib},  {12, TimeZone::wib},  {13, TimeZone::wib},  {14, TimeZone::wib},
    {15, TimeZone::wib},  {16, TimeZone::wib},  {17, TimeZone::wib},  {18, TimeZone::wib},
    {19, TimeZone::wib},  {21, TimeZone::wib},  {31, TimeZone::wib},  {32, TimeZone::wib},
    {33, TimeZone::wib},  {34, TimeZone::wib},  {35, TimeZone::wib},  {36, TimeZone::wib},
    {51, TimeZone::wita}, {52, TimeZone::wita}, {53, TimeZone::wita}, {61, TimeZone::wib},
    {62, TimeZone::wib},  {63, TimeZone::wita}, {64, TimeZone::wita}, {65, TimeZone::wita},
    {71, TimeZone::wita}, {72, TimeZone::wita}, {73, TimeZone::wita}, {74, TimeZone::wita},
    {75, TimeZone::wita}, {76, TimeZone::wita}, {81, TimeZone::wit},  {82, TimeZone::wit},
    {91, TimeZone::wit},  {92, TimeZone::wit},  {93, TimeZone::wit},  {94, TimeZone::wit},
    {95, TimeZone::wit},  {96, TimeZone::wit},  {97, TimeZone::wit},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

int utc_offset_hours(TimeZone zone) {
  return static_cast<int>(zone);
}

std::int64_t utc_offset_ms(TimeZone zone) {
  return utc_offset_hours(zone) * kMsPerHour;
}

std::string_view to_string(TimeZone zone) {
  switch (zone) {
    case TimeZone::wib: return "WIB";
    case TimeZone::wita: return "WITA";
    case TimeZone::wit: return "WIT";
  }
  return "unknown";
}

std::optional<TimeZone> zone_of_region(std::string_view region_code) {
  if (region_code.size() < 2 || !is_digit(region_code[0]) || !is_digit(region_code[1])) {
    return std::nullopt;
  }
  if (region_code.size() > 2 && region_code[2] != '.') return std::nullopt;
  int province = (region_code[0] - '0') * 10 + (region_code[1] - '0');
  for (const auto& entry : kProvinces) {
    if (entry.province == province) return entry.zone;
  }
  return std::nullopt;
}

TimeZone zone_of_agency_region(std::string_view region_code) {
  return zone_of_region(region_code).value_or(kNationalTimeZone);
}

domain::CivilDate local_date(domain::Timestamp utc_ms, TimeZone zone) {
  return civil_from_days(floor_div(utc_ms + utc_offset_ms(zone), kMsPerDay));
}

domain::Timestamp start_of_local_day(const domain::CivilDate& date, TimeZone zone) {
  return days_from_civil(date) * kMsPerDay - utc_offset_ms(zone);
}

}  // namespace aduan::workflow
