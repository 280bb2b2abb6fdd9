// core/domain/catalog.cpp: parsing and querying the catalog (see catalog.h).
//
// Parsing is strict and stops at the first bad line: the catalog files are ours, shipped with
// the app, so a bad line is a packaging mistake to fix, not input to tolerate. The error names
// the file and line so the fix is quick.
#include "core/domain/catalog.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace aduan::domain {
namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_catalog_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.';
  });
}

Error line_error(std::string code, std::string_view origin, std::size_t line,
                 std::string_view what) {
  std::string detail(origin);
  detail += " line " + std::to_string(line) + ": ";
  detail += what;
  return Error{std::move(code), std::move(detail)};
}

// Calls `each(line_number, fields)` for every line that is not blank or a comment; stops at
// the first error it returns.
template <class Each>
Status for_each_record(std::string_view text, Each each) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || trim(line).front() == '#') continue;
    auto status = each(number, split_fields(line, '\t'));
    if (!status.ok()) return status;
  }
  return done();
}

template <class Item, class Key>
const Item* find_sorted(const std::vector<Item>& items, std::string_view key, Key key_of) {
  auto it =
      std::lower_bound(items.begin(), items.end(), key,
                       [&](const Item& item, std::string_view k) { return key_of(item) < k; });
  return it != items.end() && key_of(*it) == key ? &*it : nullptr;
}

}  // namespace

RegionLevel Region::level() const {
  return static_cast<RegionLevel>(1 + std::count(code.begin(), code.end(), '.'));
}

std::string_view Region::parent_code() const {
  auto dot = code.rfind('.');
  return dot == std::string::npos ? std::string_view() : std::string_view(code).substr(0, dot);
}

bool region_within(std::string_view code, std::string_view region) {
  if (region.empty() || code.size() < region.size()) return false;
  if (code.substr(0, region.size()) != region) return false;
  return code.size() == region.size() || code[region.size()] == '.';
}

bool is_region_code(std::string_view code) {
  static constexpr std::size_t kDigits[] = {2, 2, 2, 4};
  auto parts = split_fields(code, '.');
  if (parts.empty() || parts.size() > 4) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].size() != kDigits[i] || !std::all_of(parts[i].begin(), parts[i].end(), is_digit))
      return false;
  }
  return true;
}

std::string_view to_string(AgencyKind kind) {
  switch (kind) {
    case AgencyKind::national:
      return "national";
    case AgencyKind::province:
      return "province";
    case AgencyKind::regency:
      return "regency";
    case AgencyKind::unit:
      return "unit";
  }
  return "unit";
}

std::vector<std::string_view> split_fields(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  while (true) {
    auto at = line.find(separator);
    fields.push_back(line.substr(0, at));
    if (at == std::string_view::npos) return fields;
    line.remove_prefix(at + 1);
  }
}

bool contains_ignoring_case(std::string_view text, std::string_view query, bool* at_word_start) {
  if (at_word_start) *at_word_start = false;
  if (query.empty() || query.size() > text.size()) return false;
  bool found = false;
  for (std::size_t start = 0; start + query.size() <= text.size(); ++start) {
    std::size_t i = 0;
    while (i < query.size() && fold(text[start + i]) == fold(query[i])) ++i;
    if (i != query.size()) continue;
    found = true;
    bool word_start = start == 0 || !is_word_char(text[start - 1]);
    if (!at_word_start || word_start) {
      if (at_word_start) *at_word_start = word_start;
      return true;
    }
  }
  return found;
}

