// The open data's disclosure rule (core/metrics/open_data.h), cell by cell: a region is
// published at the finest level whose cell (category, month, that region and below) holds at
// least kSmallestPublishedCell records, else its parent's, up to the province, else none.
#include "core/metrics/open_data.h"

#include <gtest/gtest.h>

namespace aduan::metrics {
namespace {

TEST(DisclosureRule, ARegionIsPublishedAtTheFinestLevelWithEnoughRecords) {
  static_assert(kSmallestPublishedCell == 3, "the cells below are counted for 3");
  DisclosureRule rule;
  rule.add("kesehatan", 2026, 3, "32.12.01.2001", 3);   // a village with three: itself
  rule.add("kesehatan", 2026, 3, "32.12.01.2002", 1);   // its neighbour with one: the district (4)
  rule.add("kesehatan", 2026, 3, "32.12.02.2001", 1);   // another district's one: the regency (5)
  rule.add("kesehatan", 2026, 3, "32.13", 1);           // another regency's one: the province (6)
  rule.add("pendidikan", 2026, 3, "32.12.01.2001", 2);  // two alone in their province: nothing
  rule.add("kesehatan", 2026, 4, "32.12.01.2002", 1);   // April is a cell of its own

  EXPECT_EQ(rule.published_region("kesehatan", 2026, 3, "32.12.01.2001"), "32.12.01.2001");
  EXPECT_EQ(rule.published_region("kesehatan", 2026, 3, "32.12.01.2002"), "32.12.01");
  EXPECT_EQ(rule.published_region("kesehatan", 2026, 3, "32.12.02.2001"), "32.12");
  EXPECT_EQ(rule.published_region("kesehatan", 2026, 3, "32.13"), "32");
  EXPECT_EQ(rule.published_region("pendidikan", 2026, 3, "32.12.01.2001"), "");
  EXPECT_EQ(rule.published_region("kesehatan", 2026, 4, "32.12.01.2002"), "");
}

TEST(DisclosureRule, CellsAddUpWhicheverOrderTheyComeIn) {
  DisclosureRule rule;
  rule.add("air", 2026, 1, "32.12", 1);
  EXPECT_EQ(rule.published_region("air", 2026, 1, "32.12"), "");
  rule.add("air", 2026, 1, "32.12", 1);
  rule.add("air", 2026, 1, "32.12", 1);
  EXPECT_EQ(rule.published_region("air", 2026, 1, "32.12"), "32.12");
  EXPECT_EQ(rule.published_region("air", 2026, 1, ""), "") << "a record with no region has none";
  EXPECT_EQ(rule.published_region("air", 2026, 1, "32.13"), "32")
      << "counted, never seen: its province";
}

TEST(DisclosureRule, AnAgencyIsPublishedOnlyAtOrAboveThePublishedRegionsLevel) {
  EXPECT_TRUE(agency_publishable("61.08", "61.08")) << "a regency's agency with its regency";
  EXPECT_TRUE(agency_publishable("61.08", "61.08.01.2001")) << "and with a village in it";
  EXPECT_FALSE(agency_publishable("61.08", "61")) << "coarsened to the province: it names Landak";
  EXPECT_FALSE(agency_publishable("61.08", ""));
  EXPECT_FALSE(agency_publishable("61.08.01", "61.08")) << "a district's unit under a regency";
  EXPECT_TRUE(agency_publishable("61", "61")) << "a province's agency names the province only";
  EXPECT_FALSE(agency_publishable("61", "")) << "no region: not even the province";
  EXPECT_TRUE(agency_publishable("", "")) << "a national agency names no place";
  EXPECT_TRUE(agency_publishable("", "61.08"));
}

}  // namespace
}  // namespace aduan::metrics
