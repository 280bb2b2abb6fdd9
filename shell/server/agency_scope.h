// shell/server/agency_scope.h: the agency hierarchy as the server reads it, and what one officer
// may see, act on, route to and edit.
//
// Owns the visibility and routing rules of the four officer roles (README, "Who sees and does
// what"), expressed once here and handed to core/workflow through its Scope hooks, so the
// status flow stays the only judge of statuses and this file the only judge of places. Does not
// own the agencies' storage (core/store, schema v3) or the status flow (core/workflow).
//
// The rules:
//   national_admin   sees every report; routes to any agency; edits any agency.
//   regional_admin   (officer.region_code, a province "32" or a regency "32.12") sees the
//                    reports located in its region or held by an agency in it; routes to the
//                    agencies in its region; creates, renames and moves agencies in its region.
//   agency_admin     sees the reports held by its agency and its units (any depth); acts for
//                    its units (acts_for); routes down to its units and across to its peers
//                    (agencies with the same parent); edits no agency.
//   liaison_officer  sees the reports held by its agency and its units; acts only for its own
//                    agency; routes nowhere (the status flow gives it no routing action).
// A directory is a snapshot: routes build one per request from the database (a few hundred
// rows), so an admin's edit is seen by the next request on every thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/catalog.h"
#include "core/store/server_repository.h"
#include "core/workflow/machine.h"
#include "core/workflow/time_zone.h"

namespace aduan::server {

using domain::region_within;

class AgencyDirectory {
 public:
  explicit AgencyDirectory(std::vector<store::AgencyRecord> agencies);

  const store::AgencyRecord* find(std::string_view id) const;
  std::string parent_of(std::string_view id) const;  // "" for a top-level or unknown agency
  // `id` is `ancestor` or one of its units, at any depth. Cycles cannot loop: depth is bounded.
  bool is_within(std::string_view id, std::string_view ancestor) const;
  std::map<std::string, std::string> parent_map() const;
  // `ancestor` and its units at any depth (is_within), `ancestor` itself even when unknown.
  std::vector<std::string> units_of(std::string_view ancestor) const;
  // The zone an agency counts its working days in (its region's; WIB for a national agency).
  workflow::TimeZone zone_of(std::string_view id) const;
  // A case's zone: its holding agency's, or the zone of where it happened while unrouted.
  workflow::TimeZone zone_of_case(const store::StoredReport& report) const;
  const std::vector<store::AgencyRecord>& all() const { return agencies_; }

 private:
  std::vector<store::AgencyRecord> agencies_;  // sorted by id
};

// The catalog's agencies as records to seed the database with.
std::vector<store::AgencyRecord> seed_records(const domain::Catalog& catalog, domain::Timestamp now);

class OfficerScope {
 public:
  OfficerScope(store::Officer officer, const AgencyDirectory& directory);

  const store::Officer& officer() const { return officer_; }
  workflow::Role role() const { return role_; }
  workflow::Actor actor() const { return {role_, officer_.agency_id}; }
  bool is_admin() const;  // national, regional or agency admin: may read the audit log

  bool sees_report(const store::StoredReport& report) const;
  // The same rule as a filter of the case index (sees_report holds exactly for its cases): a
  // national admin sees everything, a regional admin the agencies and places of the region,
  // agency staff their agency and its units.
  store::CaseFilter case_filter() const;
  // Whether a case held by `agency_id` and located in `region_code` is in view (stats, audit).
  bool sees(std::string_view agency_id, std::string_view region_code) const;
  workflow::Scope hooks() const;
  // Whether this officer may create `agency`, or change an agency from `before` to `agency`.
  bool may_edit_agency(const store::AgencyRecord& agency, const store::AgencyRecord* before) const;

 private:
  bool agency_in_region(std::string_view agency_id) const;

  store::Officer officer_;
  workflow::Role role_ = workflow::Role::liaison_officer;
  const AgencyDirectory& directory_;
};

}  // namespace aduan::server
