// core/metrics/open_data.cpp: the open data's disclosure rule (open_data.h says what it is).
// A region's ancestors are its code cut at each dot: "32.12.01.2001", "32.12.01", "32.12", "32".
#include "core/metrics/open_data.h"

namespace aduan::metrics {
namespace {

std::string_view parent_of(std::string_view code) {
  const auto dot = code.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : code.substr(0, dot);
}

// How deep a region lies: "" 0, a province 1, a regency 2, a district 3, a village 4.
std::size_t level_of(std::string_view code) {
  if (code.empty()) return 0;
  std::size_t level = 1;
  for (char c : code) level += c == '.' ? 1 : 0;
  return level;
}

}  // namespace

bool agency_publishable(std::string_view agency_region, std::string_view published_region) {
  return level_of(agency_region) <= level_of(published_region);
}

void DisclosureRule::add(std::string_view category, int year, int month,
                         std::string_view region_code, std::int64_t reports) {
  for (auto code = region_code; !code.empty(); code = parent_of(code))
    within_[Cell{std::string(category), year, month, std::string(code)}] += reports;
}

std::string DisclosureRule::published_region(std::string_view category, int year, int month,
                                             std::string_view region_code) const {
  for (auto code = region_code; !code.empty(); code = parent_of(code)) {
    const auto found = within_.find(Cell{std::string(category), year, month, std::string(code)});
    if (found != within_.end() && found->second >= kSmallestPublishedCell) return std::string(code);
  }
  return {};
}

}  // namespace aduan::metrics
