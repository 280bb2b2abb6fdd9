// Tests of the catalog (core/domain/catalog.h) and the official region importer
// (core/domain/region_import.h), including the files shipped in assets/catalog/.
#include "core/domain/catalog.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/domain/region_import.h"

namespace aduan::domain {
namespace {

std::string read_asset(const std::string& relative) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Catalog shipped_catalog() {
  auto catalog = Catalog::parse(read_asset("assets/catalog/regions.tsv"),
                                read_asset("assets/catalog/agencies.tsv"),
                                read_asset("assets/catalog/categories.tsv"));
  EXPECT_TRUE(catalog.ok()) << catalog.error().code << ": " << catalog.error().detail;
  return catalog.ok() ? std::move(catalog).value() : Catalog{};
}

constexpr std::string_view kSmallRegions =
    "# test regions\n11\tAceh\n11.01\tKab. Aceh Selatan\n32\tJawa Barat\n"
    "32.12\tKab. Indramayu\n32.73\tKota Bandung\n61\tKalimantan Barat\n61.08\tKab. Landak\n";

Catalog small_catalog() {
  auto catalog = Catalog::parse(kSmallRegions, "", "");
  EXPECT_TRUE(catalog.ok());
  return std::move(catalog).value();
}

TEST(ShippedCatalog, HasEveryProvinceAndRegency) {
  auto catalog = shipped_catalog();
  EXPECT_EQ(catalog.children("").size(), 38u);
  std::size_t regencies = 0;
  for (const auto& region : catalog.regions()) {
    if (region.level() == RegionLevel::regency) ++regencies;
    if (region.level() != RegionLevel::province) {
      EXPECT_NE(catalog.find_region(region.parent_code()), nullptr) << region.code;
    }
  }
  EXPECT_EQ(regencies, 514u);
  EXPECT_EQ(catalog.find_region("11")->name, "Aceh");
  EXPECT_EQ(catalog.find_region("11.01")->name, "Kab. Aceh Selatan");
  EXPECT_EQ(catalog.find_region("32.12")->name, "Kab. Indramayu");
  EXPECT_EQ(catalog.find_region("61.08")->name, "Kab. Landak");
  EXPECT_EQ(catalog.find_region("96.71")->name, "Kota Sorong");
  EXPECT_EQ(catalog.children("32").size(), 27u);  // 18 Kab. + 9 Kota in Jawa Barat
  EXPECT_EQ(catalog.find_region("32.12.01"), nullptr);
}

TEST(ShippedCatalog, HasAgenciesAndCategories) {
  auto catalog = shipped_catalog();
  const Agency* dinkes = catalog.find_agency("kab-32.12-dinkes");
  ASSERT_NE(dinkes, nullptr);
  EXPECT_EQ(dinkes->region_code, "32.12");
  EXPECT_EQ(dinkes->kind, AgencyKind::unit);
  EXPECT_EQ(catalog.find_agency(dinkes->parent_id)->kind, AgencyKind::regency);
  EXPECT_NE(catalog.find_agency("kab-61.08"), nullptr);
  EXPECT_NE(catalog.find_agency("prov-13"), nullptr);
  EXPECT_EQ(catalog.find_agency("ombudsman")->kind, AgencyKind::national);
  for (const char* id : {"infrastruktur", "kesehatan", "pendidikan", "kependudukan", "lingkungan",
                         "ketertiban", "bansos", "pelayanan_publik", "lainnya"})
    EXPECT_NE(catalog.find_category(id), nullptr) << id;
  EXPECT_EQ(catalog.categories().back().id, "lainnya");
  EXPECT_EQ(catalog.child_agencies("kab-32.12").size(), 7u);
}

TEST(ShippedCatalog, SearchFindsRegionsForThePicker) {
  auto catalog = shipped_catalog();
  auto found = catalog.search_regions("indramayu", 10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->code, "32.12");
  found = catalog.search_regions("  LANDAK ", 10);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0]->code, "61.08");
  found = catalog.search_regions("papua", 3);
  ASSERT_EQ(found.size(), 3u);
  for (auto* region : found) EXPECT_EQ(region->level(), RegionLevel::province);
  EXPECT_TRUE(catalog.search_regions("", 10).empty());
  EXPECT_EQ(catalog.search_agencies("kesehatan kabupaten indramayu", 5).size(), 1u);
}

TEST(Catalog, RegionCodesAndLevels) {
  EXPECT_TRUE(is_region_code("11"));
  EXPECT_TRUE(is_region_code("11.01"));
  EXPECT_TRUE(is_region_code("11.01.01"));
  EXPECT_TRUE(is_region_code("11.01.01.2001"));
  for (const char* bad : {"", "1", "111", "11.1", "11.01.1", "11.01.01.201", "11.01.01.2001.1",
                          "11..01", "11.01.", "aa", "11.0a"})
    EXPECT_FALSE(is_region_code(bad)) << bad;
  Region village{"32.12.01.2001", "Desa"};
  EXPECT_EQ(village.level(), RegionLevel::village);
  EXPECT_EQ(village.parent_code(), "32.12.01");
  EXPECT_EQ((Region{"32", "Jawa Barat"}.parent_code()), "");
}

