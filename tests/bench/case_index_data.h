// The case index benchmark's data (case_index_bench.cpp): about 340 agencies of four speeds and
// `count` reports with the histories the flow and the scheduler would have given them, written
// as the server writes them, then the case index filled as the schema v5 migration does. Kept
// apart from the measuring so that each file reads as one job; it asserts nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/domain/catalog.h"
#include "core/store/server_repository.h"
#include "core/workflow/time_zone.h"
#include "core/workflow/working_days.h"

namespace aduan::bench {

using Clock = std::chrono::steady_clock;
using domain::Timestamp;

inline constexpr Timestamp kHour = 3'600'000;
inline constexpr Timestamp kDay = 24 * kHour;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// How quickly an agency follows up, answers and lets cases drift.
enum class Speed { fast, normal, slow, silent };

struct Agency {
  store::AgencyRecord record;
  Speed speed = Speed::normal;
  workflow::TimeZone zone = workflow::TimeZone::wib;
};


struct Built {
  std::string data_dir;
  double write_seconds = 0;
  double index_seconds = 0;
  std::int64_t events = 0;
  std::vector<Agency> agencies;
};

// The agencies: the catalog's, and for 40 regencies spread over the country a government with
// six dinas under its province's government.
std::vector<Agency> make_agencies(const domain::Catalog& catalog, std::mt19937_64& random);

// Writes `count` reports with their histories into a new database in a new temporary folder.
Built build(int count, const domain::Catalog& catalog, const workflow::Calendar& calendar, Timestamp now);

}  // namespace aduan::bench
