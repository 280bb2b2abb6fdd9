// shell/console/console_desk_filters.cpp: the desk's filter bar, the filters kept per officer on
// this device, and the rows the table shows, filtered and sorted.
//
// Owns which of the queue's rows the desk shows and in what order. The rows are the queue the
// console already holds (the whole queue, read page by page by console_queue.cpp and kept
// for offline use); the default order is the server's own queue order (overdue first, then by due
// day), read from GET /api/v1/officer/queue, so the desk and the phone list agree with the
// server. A column's order is a stable sort of that, so equal cells keep the server's order.
// Does not own drawing the table (console_desk.cpp) or any request. The filters are saved
// under the officer's id: another officer on the same PC starts from their own.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/workflow/status.h"
#include "shell/console/console.h"

namespace aduan::app {
namespace {

constexpr std::string_view kFormatLine = "aduan-desk-filters 1";
constexpr float kDropdownWidth = 190.0f;

std::string filters_key(const ConsoleState& console) {
  return "console.desk." + (console.session ? console.session->officer_id : std::string());
}

std::string encode(const DeskFilters& f) {
  // One field a line; none of them holds a line break (the search field is single-line).
  return std::string(kFormatLine) + "\n" + f.status + "\n" + f.agency + "\n" + f.region + "\n" +
         (f.overdue_only ? "1" : "0") + "\n" + f.search + "\n" + std::to_string(f.sort_column) +
         "\n" + (f.ascending ? "1" : "0");
}

bool decode(const std::string& text, DeskFilters& out) {
  std::vector<std::string> lines(1);
  for (char c : text) {
    if (c == '\n')
      lines.emplace_back();
    else
      lines.back() += c;
  }
  if (lines.size() != 8 || lines[0] != kFormatLine) return false;
  const int column = std::atoi(lines[6].c_str());
  out = {lines[1],        lines[2], lines[3],
         lines[4] == "1", lines[5], column >= -1 && column < DeskColumn::count ? column : -1,
         lines[7] == "1"};
  return true;
}

void load_filters(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  const std::string key = filters_key(console);
  if (console.desk_filters_for == key) return;
  console.desk_filters_for = key;
  console.desk = {};
  if (auto* store = state.store()) {
    if (auto saved = store->setting(key); saved && saved.value()) {
      if (!decode(*saved.value(), console.desk)) console.desk = {};
    }
  }
}

void save_filters(ConsoleScreen& state) {
  if (auto* store = state.store())
    (void)store->set_setting(filters_key(state.console), encode(state.console.desk));
}

// The region a row is filtered by: its regency (or province), the level an office works by.
std::string regency_of(const std::string& code) {
  const auto first = code.find('.');
  if (first == std::string::npos) return code;
  const auto second = code.find('.', first + 1);
  return second == std::string::npos ? code : code.substr(0, second);
}

bool within(const std::string& code, const std::string& region) {
  return code == region ||
         (code.size() > region.size() && code.compare(0, region.size(), region) == 0 &&
          code[region.size()] == '.');
}

std::size_t status_rank(const std::string& name) {
  const auto status = workflow::parse_status(name);
  if (!status) return workflow::kAllStatuses.size();
  return static_cast<std::size_t>(
      std::find(workflow::kAllStatuses.begin(), workflow::kAllStatuses.end(), *status) -
      workflow::kAllStatuses.begin());
}

}  // namespace

std::vector<DeskRow> desk_rows(const ConsoleScreen& state) {
  const ConsoleState& console = state.console;
  const DeskFilters& f = console.desk;
  std::map<std::string, std::size_t> rank;
  for (std::size_t i = 0; i < console.server_clocks.size(); ++i)
    rank.emplace(console.server_clocks[i].first, i);
  std::vector<DeskRow> out;
  for (const auto& row : console.rows) {
    if (!f.status.empty() && row.status != f.status) continue;
    if (!f.agency.empty() && row.agency_id != f.agency) continue;
    if (!f.region.empty() && !within(row.report.location.region_code, f.region)) continue;
    if (!f.search.empty() && !domain::contains_ignoring_case(row.report.title, f.search) &&
        !domain::contains_ignoring_case(row.report.tracking_code, f.search))
      continue;
    DeskRow shown{&row, row_clock(state, row), console.server_clocks.size()};
    if (f.overdue_only && !shown.clock.overdue) continue;
    if (auto found = rank.find(row.report.id.to_string()); found != rank.end())
      shown.server_rank = found->second;
    out.push_back(std::move(shown));
  }
  // The server's order first (rows it has not listed yet last, oldest first), then the column.
  std::stable_sort(out.begin(), out.end(), [](const DeskRow& a, const DeskRow& b) {
    if (a.server_rank != b.server_rank) return a.server_rank < b.server_rank;
    return a.row->report.received_at.value_or(0) < b.row->report.received_at.value_or(0);
  });
  if (f.sort_column < 0) return out;
  auto key = [&](const DeskRow& r) -> std::pair<std::string, long long> {
    const auto& report = r.row->report;
    switch (static_cast<DeskColumn>(f.sort_column)) {
      case DeskColumn::code: return {report.tracking_code, 0};
      case DeskColumn::title: return {report.title, 0};
      case DeskColumn::category: return {category_name(state, report.category_id), 0};
      case DeskColumn::agency: return {agency_name(state, r.row->agency_id), 0};
      case DeskColumn::region: return {region_name(state, report.location.region_code), 0};
      case DeskColumn::status: return {{}, static_cast<long long>(status_rank(r.row->status))};
      case DeskColumn::received: return {{}, report.received_at.value_or(0)};
      case DeskColumn::due:
        // Rows with no running clock sort after every due day, whichever way.
        return {r.clock.known ? r.clock.due : std::string(f.ascending ? "~" : ""), 0};
      case DeskColumn::count: break;
    }
    return {{}, 0};
  };
  std::stable_sort(out.begin(), out.end(), [&](const DeskRow& a, const DeskRow& b) {
    return f.ascending ? key(a) < key(b) : key(b) < key(a);
  });
  return out;
}

void draw_desk_filters(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  load_filters(state);
  DeskFilters& f = console.desk;
  const DeskFilters before = f;

  std::vector<ui::PickerOption> statuses{{"", std::string(state.t("console.all_statuses")), ""}};
  for (auto status : workflow::kAllStatuses) {
    const std::string name(workflow::to_string(status));
    statuses.push_back({name, std::string(state.t(status_key(name))), ""});
  }
  // Agencies and regions of the rows held, by name: the choices that can match something.
  std::map<std::string, std::string> agencies, regions;
  for (const auto& row : console.rows) {
    if (!row.agency_id.empty()) agencies.emplace(agency_name(state, row.agency_id), row.agency_id);
    const std::string region = regency_of(row.report.location.region_code);
    if (!region.empty()) regions.emplace(region_name(state, region), region);
  }
  std::vector<ui::PickerOption> agency_options{
      {"", std::string(state.t("console.all_agencies")), ""}};
  for (const auto& [name, id] : agencies) agency_options.push_back({id, name, ""});
  if (!f.agency.empty() && agencies.count(agency_name(state, f.agency)) == 0)
    agency_options.push_back({f.agency, agency_name(state, f.agency), ""});
  std::vector<ui::PickerOption> region_options{
      {"", std::string(state.t("console.all_regions")), ""}};
  for (const auto& [name, code] : regions) region_options.push_back({code, name, ""});
  if (!f.region.empty() && regions.count(region_name(state, f.region)) == 0)
    region_options.push_back({f.region, region_name(state, f.region), ""});

  ui::dropdown("console.desk.status", state.t("console.col_status"), statuses, f.status,
               kDropdownWidth);
  ui::same_line();
  ui::dropdown("console.desk.agency", state.t("console.filter_agency"), agency_options, f.agency,
               kDropdownWidth);
  ui::same_line();
  ui::dropdown("console.desk.region", state.t("console.filter_region"), region_options, f.region,
               kDropdownWidth);
  ui::same_line();
  const std::string overdue =
      std::string(f.overdue_only ? "[x] " : "[ ] ") + std::string(state.t("console.overdue_only"));
  if (ui::small_button("console.desk.overdue", overdue, f.overdue_only))
    f.overdue_only = !f.overdue_only;
  ui::same_line();
  ui::text_field("console.desk.search", state.t("console.search_short"), f.search,
                 {.placeholder = state.t("console.search"), .max_bytes = 100});
  const bool changed = f.status != before.status || f.agency != before.agency ||
                       f.region != before.region || f.overdue_only != before.overdue_only ||
                       f.search != before.search;
  if (changed) {
    console.desk_page = 0;
    save_filters(state);
  }
}

// Called by the table when a header is pressed: ascending, then descending, then the server's
// order again.
void sort_desk_by(ConsoleScreen& state, int column) {
  DeskFilters& f = state.console.desk;
  if (f.sort_column != column) {
    f.sort_column = column;
    f.ascending = true;
  } else if (f.ascending) {
    f.ascending = false;
  } else {
    f.sort_column = -1;
    f.ascending = true;
  }
  state.console.desk_page = 0;
  save_filters(state);
}

}  // namespace aduan::app