TEST(Catalog, ChildrenAreDirectAndOrdered) {
  auto catalog = small_catalog();
  auto provinces = catalog.children("");
  ASSERT_EQ(provinces.size(), 3u);
  EXPECT_EQ(provinces[0]->code, "11");
  auto west_java = catalog.children("32");
  ASSERT_EQ(west_java.size(), 2u);
  EXPECT_EQ(west_java[0]->code, "32.12");
  EXPECT_EQ(west_java[1]->code, "32.73");
  EXPECT_TRUE(catalog.children("32.12").empty());
  EXPECT_TRUE(catalog.children("99").empty());
}

TEST(Catalog, SearchRanksWordStartsFirstAndHonoursTheLimit) {
  auto catalog = small_catalog();
  auto found = catalog.search_regions("ban", 10);  // only "Kota Bandung" has "ban"
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0]->code, "32.73");
  EXPECT_EQ(catalog.search_regions("a", 2).size(), 2u);
  bool word_start = false;
  EXPECT_TRUE(contains_ignoring_case("Kab. Aceh Selatan", "SEL", &word_start));
  EXPECT_TRUE(word_start);
  EXPECT_TRUE(contains_ignoring_case("Kalandakan", "landak", &word_start));
  EXPECT_FALSE(word_start);
  EXPECT_FALSE(contains_ignoring_case("Aceh", "Aceh Besar"));
}

struct BadCatalog {
  const char* name;
  std::string regions, agencies, categories;
  const char* code;
  const char* where;  // must appear in the detail
};

TEST(Catalog, ParseErrorsNameTheFileAndLine) {
  std::string ok_regions = "11\tAceh\n11.01\tKab. Aceh Selatan\n";
  const BadCatalog cases[] = {
      {"one field", "11\tAceh\n11.01\n", "", "", "catalog.bad_line", "regions.tsv line 2"},
      {"three fields", "11\tAceh\textra\n", "", "", "catalog.bad_line", "regions.tsv line 1"},
      {"bad code", "# c\n\n11\tAceh\n11.1\tX\n", "", "", "catalog.bad_region_code",
       "regions.tsv line 4"},
      {"missing parent", "11\tAceh\n12.01\tKab. Nias\n", "", "", "catalog.missing_parent",
       "regions.tsv line 2"},
      {"child before parent", "11.01\tKab.\n11\tAceh\n", "", "", "catalog.missing_parent",
       "regions.tsv line 1"},
      {"duplicate", "11\tAceh\n11\tAceh Raya\n", "", "", "catalog.duplicate", "regions.tsv line 2"},
      {"empty name", "11\t \n", "", "", "catalog.empty_field", "regions.tsv line 1"},
      {"agency fields", ok_regions, "a\tA\t\t\n", "", "catalog.bad_line", "agencies.tsv line 1"},
      {"agency id", ok_regions, "A B\tA\t\t\tnational\n", "", "catalog.bad_line",
       "agencies.tsv line 1"},
      {"agency region", ok_regions, "a\tA\t\t99\tprovince\n", "", "catalog.unknown_region",
       "agencies.tsv line 1"},
      {"agency parent", ok_regions, "a\tA\t\t\tnational\nb\tB\tz\t\tunit\n", "",
       "catalog.unknown_agency", "agencies.tsv line 2"},
      {"agency kind", ok_regions, "a\tA\t\t11.01\tprovince\n", "", "catalog.bad_kind",
       "agencies.tsv line 1"},
      {"agency kind word", ok_regions, "a\tA\t\t\tministry\n", "", "catalog.bad_kind",
       "agencies.tsv line 1"},
      {"agency duplicate", ok_regions, "a\tA\t\t\tnational\na\tB\t\t\tnational\n", "",
       "catalog.duplicate", "agencies.tsv line 2"},
      {"category fields", ok_regions, "", "x\tX\n", "catalog.bad_line", "categories.tsv line 1"},
      {"category name", ok_regions, "", "x\tX\t\n", "catalog.empty_field", "categories.tsv line 1"},
      {"category duplicate", ok_regions, "", "x\tX\tX\r\nx\tY\tY\r\n", "catalog.duplicate",
       "categories.tsv line 2"},
  };
  for (const auto& c : cases) {
    auto parsed = Catalog::parse(c.regions, c.agencies, c.categories);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.error().code, c.code) << c.name;
    EXPECT_NE(parsed.error().detail.find(c.where), std::string::npos)
        << c.name << ": " << parsed.error().detail;
  }
}

