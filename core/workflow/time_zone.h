// core/workflow/time_zone.h: Indonesia's three time zones and the local date of an instant.
//
// Owns which zone a Kemendagri region lies in (WIB, WITA, WIT) and the conversion from a UTC
// timestamp to the calendar date there. Working days are counted in the responsible agency's
// own zone: a report stored at 23:30 WIB on a Sunday arrived on Monday for an agency in Jayapura.
// Does not own the tz database: Indonesia has kept fixed offsets without daylight saving since
// 1988, so three constant offsets are exact and the core needs no platform time-zone data (the
// same code runs in the browser).
//
//   TimeZone zone = zone_of_agency_region(agency.region_code);
//   CivilDate today = local_date(now_ms, zone);
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/domain/report.h"

namespace aduan::workflow {

// The value is the zone's offset from UTC in hours.
enum class TimeZone {
  wib = 7,   // Waktu Indonesia Barat: Sumatra, Java, West and Central Kalimantan
  wita = 8,  // Waktu Indonesia Tengah: Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi
  wit = 9,   // Waktu Indonesia Timur: Maluku, North Maluku, the Papua provinces
};

// National agencies (no region) sit in Jakarta and count in WIB.
inline constexpr TimeZone kNationalTimeZone = TimeZone::wib;

int utc_offset_hours(TimeZone zone);
std::int64_t utc_offset_ms(TimeZone zone);
// "WIB", "WITA", "WIT": what the console prints beside a time.
std::string_view to_string(TimeZone zone);

// The zone of a Kemendagri region code: a province ("32") or anything below it ("32.12",
// "32.12.01.2001"); only the first two digits decide. nullopt for a code that is not two
// digits followed by nothing or a dot, or for a province number Indonesia does not use
// (11..19, 21, 31..36, 51..53, 61..65, 71..76, 81..82, 91..97 are known).
std::optional<TimeZone> zone_of_region(std::string_view region_code);

// The zone deadlines of an agency are counted in: its region's zone, kNationalTimeZone for an
// empty region code (a national agency) or a code zone_of_region does not know.
TimeZone zone_of_agency_region(std::string_view region_code);

// The calendar date in `zone` at `utc_ms` (milliseconds since the Unix epoch, UTC; negative
// values are before 1970 and handled correctly).
domain::CivilDate local_date(domain::Timestamp utc_ms, TimeZone zone);

// The UTC instant at which `date` begins (00:00 local) in `zone`: when a scheduler should wake.
domain::Timestamp start_of_local_day(const domain::CivilDate& date, TimeZone zone);

}  // namespace aduan::workflow
