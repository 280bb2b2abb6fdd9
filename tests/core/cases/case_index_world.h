// The case index tests' reference world (case_index_test.cpp, case_index_world.cpp): a calendar
// with holidays and cuti bersama, an agency hierarchy over the three time zones, the targets and
// regions cases are routed to and filtered by, and the scope test as agency_scope.h reads it.
// Written out apart from the server's code on purpose: it is what the index is checked against.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/server_repository.h"
#include "core/workflow/time_zone.h"
#include "core/workflow/working_days.h"

namespace aduan::cases::test_world {

workflow::Calendar test_calendar();

// The hierarchy: a national body, provinces in all three zones with units, a regency, and an
// agency id cases can be routed to that the table does not know.
std::vector<store::AgencyRecord> agencies();

extern const std::vector<std::string> kTargets;
extern const std::vector<std::string> kRegions;

// The reference world: agencies as a map, read the way agency_scope.h does.
struct World {
  std::map<std::string, store::AgencyRecord> agencies;
  std::string parent_of(const std::string& id) const {
    auto found = agencies.find(id);
    return found == agencies.end() ? "" : found->second.parent_id;
  }
  workflow::TimeZone zone_of_case(const store::StoredReport& report) const {
    auto found = agencies.find(report.agency_id);
    if (found != agencies.end()) return workflow::zone_of_agency_region(found->second.region_code);
    return workflow::zone_of_agency_region(report.report.location.region_code);
  }
  std::map<std::string, std::string> parent_map() const {
    std::map<std::string, std::string> out;
    for (const auto& [id, agency] : agencies) out[id] = agency.parent_id;
    return out;
  }
};

bool region_within(std::string_view code, std::string_view region);
bool in_filter(const store::CaseFilter& filter, const store::StoredReport& report);

}  // namespace aduan::cases::test_world
