// Unit tests of the server's own rules for agencies at work, without a process: regions within
// regions, the agency hierarchy (a cycle in an old database cannot loop), officers' routing and
// agency edits, the scheduler's --at times and its configuration.
#include <gtest/gtest.h>

#include <cstdlib>

#include "shell/server/agency_scope.h"
#include "shell/server/config.h"
#include "shell/server/scheduler.h"

namespace aduan::server {
namespace {

AgencyDirectory sample_directory() {
  return AgencyDirectory({{"kemenkes", "Kementerian Kesehatan", "", "", "national", 0},
                          {"prov-32", "Provinsi Jawa Barat", "", "32", "province", 0},
                          {"prov-32-dinkes", "Dinkes Jabar", "prov-32", "32", "unit", 0},
                          {"kab-32.12", "Kab. Indramayu", "", "32.12", "regency", 0},
                          {"kab-32.12-dinkes", "Dinkes Indramayu", "kab-32.12", "32.12", "unit", 0},
                          {"kab-32.12-dinkes-puskesmas", "Puskesmas", "kab-32.12-dinkes", "32.12", "unit", 0},
                          {"kab-32.12-pupr", "PUPR Indramayu", "kab-32.12", "32.12", "unit", 0},
                          {"loop-a", "A", "loop-b", "", "unit", 0},
                          {"loop-b", "B", "loop-a", "", "unit", 0}});
}

store::Officer officer(const std::string& role, const std::string& agency, const std::string& region) {
  return store::Officer{"officer-1", "u", role, agency, region, false};
}

TEST(AgencyScope, RegionsContainTheirDescendantsOnly) {
  EXPECT_TRUE(region_within("32.12", "32"));
  EXPECT_TRUE(region_within("32", "32"));
  EXPECT_TRUE(region_within("32.12.01.2001", "32.12"));
  EXPECT_FALSE(region_within("32.12", "32.1"));
  EXPECT_FALSE(region_within("321", "32"));
  EXPECT_FALSE(region_within("32", "32.12"));
  EXPECT_FALSE(region_within("32", ""));
}

TEST(AgencyScope, TheHierarchyIsReadDownAnyDepthAndACycleEnds) {
  const auto directory = sample_directory();
  EXPECT_TRUE(directory.is_within("kab-32.12-dinkes-puskesmas", "kab-32.12"));
  EXPECT_TRUE(directory.is_within("kab-32.12", "kab-32.12"));
  EXPECT_FALSE(directory.is_within("kab-32.12", "kab-32.12-dinkes"));
  EXPECT_FALSE(directory.is_within("prov-32-dinkes", "kab-32.12"));
  EXPECT_FALSE(directory.is_within("loop-a", "kemenkes"));
  EXPECT_EQ(directory.zone_of("kab-32.12"), workflow::TimeZone::wib);
  EXPECT_EQ(directory.parent_of("kab-32.12-pupr"), "kab-32.12");
}

TEST(AgencyScope, RoutingFollowsTheRoleAndThePlace) {
  const auto directory = sample_directory();
  const OfficerScope regional(officer("regional_admin", "", "32"), directory);
  const OfficerScope agency_admin(officer("agency_admin", "kab-32.12-dinkes", ""), directory);
  const OfficerScope liaison(officer("liaison_officer", "kab-32.12-dinkes", ""), directory);
  const workflow::Actor nobody;
  auto routes = [&](const OfficerScope& scope, const char* target) {
    return scope.hooks().may_route_to(nobody, target);
  };
  EXPECT_TRUE(routes(regional, "kab-32.12-pupr"));
  EXPECT_TRUE(routes(regional, "prov-32"));
  EXPECT_FALSE(routes(regional, "kemenkes"));
  EXPECT_FALSE(routes(regional, "no-such-agency"));
  EXPECT_TRUE(routes(agency_admin, "kab-32.12-dinkes-puskesmas")) << "down to a unit";
  EXPECT_TRUE(routes(agency_admin, "kab-32.12-pupr")) << "across to a peer";
  EXPECT_FALSE(routes(agency_admin, "kab-32.12")) << "not up to the parent";
  EXPECT_FALSE(routes(agency_admin, "prov-32-dinkes"));
  EXPECT_FALSE(routes(liaison, "kab-32.12-pupr"));
  EXPECT_TRUE(agency_admin.hooks().acts_for(nobody, "kab-32.12-dinkes-puskesmas"));
  EXPECT_FALSE(liaison.hooks().acts_for(nobody, "kab-32.12-dinkes-puskesmas"));
  EXPECT_TRUE(liaison.sees("kab-32.12-dinkes-puskesmas", "61.08")) << "held by a unit, wherever located";
  EXPECT_TRUE(regional.sees("kemenkes", "32.12")) << "located in the region";
  EXPECT_FALSE(regional.sees("kemenkes", "61.08"));
}

TEST(AgencyScope, ARegionalAdminEditsAgenciesInsideItsRegionOnly) {
  const auto directory = sample_directory();
  const OfficerScope regional(officer("regional_admin", "", "32"), directory);
  const OfficerScope national(officer("national_admin", "", ""), directory);
  const store::AgencyRecord unit{"kab-32.12-bappeda", "Bappeda", "kab-32.12", "32.12", "unit", 0};
  EXPECT_TRUE(regional.may_edit_agency(unit, nullptr));
  store::AgencyRecord under_ministry = unit;
  under_ministry.parent_id = "kemenkes";
  EXPECT_FALSE(regional.may_edit_agency(under_ministry, &unit));
  const store::AgencyRecord top_level{"kab-32.99", "Kab. Baru", "", "32.99", "regency", 0};
  EXPECT_FALSE(regional.may_edit_agency(top_level, nullptr)) << "top-level agencies are the national admin's";
  EXPECT_TRUE(national.may_edit_agency(top_level, nullptr));
  EXPECT_FALSE(OfficerScope(officer("agency_admin", "kab-32.12", ""), directory).may_edit_agency(unit, nullptr));
}

TEST(SchedulerTimes, IsoTimesWithAndWithoutAZone) {
  EXPECT_EQ(parse_iso_time("1970-01-02").value(), 86400000);
  EXPECT_EQ(parse_iso_time("1970-01-01T07:00:00+07:00").value(), 0);
  EXPECT_EQ(parse_iso_time("2026-12-01T02:00:00Z").value(), parse_iso_time("2026-12-01T09:00+07:00").value());
  EXPECT_EQ(parse_iso_time("2026-12-01T10:00:00+09:00").value(), parse_iso_time("2026-12-01T01:00:00Z").value());
  for (const char* bad : {"", "2026-02-30", "2026-12-01T25:00:00Z", "2026-12-01T09:00:00", "tomorrow",
                          "2026-12-01T09:00:00+7"}) {
    auto parsed = parse_iso_time(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, "scheduler.bad_time");
  }
}

TEST(Config, SchedulerIntervalFromTheFlagOrTheEnvironment) {
  auto parse = [](std::vector<const char*> args) {
    return parse_config(static_cast<int>(args.size()), args.data());
  };
  EXPECT_EQ(parse({}).value().scheduler_interval_seconds, 300);
  EXPECT_EQ(parse({"--scheduler-interval", "0"}).value().scheduler_interval_seconds, 0);
  setenv("ADUAN_SCHEDULER_INTERVAL", "60", 1);
  auto from_env = parse({});
  unsetenv("ADUAN_SCHEDULER_INTERVAL");
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env.value().scheduler_interval_seconds, 60);
  EXPECT_EQ(parse({"--scheduler-interval", "-1"}).error().code, "config.bad_value");
  EXPECT_EQ(parse({"--scheduler-interval", "soon"}).error().code, "config.bad_value");
  EXPECT_NE(config_help().find("ADUAN_SCHEDULER_INTERVAL"), std::string::npos);
}

}  // namespace
}  // namespace aduan::server
