// The case index tests' reference world (case_index_world.h).
#include "tests/core/cases/case_index_world.h"

#include <algorithm>

namespace aduan::cases::test_world {

using domain::CivilDate;

workflow::Calendar test_calendar() {
  // A few holidays in the months the histories span, some on Mondays and Fridays, and a run of
  // them (cuti bersama) so weekends and holidays join.
  std::vector<CivilDate> days = {{2026, 1, 1},   {2026, 1, 16},  {2026, 2, 17},  {2026, 3, 19},
                                 {2026, 3, 20},  {2026, 3, 23},  {2026, 3, 24},  {2026, 4, 3},
                                 {2026, 5, 1},   {2026, 5, 14},  {2026, 5, 27},  {2026, 6, 1},
                                 {2026, 6, 16},  {2026, 8, 17},  {2026, 8, 25},  {2026, 12, 24},
                                 {2026, 12, 25}, {2027, 1, 1},   {2027, 1, 5},   {2027, 2, 8}};
  return workflow::Calendar(days);
}

std::vector<store::AgencyRecord> agencies() {
  return {
      {"nas", "Kementerian", "", "", "national", 1},
      {"nas-unit", "Direktorat", "nas", "", "unit", 1},
      {"prov-32", "Provinsi Jawa Barat", "", "32", "province", 1},
      {"prov-32-dinkes", "Dinkes Jabar", "prov-32", "32", "unit", 1},
      {"kab-32.12", "Kabupaten Indramayu", "prov-32", "32.12", "regency", 1},
      {"kab-32.12-pupr", "PUPR Indramayu", "kab-32.12", "32.12", "unit", 1},
      {"kab-32.12-pupr-bina", "Bidang Bina Marga", "kab-32.12-pupr", "32.12", "unit", 1},
      {"prov-73", "Provinsi Sulawesi Selatan", "", "73", "province", 1},
      {"prov-73-dinkes", "Dinkes Sulsel", "prov-73", "73", "unit", 1},
      {"prov-91", "Provinsi Papua Barat", "", "91", "province", 1},
      {"prov-91-pupr", "PUPR Papua Barat", "prov-91", "91", "unit", 1},
  };
}

const std::vector<std::string> kTargets = {"nas",       "nas-unit",       "prov-32",        "prov-32-dinkes",
                                           "kab-32.12", "kab-32.12-pupr", "kab-32.12-pupr-bina", "prov-73",
                                           "prov-73-dinkes", "prov-91", "prov-91-pupr", "dinas-tak-dikenal"};
const std::vector<std::string> kRegions = {"32", "32.12", "32.12.01", "32.01", "73.71", "91.05", "13.71", "zz"};



bool region_within(std::string_view code, std::string_view region) {
  if (region.empty() || code.size() < region.size()) return false;
  if (code.substr(0, region.size()) != region) return false;
  return code.size() == region.size() || code[region.size()] == '.';
}

bool in_filter(const store::CaseFilter& filter, const store::StoredReport& report) {
  const std::string& holder = report.agency_id;
  const bool scope = filter.everything ||
                     std::find(filter.holders.begin(), filter.holders.end(), holder) != filter.holders.end() ||
                     region_within(report.report.location.region_code, filter.region);
  const bool within =
      !filter.within || std::find(filter.within->begin(), filter.within->end(), holder) != filter.within->end();
  return scope && within && (filter.status.empty() || filter.status == report.status);
}

}  // namespace aduan::cases::test_world
