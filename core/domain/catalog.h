// core/domain/catalog.h: the regions, agencies and categories a report can name.
//
// Owns the in-memory catalog, parsing it from the TSV files in assets/catalog/ (the caller
// reads the files; nothing here touches the file system), lookups by code or id, the children
// of a region and name search for the pickers. Does not own the official CSV region lists
// (region_import.h), deciding whether a report is acceptable (core/rules), or routing.
//
// Shape: plain vectors kept sorted by code/id and searched by binary search, because the
// catalog is read-mostly, must stay small in the browser (villages add ~84,000 regions) and
// Kemendagri codes sort into a tree: "32" < "32.12" < "32.12.01" < "32.13", so a region's
// descendants are the contiguous run after it. Parents come before children in every file, so
// a missing parent is reported at the child's line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"

namespace aduan::domain {

// Kemendagri levels; the level is the number of dot-separated parts of the code.
enum class RegionLevel : int { province = 1, regency = 2, district = 3, village = 4 };

struct Region {
  std::string code;  // "32", "32.12", "32.12.01", "32.12.01.2001"
  std::string name;  // "Jawa Barat", "Kab. Indramayu", ...
  RegionLevel level() const;
  std::string_view parent_code() const;  // "" for a province
};

// Checks the shape of a Kemendagri code: 2 digits, then .2 digits (regency), .2 (district),
// .4 (village). Does not say whether the region exists.
bool is_region_code(std::string_view code);

// "32.12" lies within "32" and within "32.12"; not within "32.1" or "3". Empty `region`
// contains nothing.
bool region_within(std::string_view code, std::string_view region);

enum class AgencyKind : int { national, province, regency, unit };
std::string_view to_string(AgencyKind kind);  // "national", "province", "regency", "unit"

struct Agency {
  std::string id;           // stable, lowercase: "kab-32.12-dinkes"
  std::string name;         // "Dinas Kesehatan Kabupaten Indramayu"
  std::string parent_id;    // "" for a top-level agency
  std::string region_code;  // "" for a national agency
  AgencyKind kind = AgencyKind::unit;
};

struct Category {
  std::string id;       // "infrastruktur"
  std::string name_id;  // Bahasa Indonesia
  std::string name_en;
};

class Catalog {
 public:
  // Parses the three TSV files (see assets/README.md): '#' comments and blank lines are
  // skipped, fields are separated by single tabs. Errors carry a code ("catalog.bad_line",
  // "catalog.bad_region_code", "catalog.missing_parent", "catalog.duplicate",
  // "catalog.unknown_region", "catalog.unknown_agency", "catalog.bad_kind",
  // "catalog.empty_field") and a detail "<file> line <n>: ..." naming the first bad line.
  static Result<Catalog> parse(std::string_view regions_tsv, std::string_view agencies_tsv,
                               std::string_view categories_tsv);

  // Adds regions in one step: all or nothing. Each region's parent must be in the catalog or
  // earlier in `regions`. A code already present with the same name is skipped (so an official
  // list that repeats the provinces can be imported); with another name it is a duplicate.
  // `origin` and `lines` (the source line of each region, same size, or empty) make the errors
  // point into the caller's file. Returns how many regions were new.
  Result<std::size_t> add_regions(const std::vector<Region>& regions, std::string_view origin,
                                  const std::vector<std::size_t>& lines);

  const Region* find_region(std::string_view code) const;
  const Agency* find_agency(std::string_view id) const;
  const Category* find_category(std::string_view id) const;

  // Direct children, in code order; children("") is the provinces.
  std::vector<const Region*> children(std::string_view parent_code) const;
  // Agencies whose parent_id is `parent_id` ("" gives the top-level agencies), in id order.
  std::vector<const Agency*> child_agencies(std::string_view parent_id) const;

  // Case-insensitive (ASCII) substring search on names for the pickers. Matches at the start
  // of a word come first ("landak" finds "Kab. Landak" before "Kalandakan"), then higher
  // levels, then code order. At most `limit` results.
  std::vector<const Region*> search_regions(std::string_view query, std::size_t limit) const;
  std::vector<const Agency*> search_agencies(std::string_view query, std::size_t limit) const;

  const std::vector<Region>& regions() const { return regions_; }
  const std::vector<Agency>& agencies() const { return agencies_; }
  const std::vector<Category>& categories() const { return categories_; }  // in file order

 private:
  std::vector<Region> regions_;   // sorted by code
  std::vector<Agency> agencies_;  // sorted by id
  std::vector<Category> categories_;
};

// Helpers shared with the importer: split a line on a separator, and the ASCII case folding
// the searches use.
std::vector<std::string_view> split_fields(std::string_view line, char separator);

// A day off that working-day deadlines skip (assets/catalog/holidays.tsv).
struct Holiday {
  CivilDate date;
  bool cuti_bersama = false;  // collective leave for civil servants; false: a national holiday
  std::string name;
  friend bool operator==(const Holiday&, const Holiday&) = default;
};
// Lines of date<TAB>libur|cuti_bersama<TAB>name. An impossible date, an unknown kind or a
// missing name is "catalog.bad_holiday" naming the line: a typo must not shift every deadline.
Result<std::vector<Holiday>> parse_holidays(std::string_view tsv, std::string_view origin = "holidays.tsv");
bool contains_ignoring_case(std::string_view text, std::string_view query,
                            bool* at_word_start = nullptr);

}  // namespace aduan::domain
