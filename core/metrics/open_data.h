// core/metrics/open_data.h: the rule that keeps the open data's records from singling a person
// out, and the region each record is published with.
//
// Owns the disclosure rule only. Does not own reading the records (core/store), their fields or
// formats (shell/server/api_open_data.cpp) or the region catalog (core/domain).
//
// The rule (docs/api.md "Open data" repeats it): a record's region is published at the finest level
// at which at least kSmallestPublishedCell public records share the record's category, its month
// of receipt and that region (the region itself or anywhere below it). Otherwise the record is
// published with the region's parent, and so on up to the province; a record whose province
// cell is still too small is published with no region at all. The cells are counted over every
// public record of the calendar month, whatever agency or period a reader asks for, so no choice
// of filters can tell a small cell apart from a large one by differencing two answers.
// Where a record's region is coarsened, what else would name the finer place must go too:
// shell/server/api_open_data.cpp drops its tracking code and an agency below the published
// region's level (agency_publishable), and the Open311 list leaves the record out
// (api_open311_requests.cpp), both by this one rule.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace aduan::metrics {

// The smallest number of records a published (category, month, region) cell may hold: the
// minimum-frequency rule of statistical disclosure control, at its usual threshold.
inline constexpr std::int64_t kSmallestPublishedCell = 3;

// Whether a record whose region is published as `published_region` may name the agency holding
// it, an agency of `agency_region` ("" national, "61" a province, "61.08" a regency, deeper for a
// unit): only one at or above the published region's level. An agency's id and name carry its
// region ("Dinas Kesehatan Kabupaten Landak"), so a lower one would name the place withheld.
bool agency_publishable(std::string_view agency_region, std::string_view published_region);

class DisclosureRule {
 public:
  // Counts `reports` public records of `category` received in `year`-`month` in `region_code`
  // (a Kemendagri code; "" when the record has none). Call once per cell, any order.
  void add(std::string_view category, int year, int month, std::string_view region_code,
           std::int64_t reports);

  // The region a record of that cell is published with: its own code, an ancestor's, or "".
  std::string published_region(std::string_view category, int year, int month,
                               std::string_view region_code) const;

 private:
  using Cell = std::tuple<std::string, int, int, std::string>;
  std::map<Cell, std::int64_t, std::less<>> within_;  // every region and each of its ancestors
};

}  // namespace aduan::metrics
