// tests/fuzz/catalog/fuzz_catalog.cpp: libFuzzer target for the catalog parser: the three TSV
// files the server loads at start-up and the portal reads from the catalog download
// (core/domain/catalog.h), and holidays.tsv.
//
// The input is the four files one after another, separated by a line holding only "%%"
// (regions, agencies, categories, holidays; missing parts are empty), so a seed is readable
// text. A catalog that parses is then searched and walked the way the pickers do.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/domain/catalog.h"

namespace {

std::vector<std::string_view> split_parts(std::string_view text) {
  std::vector<std::string_view> parts;
  while (parts.size() < 3) {
    auto at = text.find("\n%%\n");
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at + 1));
    text.remove_prefix(at + 4);
  }
  parts.push_back(text);
  parts.resize(4);
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aduan::domain;
  auto parts = split_parts({reinterpret_cast<const char*>(data), size});
  auto catalog = Catalog::parse(parts[0], parts[1], parts[2]);
  if (catalog) {
    const Catalog& c = catalog.value();
    for (const auto& region : c.regions()) {
      if (c.find_region(region.code) == nullptr) std::abort();
      (void)c.children(region.code);
    }
    for (const auto& agency : c.agencies()) {
      if (c.find_agency(agency.id) == nullptr) std::abort();
      (void)c.child_agencies(agency.id);
    }
    for (const auto& category : c.categories()) {
      if (c.find_category(category.id) == nullptr) std::abort();
    }
    const std::string_view query = parts[3].substr(0, 16);
    if (c.search_regions(query, 5).size() > 5 || c.search_agencies(query, 5).size() > 5) std::abort();
  }
  (void)parse_holidays(parts[3]);
  return 0;
}
