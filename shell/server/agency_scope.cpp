// shell/server/agency_scope.cpp: see agency_scope.h.
#include "shell/server/agency_scope.h"

#include "core/cases/case_index.h"

#include <algorithm>
#include <utility>

namespace aduan::server {
namespace {

// Deeper than any real hierarchy (national > province > regency > unit > sub-unit), shallow
// enough that a cycle an old database might hold costs nothing.
constexpr int kMaxDepth = 16;

}  // namespace

AgencyDirectory::AgencyDirectory(std::vector<store::AgencyRecord> agencies)
    : agencies_(std::move(agencies)) {
  std::sort(agencies_.begin(), agencies_.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
}

const store::AgencyRecord* AgencyDirectory::find(std::string_view id) const {
  auto it = std::lower_bound(agencies_.begin(), agencies_.end(), id,
                             [](const store::AgencyRecord& a, std::string_view key) { return a.id < key; });
  return it != agencies_.end() && it->id == id ? &*it : nullptr;
}

std::string AgencyDirectory::parent_of(std::string_view id) const {
  const auto* agency = find(id);
  return agency ? agency->parent_id : std::string();
}

bool AgencyDirectory::is_within(std::string_view id, std::string_view ancestor) const {
  if (id.empty() || ancestor.empty()) return false;
  std::string current(id);
  for (int depth = 0; depth < kMaxDepth && !current.empty(); ++depth) {
    if (current == ancestor) return true;
    current = parent_of(current);
  }
  return false;
}

std::map<std::string, std::string> AgencyDirectory::parent_map() const {
  std::map<std::string, std::string> out;
  for (const auto& agency : agencies_) out[agency.id] = agency.parent_id;
  return out;
}

workflow::TimeZone AgencyDirectory::zone_of(std::string_view id) const {
  const auto* agency = find(id);
  return workflow::zone_of_agency_region(agency ? agency->region_code : std::string_view());
}

workflow::TimeZone AgencyDirectory::zone_of_case(const store::StoredReport& report) const {
  // One rule with the case index's (core/cases).
  const auto* holder = find(report.agency_id);
  return cases::zone_of_case(holder != nullptr, holder != nullptr ? holder->region_code : std::string_view(),
                             report.report.location.region_code);
}

std::vector<std::string> AgencyDirectory::units_of(std::string_view ancestor) const {
  std::vector<std::string> out{std::string(ancestor)};
  for (const auto& agency : agencies_) {
    if (agency.id != ancestor && is_within(agency.id, ancestor)) out.push_back(agency.id);
  }
  return out;
}

std::vector<store::AgencyRecord> seed_records(const domain::Catalog& catalog, domain::Timestamp now) {
  std::vector<store::AgencyRecord> out;
  for (const auto& agency : catalog.agencies()) {
    out.push_back({agency.id, agency.name, agency.parent_id, agency.region_code,
                   std::string(domain::to_string(agency.kind)), now});
  }
  return out;
}

OfficerScope::OfficerScope(store::Officer officer, const AgencyDirectory& directory)
    : officer_(std::move(officer)),
      role_(workflow::parse_role(officer_.role).value_or(workflow::Role::liaison_officer)),
      directory_(directory) {}

bool OfficerScope::is_admin() const {
  return role_ == workflow::Role::national_admin || role_ == workflow::Role::regional_admin ||
         role_ == workflow::Role::agency_admin;
}

bool OfficerScope::agency_in_region(std::string_view agency_id) const {
  const auto* agency = directory_.find(agency_id);
  return agency && region_within(agency->region_code, officer_.region_code);
}

bool OfficerScope::sees(std::string_view agency_id, std::string_view region_code) const {
  switch (role_) {
    case workflow::Role::national_admin:
      return true;
    case workflow::Role::regional_admin:
      return region_within(region_code, officer_.region_code) || agency_in_region(agency_id);
    case workflow::Role::agency_admin:
    case workflow::Role::liaison_officer:
      return directory_.is_within(agency_id, officer_.agency_id);
    default:
      return false;
  }
}

bool OfficerScope::sees_report(const store::StoredReport& report) const {
  return sees(report.agency_id, report.report.location.region_code);
}

store::CaseFilter OfficerScope::case_filter() const {
  store::CaseFilter filter;
  switch (role_) {
    case workflow::Role::national_admin:
      filter.everything = true;
      break;
    case workflow::Role::regional_admin:
      // An empty region contains nothing (region_within), so such an admin sees no case.
      if (officer_.region_code.empty()) break;
      filter.region = officer_.region_code;
      for (const auto& agency : directory_.all()) {
        if (agency_in_region(agency.id)) filter.holders.push_back(agency.id);
      }
      break;
    case workflow::Role::agency_admin:
    case workflow::Role::liaison_officer:
      // is_within(id, "") is false for every id: an officer without an agency sees nothing.
      if (!officer_.agency_id.empty()) filter.holders = directory_.units_of(officer_.agency_id);
      break;
    default:
      break;
  }
  return filter;
}

workflow::Scope OfficerScope::hooks() const {
  workflow::Scope scope;
  // The status flow asks acts_for only for agency staff and only when the case is held by an
  // agency other than their own.
  scope.acts_for = [this](const workflow::Actor&, std::string_view agency_id) {
    return role_ == workflow::Role::agency_admin && directory_.is_within(agency_id, officer_.agency_id);
  };
  scope.may_route_to = [this](const workflow::Actor&, std::string_view target) {
    const auto* agency = directory_.find(target);
    if (!agency) return false;
    switch (role_) {
      case workflow::Role::national_admin:
        return true;
      case workflow::Role::regional_admin:
        return region_within(agency->region_code, officer_.region_code);
      case workflow::Role::agency_admin:
        return directory_.is_within(target, officer_.agency_id) ||
               (agency->parent_id == directory_.parent_of(officer_.agency_id) &&
                directory_.find(officer_.agency_id) != nullptr);
      default:
        return false;
    }
  };
  return scope;
}

bool OfficerScope::may_edit_agency(const store::AgencyRecord& agency,
                                   const store::AgencyRecord* before) const {
  if (role_ == workflow::Role::national_admin) return true;
  if (role_ != workflow::Role::regional_admin) return false;
  // Within the region before and after, and under a parent in the region: a regional admin
  // can neither pull an agency out of another region nor hang one under a national body.
  const bool now_inside = region_within(agency.region_code, officer_.region_code) &&
                          !agency.parent_id.empty() && agency_in_region(agency.parent_id);
  const bool was_inside = before == nullptr || region_within(before->region_code, officer_.region_code);
  return now_inside && was_inside;
}

}  // namespace aduan::server