TEST(RegionImport, AddsDistrictsAndVillagesUnderKnownRegencies) {
  auto catalog = small_catalog();
  auto before = catalog.regions().size();
  std::string csv =
      "\xEF\xBB\xBFkode,nama\r\n"
      "11.01.01,Teupah Selatan\r\n"  // parent 11.01 already in the catalog
      "11.01.01.2001,Desa Satu\r\n"
      "32.12.01,\"Haurgeulis, Kota\"\r\n"
      "\r\n# comment\r\n"
      "32.12.01.1001,\"Kelurahan \"\"Baru\"\"\"\r\n"
      "11,Aceh\r\n";  // repeats a known region with the same name: skipped
  auto added = import_region_csv(catalog, csv);
  ASSERT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(added.value(), 4u);
  EXPECT_EQ(catalog.regions().size(), before + 4);
  EXPECT_EQ(catalog.find_region("32.12.01")->name, "Haurgeulis, Kota");
  EXPECT_EQ(catalog.find_region("32.12.01.1001")->name, "Kelurahan \"Baru\"");
  EXPECT_EQ(catalog.children("11.01").size(), 1u);
  EXPECT_EQ(catalog.children("11.01.01").size(), 1u);
  EXPECT_EQ(catalog.children("11").size(), 1u);  // districts are not children of the province
  EXPECT_TRUE(std::is_sorted(catalog.regions().begin(), catalog.regions().end(),
                             [](const Region& a, const Region& b) { return a.code < b.code; }));
}

TEST(RegionImport, RejectsTheWholeFileAtTheFirstBadLine) {
  struct Case {
    const char* csv;
    const char* code;
    const char* where;
  };
  const Case cases[] = {
      {"11.01.01,Teupah Selatan\n11.01.02\n", "region_import.bad_line", "line 2"},
      {"11.01.01,A,B\n", "region_import.bad_line", "line 1"},
      {"11.01.01,\"unterminated\n", "region_import.bad_line", "line 1"},
      {"11.01.01,\"x\" tail\n", "region_import.bad_line", "line 1"},
      {"11.01.01,\n", "region_import.bad_line", "line 1"},
      {"11.01.01,A\n11.01.1,B\n", "catalog.bad_region_code", "line 2"},
      {"11.01.01,A\n12.01.01,Nias\n", "catalog.missing_parent", "line 2"},
      {"11.01.01.2001,Desa\n", "catalog.missing_parent", "line 1"},
      {"11.01.01,A\n11.01.01,A\n", "catalog.duplicate", "line 2"},
      {"11.01,Kab. Simeulue\n", "catalog.duplicate", "line 1"},
  };
  for (const auto& c : cases) {
    auto catalog = small_catalog();
    auto before = catalog.regions().size();
    auto added = import_region_csv(catalog, c.csv, "kecamatan.csv");
    ASSERT_FALSE(added.ok()) << c.csv;
    EXPECT_EQ(added.error().code, c.code) << c.csv;
    EXPECT_NE(added.error().detail.find(std::string("kecamatan.csv ") + c.where), std::string::npos)
        << c.csv << ": " << added.error().detail;
    EXPECT_EQ(catalog.regions().size(), before) << "catalog changed by a rejected file";
  }
}

TEST(Holidays, TheShippedCalendarParsesAndKnowsIdulFitri2026) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/assets/catalog/holidays.tsv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto holidays = parse_holidays(text);
  ASSERT_TRUE(holidays.ok()) << holidays.error().detail;
  EXPECT_EQ(holidays.value().size(), 51u)
      << "2026: 17 holidays and 8 days of cuti bersama; 2027: 18 and 8";
  EXPECT_NE(std::find(holidays.value().begin(), holidays.value().end(),
                      Holiday{{2026, 3, 21}, false, "Idul Fitri 1447 Hijriah"}),
            holidays.value().end());
}

TEST(Holidays, ABadLineIsRefusedWithItsNumber) {
  auto bad_date = parse_holidays("# calendar\n2026-01-01\tlibur\tTahun Baru\n2026-02-30\tlibur\tX\n");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.error().code, "catalog.bad_holiday");
  EXPECT_NE(bad_date.error().detail.find("line 3"), std::string::npos);
  EXPECT_FALSE(parse_holidays("2026-01-01\tlibur_sekolah\tX\n").ok());
  EXPECT_FALSE(parse_holidays("2026-01-01\tlibur\t\n").ok());
  EXPECT_TRUE(parse_holidays("2026-12-24\tcuti_bersama\tNatal\r\n").value().front().cuti_bersama);
}

}  // namespace
}  // namespace aduan::domain
