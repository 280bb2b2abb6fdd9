// tests/fuzz/region_import/fuzz_region_import.cpp: libFuzzer target for the region-list
// importer (core/domain/region_import.h), a Kemendagri CSV merged into the shipped catalog.
//
// Each input is imported into a copy of the real catalog (assets/catalog, loaded once), and the
// importer's all-or-nothing promise is checked: a refused file leaves the catalog exactly as it
// was, an accepted one adds exactly as many regions as it reports, each findable by its code.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/domain/catalog.h"
#include "core/domain/region_import.h"

namespace {

std::string read_catalog_file(const char* name) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/assets/catalog/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const aduan::domain::Catalog& shipped_catalog() {
  static const aduan::domain::Catalog catalog = [] {
    auto parsed = aduan::domain::Catalog::parse(read_catalog_file("regions.tsv"),
                                                read_catalog_file("agencies.tsv"),
                                                read_catalog_file("categories.tsv"));
    if (!parsed) std::abort();  // the shipped catalog must parse: nothing to fuzz against
    return parsed.value();
  }();
  return catalog;
}

bool same_regions(const aduan::domain::Catalog& a, const aduan::domain::Catalog& b) {
  if (a.regions().size() != b.regions().size()) return false;
  for (std::size_t i = 0; i < a.regions().size(); ++i) {
    if (a.regions()[i].code != b.regions()[i].code || a.regions()[i].name != b.regions()[i].name)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aduan::domain;
  const Catalog& shipped = shipped_catalog();
  Catalog catalog = shipped;
  auto added = import_region_csv(catalog, {reinterpret_cast<const char*>(data), size});
  if (!added) {
    if (!same_regions(catalog, shipped)) std::abort();
    return 0;
  }
  if (catalog.regions().size() != shipped.regions().size() + added.value()) std::abort();
  for (const auto& region : catalog.regions()) {
    if (catalog.find_region(region.code) == nullptr) std::abort();
  }
  return 0;
}