Result<std::size_t> Catalog::add_regions(const std::vector<Region>& regions,
                                         std::string_view origin,
                                         const std::vector<std::size_t>& lines) {
  auto line_of = [&](std::size_t i) { return lines.size() == regions.size() ? lines[i] : i + 1; };
  std::unordered_map<std::string_view, std::size_t> pending;  // code -> index in `regions`
  std::vector<std::size_t> fresh;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const auto& region = regions[i];
    if (!is_region_code(region.code))
      return line_error("catalog.bad_region_code", origin, line_of(i), "bad code " + region.code);
    if (trim(region.name).empty())
      return line_error("catalog.empty_field", origin, line_of(i), "region has no name");
    if (const Region* existing = find_region(region.code)) {
      if (existing->name == region.name) continue;
      return line_error("catalog.duplicate", origin, line_of(i),
                        region.code + " is already " + existing->name);
    }
    if (pending.count(region.code))
      return line_error("catalog.duplicate", origin, line_of(i), region.code + " appears twice");
    auto parent = region.parent_code();
    if (!parent.empty() && !find_region(parent) && !pending.count(parent)) {
      return line_error("catalog.missing_parent", origin, line_of(i),
                        "no region " + std::string(parent) + " before " + region.code);
    }
    pending.emplace(region.code, i);
    fresh.push_back(i);
  }
  regions_.reserve(regions_.size() + fresh.size());
  auto middle = regions_.size();
  for (auto i : fresh) regions_.push_back(regions[i]);
  auto by_code = [](const Region& a, const Region& b) { return a.code < b.code; };
  std::sort(regions_.begin() + static_cast<std::ptrdiff_t>(middle), regions_.end(), by_code);
  std::inplace_merge(regions_.begin(), regions_.begin() + static_cast<std::ptrdiff_t>(middle),
                     regions_.end(), by_code);
  return fresh.size();
}

Result<Catalog> Catalog::parse(std::string_view regions_tsv, std::string_view agencies_tsv,
                               std::string_view categories_tsv) {
  Catalog catalog;

  std::vector<Region> regions;
  std::vector<std::size_t> lines;
  auto status = for_each_record(regions_tsv, [&](std::size_t line, const auto& fields) -> Status {
    if (fields.size() != 2)
      return line_error("catalog.bad_line", "regions.tsv", line, "expected code<TAB>name");
    regions.push_back(Region{std::string(trim(fields[0])), std::string(trim(fields[1]))});
    lines.push_back(line);
    return done();
  });
  if (!status.ok()) return status.error();
  auto added = catalog.add_regions(regions, "regions.tsv", lines);
  if (!added.ok()) return added.error();

  std::unordered_set<std::string> agency_ids;
  status = for_each_record(agencies_tsv, [&](std::size_t line, const auto& fields) -> Status {
    const char* file = "agencies.tsv";
    if (fields.size() != 5)
      return line_error("catalog.bad_line", file, line, "expected id, name, parent, region, kind");
    Agency agency{std::string(trim(fields[0])), std::string(trim(fields[1])),
                  std::string(trim(fields[2])), std::string(trim(fields[3])), AgencyKind::unit};
    if (!is_catalog_id(agency.id))
      return line_error("catalog.bad_line", file, line, "bad agency id " + agency.id);
    if (agency.name.empty()) return line_error("catalog.empty_field", file, line, "no name");
    if (!agency_ids.insert(agency.id).second)
      return line_error("catalog.duplicate", file, line, agency.id + " appears twice");
    if (!agency.parent_id.empty() && !agency_ids.count(agency.parent_id))
      return line_error("catalog.unknown_agency", file, line, "no parent " + agency.parent_id);
    if (!agency.region_code.empty() && !catalog.find_region(agency.region_code))
      return line_error("catalog.unknown_region", file, line, "no region " + agency.region_code);
    auto kind = trim(fields[4]);
    const Region* region = catalog.find_region(agency.region_code);
    if (kind == "national" && !region) {
      agency.kind = AgencyKind::national;
    } else if (kind == "province" && region && region->level() == RegionLevel::province) {
      agency.kind = AgencyKind::province;
    } else if (kind == "regency" && region && region->level() == RegionLevel::regency) {
      agency.kind = AgencyKind::regency;
    } else if (kind == "unit" && !agency.parent_id.empty()) {
      agency.kind = AgencyKind::unit;
    } else {
      return line_error("catalog.bad_kind", file, line,
                        "kind " + std::string(kind) + " does not fit the region and parent");
    }
    catalog.agencies_.push_back(std::move(agency));
    return done();
  });
  if (!status.ok()) return status.error();
  std::sort(catalog.agencies_.begin(), catalog.agencies_.end(),
            [](const Agency& a, const Agency& b) { return a.id < b.id; });

  std::unordered_set<std::string> category_ids;
  status = for_each_record(categories_tsv, [&](std::size_t line, const auto& fields) -> Status {
    const char* file = "categories.tsv";
    if (fields.size() != 3)
      return line_error("catalog.bad_line", file, line, "expected id, name_id, name_en");
    Category category{std::string(trim(fields[0])), std::string(trim(fields[1])),
                      std::string(trim(fields[2]))};
    if (!is_catalog_id(category.id))
      return line_error("catalog.bad_line", file, line, "bad category id " + category.id);
    if (category.name_id.empty() || category.name_en.empty())
      return line_error("catalog.empty_field", file, line, "a name is missing");
    if (!category_ids.insert(category.id).second)
      return line_error("catalog.duplicate", file, line, category.id + " appears twice");
    catalog.categories_.push_back(std::move(category));
    return done();
  });
  if (!status.ok()) return status.error();
  return catalog;
}

