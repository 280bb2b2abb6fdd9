// core/domain/region_import.cpp: the official CSV region list reader (see region_import.h).
//
// The reader only splits lines into {code, name} and remembers each line's number; all the
// tree rules (code shape, parent known, duplicates) live in Catalog::add_regions so the TSV
// catalog and the CSV import can never disagree about what a valid region is.
#include "core/domain/region_import.h"

#include <string>
#include <vector>

namespace aduan::domain {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Error bad_line(std::string_view origin, std::size_t line, std::string_view what) {
  std::string detail(origin);
  detail += " line " + std::to_string(line) + ": ";
  detail += what;
  return Error{"region_import.bad_line", std::move(detail)};
}

// Splits `code,name` where the name may be quoted. Returns false when the line is malformed.
bool split_record(std::string_view line, std::string& code, std::string& name) {
  auto comma = line.find(',');
  if (comma == std::string_view::npos) return false;
  code = std::string(trim(line.substr(0, comma)));
  auto rest = trim(line.substr(comma + 1));
  name.clear();
  if (rest.empty() || rest.front() != '"') {
    if (rest.find(',') != std::string_view::npos || rest.find('"') != std::string_view::npos)
      return false;  // a third field, or a stray quote
    name = std::string(rest);
    return true;
  }
  std::size_t i = 1;
  while (i < rest.size()) {
    if (rest[i] == '"') {
      if (i + 1 < rest.size() && rest[i + 1] == '"') {
        name.push_back('"');
        i += 2;
        continue;
      }
      return i + 1 == rest.size();  // the closing quote must end the line
    }
    name.push_back(rest[i++]);
  }
  return false;  // unterminated quote
}

bool is_header(std::string_view code, std::string_view name) {
  return (code == "kode" || code == "code") && (name == "nama" || name == "name");
}

}  // namespace

Result<std::size_t> import_region_csv(Catalog& catalog, std::string_view csv,
                                      std::string_view origin) {
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
  std::vector<Region> regions;
  std::vector<std::size_t> lines;
  std::size_t number = 0;
  while (!csv.empty()) {
    auto end = csv.find('\n');
    auto line = csv.substr(0, end);
    csv.remove_prefix(end == std::string_view::npos ? csv.size() : end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    Region region;
    if (!split_record(line, region.code, region.name))
      return bad_line(origin, number, "expected code,name");
    if (regions.empty() && is_header(region.code, region.name)) continue;
    if (trim(region.name).empty()) return bad_line(origin, number, "region has no name");
    regions.push_back(std::move(region));
    lines.push_back(number);
  }
  return catalog.add_regions(regions, origin, lines);
}

}  // namespace aduan::domain