const Region* Catalog::find_region(std::string_view code) const {
  return find_sorted(regions_, code, [](const Region& r) -> std::string_view { return r.code; });
}

const Agency* Catalog::find_agency(std::string_view id) const {
  return find_sorted(agencies_, id, [](const Agency& a) -> std::string_view { return a.id; });
}

const Category* Catalog::find_category(std::string_view id) const {
  for (const auto& category : categories_)
    if (category.id == id) return &category;
  return nullptr;
}

std::vector<const Region*> Catalog::children(std::string_view parent_code) const {
  std::vector<const Region*> found;
  if (parent_code.empty()) {
    for (const auto& region : regions_)
      if (region.level() == RegionLevel::province) found.push_back(&region);
    return found;
  }
  std::string prefix(parent_code);
  prefix += '.';
  auto it = std::lower_bound(regions_.begin(), regions_.end(), prefix,
                             [](const Region& r, const std::string& p) { return r.code < p; });
  auto child_dots = std::count(prefix.begin(), prefix.end(), '.');
  for (; it != regions_.end() && it->code.compare(0, prefix.size(), prefix) == 0; ++it)
    if (std::count(it->code.begin(), it->code.end(), '.') == child_dots) found.push_back(&*it);
  return found;
}

std::vector<const Agency*> Catalog::child_agencies(std::string_view parent_id) const {
  std::vector<const Agency*> found;
  for (const auto& agency : agencies_)
    if (agency.parent_id == parent_id) found.push_back(&agency);
  return found;
}

std::vector<const Region*> Catalog::search_regions(std::string_view query,
                                                   std::size_t limit) const {
  query = trim(query);
  std::vector<std::pair<bool, const Region*>> hits;  // {not at a word start, region}
  for (const auto& region : regions_) {
    bool word_start = false;
    if (contains_ignoring_case(region.name, query, &word_start))
      hits.emplace_back(!word_start, &region);
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.second->level() < b.second->level();
  });
  std::vector<const Region*> found;
  for (std::size_t i = 0; i < hits.size() && i < limit; ++i) found.push_back(hits[i].second);
  return found;
}

std::vector<const Agency*> Catalog::search_agencies(std::string_view query,
                                                    std::size_t limit) const {
  query = trim(query);
  std::vector<std::pair<bool, const Agency*>> hits;
  for (const auto& agency : agencies_) {
    bool word_start = false;
    if (contains_ignoring_case(agency.name, query, &word_start))
      hits.emplace_back(!word_start, &agency);
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Agency*> found;
  for (std::size_t i = 0; i < hits.size() && i < limit; ++i) found.push_back(hits[i].second);
  return found;
}

Result<std::vector<Holiday>> parse_holidays(std::string_view tsv, std::string_view origin) {
  std::vector<Holiday> holidays;
  auto parsed = for_each_record(tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    auto date = f.size() == 3 ? parse_civil_date(f[0]) : std::nullopt;
    if (!date || (f[1] != "libur" && f[1] != "cuti_bersama") || trim(f[2]).empty())
      return Status(line_error("catalog.bad_holiday", origin, line,
                               "expected YYYY-MM-DD<TAB>libur|cuti_bersama<TAB>name"));
    holidays.push_back({*date, f[1] == "cuti_bersama", std::string(trim(f[2]))});
    return done();
  });
  if (!parsed) return parsed.error();
  return holidays;
}

}  // namespace aduan::domain
