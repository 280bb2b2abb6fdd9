// shell/console/dashboard_screen.cpp: the agencies' performance, for officers and the public.
//
// Owns the dashboard screen: the period and agency chosen, the figures of the period (received,
// followed up and completed with their rates, average days to the first follow-up and to
// completion, overdue), the rankings by speed and by completion, and a yearly trend chart. The
// figures are computed on the server with core/metrics (kpi.h has the exact definitions); this
// screen only reads the public JSON answer and shows it, so the dashboard and the articles
// agree to the tenth. The chart is drawn with ImGui's draw list, which a screen reader cannot
// see, so every bar's figures are also written as text into the accessibility mirror. On a
// desk-wide screen the rankings are tables and the chart is twice as tall. "Unduh data" downloads
// the period's records, the open data (shell/server/api_open_data.cpp), as CSV.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "shell/console/console.h"
#include "shell/ui/program.h"

namespace aduan::app {
namespace {

struct Kpi {
  std::string agency_id, name;
  long received = 0, followed_up = 0, completed = 0, overdue = 0;
  std::string followed_up_percent, completed_percent, avg_follow_up, avg_completion;  // "-" if none
  int month = 0;
};

struct Ranked {
  int position = 0;
  std::string agency_id;
  std::string value;  // avg working days (speed) or completed % (completion)
};

struct Figures {
  Kpi total;
  std::vector<Kpi> agencies;
  std::vector<Ranked> by_speed, by_completion;
  std::vector<Kpi> trend;
};

std::string tenths_text(const json::Value* value) {
  if (!value || value->kind != json::Value::Kind::number) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value->number);
  return buffer;
}

Kpi kpi_of(const json::Value& row) {
  Kpi kpi;
  kpi.agency_id = row.string_at("agency_id");
  kpi.name = row.string_at("name");
  kpi.received = static_cast<long>(row.number_at("received"));
  kpi.followed_up = static_cast<long>(row.number_at("followed_up"));
  kpi.completed = static_cast<long>(row.number_at("completed"));
  kpi.overdue = static_cast<long>(row.number_at("overdue"));
  kpi.followed_up_percent = tenths_text(row.get("followed_up_percent"));
  kpi.completed_percent = tenths_text(row.get("completed_percent"));
  kpi.avg_follow_up = tenths_text(row.get("avg_working_days_to_follow_up"));
  kpi.avg_completion = tenths_text(row.get("avg_calendar_days_to_completion"));
  kpi.month = static_cast<int>(row.number_at("month"));
  return kpi;
}

std::optional<Figures> figures_of(const std::string& text) {
  auto parsed = json::parse(text);
  if (!parsed || !parsed.value().is_object()) return std::nullopt;
  const json::Value& answer = parsed.value();
  Figures figures;
  if (const json::Value* total = answer.get("total")) figures.total = kpi_of(*total);
  auto list = [&](std::string_view key, std::vector<Kpi>& out) {
    if (const json::Value* rows = answer.get(key); rows && rows->kind == json::Value::Kind::array) {
      for (const auto& row : rows->items) out.push_back(kpi_of(row));
    }
  };
  auto ranks = [&](std::string_view key, std::vector<Ranked>& out) {
    if (const json::Value* rows = answer.get(key); rows && rows->kind == json::Value::Kind::array) {
      for (const auto& row : rows->items)
        out.push_back({static_cast<int>(row.number_at("position")), row.string_at("agency_id"),
                       tenths_text(row.get("value"))});
    }
  };
  list("agencies", figures.agencies);
  list("trend", figures.trend);
  ranks("ranking_by_speed", figures.by_speed);
  ranks("ranking_by_completion", figures.by_completion);
  return figures;
}

std::string agency_name(const ConsoleScreen& state, const Figures& figures, const std::string& id) {
  for (const auto& kpi : figures.agencies) {
    if (kpi.agency_id == id && !kpi.name.empty()) return kpi.name;
  }
  if (state.app.catalog) {
    if (const auto* agency = state.app.catalog->find_agency(id)) return agency->name;
  }
  return id;
}

void ask(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  console.dashboard_asked = true;
  console.dashboard_error.clear();
  // The public figures of every agency; one agency is picked out of them on this side.
  std::string path = "/api/v1/stats?year=" + std::to_string(console.dashboard_year);
  if (console.dashboard_month > 0) path += "&month=" + std::to_string(console.dashboard_month);
  console_send(state, std::move(path), {}, [](ConsoleScreen& s, const ServerAnswer& answer) {
    ConsoleState& c = s.console;
    if (!answer.reached) {
      c.dashboard_error = "console.offline";
    } else if (answer.http_status != 200) {
      c.dashboard_error = answer.code;
    } else {
      c.dashboard_raw.assign(answer.body.begin(), answer.body.end());
    }
  });
}

void draw_kpi(ConsoleScreen& state, const Kpi& kpi) {
  ui::text(state.format("dashboard.received", {std::to_string(kpi.received)}));
  // A period with nothing received has no rate at all: the count alone, never "-%".
  ui::text(kpi.followed_up_percent == "-"
               ? state.format("dashboard.followed_up_count", {std::to_string(kpi.followed_up)})
               : state.format("dashboard.followed_up",
                              {std::to_string(kpi.followed_up), kpi.followed_up_percent}));
  ui::text(kpi.completed_percent == "-"
               ? state.format("dashboard.completed_count", {std::to_string(kpi.completed)})
               : state.format("dashboard.completed",
                              {std::to_string(kpi.completed), kpi.completed_percent}));
  ui::text(state.format("dashboard.avg_follow_up", {kpi.avg_follow_up}));
  ui::text(state.format("dashboard.avg_completion", {kpi.avg_completion}));
  ui::text(state.format("dashboard.overdue", {std::to_string(kpi.overdue)}));
}

// Bars: received per month; a line over them: completed. Drawn only, then told as text.
void draw_trend(ConsoleScreen& state, const std::vector<Kpi>& trend) {
  if (trend.empty()) return;
  ui::heading(state.t("dashboard.trend"), 2);
  long top = 1;
  for (const auto& month : trend) top = std::max(top, month.received);
  const float width = ImGui::GetContentRegionAvail().x;
  // On a desk screen the chart has room to be read from a chair's distance.
  const float height = desk_layout(state.console) ? 340.0f : 160.0f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float slot = width / static_cast<float>(trend.size());
  ImVec2 previous{};
  for (std::size_t i = 0; i < trend.size(); ++i) {
    const float x = origin.x + slot * static_cast<float>(i);
    const float bar = height * static_cast<float>(trend[i].received) / static_cast<float>(top);
    draw->AddRectFilled(ImVec2(x + slot * 0.15f, origin.y + height - bar),
                        ImVec2(x + slot * 0.85f, origin.y + height),
                        IM_COL32(0x15, 0x65, 0xC0, 0xff));
    const ImVec2 point(x + slot * 0.5f, origin.y + height -
                                            height * static_cast<float>(trend[i].completed) /
                                                static_cast<float>(top));
    if (i > 0) draw->AddLine(previous, point, IM_COL32(0x2E, 0x7D, 0x32, 0xff), 3.0f);
    draw->AddCircleFilled(point, 4.0f, IM_COL32(0x2E, 0x7D, 0x32, 0xff));
    previous = point;
  }
  draw->AddLine(ImVec2(origin.x, origin.y + height), ImVec2(origin.x + width, origin.y + height),
                IM_COL32(0x55, 0x55, 0x55, 0xff));
  ImGui::Dummy(ImVec2(width, height + 4.0f));
  ui::muted(state.t("dashboard.trend_legend"));
  for (const auto& month : trend) {
    const std::string number = std::to_string(month.month);
    ui::muted(month.completed_percent == "-"
                  ? state.format(
                        "dashboard.trend_row_count",
                        {number, std::to_string(month.received), std::to_string(month.completed)})
                  : state.format("dashboard.trend_row",
                                 {number, std::to_string(month.received),
                                  std::to_string(month.completed), month.completed_percent}));
  }
}

void draw_ranking(ConsoleScreen& state, const Figures& figures, const std::vector<Ranked>& ranks,
                  std::string_view title, bool speed) {
  if (ranks.empty()) return;
  ui::heading(state.t(title), 2);
  if (desk_layout(state.console)) {
    // A table: position, agency, figure, read across as the articles print them.
    const std::string id = speed ? "dashboard.speed" : "dashboard.completion";
    const std::vector<ui::TableColumn> columns{
        {state.t("dashboard.col_position"), 0.5f},
        {state.t("console.col_agency"), 4.0f},
        {state.t(speed ? "dashboard.col_speed" : "dashboard.col_completion"), 1.5f}};
    (void)ui::table_header(id + ".header", columns, -1, true);  // the server's ranking order
    for (const auto& rank : ranks) {
      (void)ui::table_row(
          id + "." + std::to_string(rank.position),
          {std::to_string(rank.position), agency_name(state, figures, rank.agency_id), rank.value},
          columns, false, 0, nullptr);
    }
    return;
  }
  for (const auto& rank : ranks) {
    ui::text(state.format(
        speed ? "dashboard.rank_speed_row" : "dashboard.rank_completion_row",
        {std::to_string(rank.position), agency_name(state, figures, rank.agency_id), rank.value}));
  }
}

// The chosen period's (and agency's) records as the open data's CSV: every record of the
// period in one file, with the regions the disclosure rule publishes (docs/api.md "Open data").
std::string open_data_address(const ConsoleState& console) {
  std::string address =
      "/api/v1/open-data/reports.csv?year=" + std::to_string(console.dashboard_year);
  if (console.dashboard_month != 0) address += "&month=" + std::to_string(console.dashboard_month);
  if (!console.dashboard_agency.empty()) address += "&agency=" + console.dashboard_agency;
  return address;
}

}  // namespace

void draw_dashboard(ConsoleScreen& state) {
  ConsoleState& console = state.console;
  if (ui::button("dashboard.back", state.t("console.back"), ui::ButtonKind::link)) {
    state.leave();
    return;
  }
  ui::heading(state.t("dashboard.title"));
  ui::muted(state.t("dashboard.definitions"));
  if (console.dashboard_year == 0)
    console.dashboard_year = local_today(state.app.services.now()).year;

  std::vector<std::string> years;
  const int this_year = local_today(state.app.services.now()).year;
  for (int y = this_year; y > this_year - 5; --y) years.push_back(std::to_string(y));
  std::vector<ui::PickerOption> months{{"0", std::string(state.t("dashboard.whole_year")), ""}};
  for (int m = 1; m <= 12; ++m)
    months.push_back({std::to_string(m), std::string(state.t("month." + std::to_string(m))), ""});
  std::string month = std::to_string(console.dashboard_month);
  std::vector<ui::PickerOption> agencies{{"", std::string(state.t("dashboard.all_agencies")), ""}};
  if (state.app.catalog) {
    for (const auto& agency : state.app.catalog->agencies())
      agencies.push_back({agency.id, agency.name, ""});
  }
  bool changed = false;
  if (desk_layout(console)) {
    // One compact bar on a desk, so the figures start on the first screen.
    std::vector<ui::PickerOption> year_options;
    for (const auto& y : years) year_options.push_back({y, y, ""});
    std::string year = std::to_string(console.dashboard_year);
    if (ui::dropdown("dashboard.year", state.t("dashboard.year"), year_options, year, 160.0f)) {
      console.dashboard_year = static_cast<int>(std::strtol(year.c_str(), nullptr, 10));
      changed = true;
    }
    ui::same_line();
    if (ui::dropdown("dashboard.month", state.t("dashboard.month"), months, month, 220.0f)) {
      console.dashboard_month = static_cast<int>(std::strtol(month.c_str(), nullptr, 10));
      changed = true;
    }
    ui::same_line();
    changed = ui::dropdown("dashboard.agency", state.t("dashboard.agency"), agencies,
                           console.dashboard_agency, 480.0f) ||
              changed;
  } else {
    int year_index = this_year - console.dashboard_year;
    changed = ui::radio_group("dashboard.year", state.t("dashboard.year"), years, year_index);
    if (changed) console.dashboard_year = this_year - year_index;
    if (ui::picker("dashboard.month", state.t("dashboard.month"), months, month)) {
      console.dashboard_month = static_cast<int>(std::strtol(month.c_str(), nullptr, 10));
      changed = true;
    }
    if (ui::picker("dashboard.agency", state.t("dashboard.agency"), agencies,
                   console.dashboard_agency))
      changed = true;
  }
  if (changed || !console.dashboard_asked) ask(state);
  if (ui::button("dashboard.refresh", state.t("console.refresh"), ui::ButtonKind::secondary))
    ask(state);
  if (ui::button("dashboard.download", state.t("dashboard.download_data"), ui::ButtonKind::link))
    ui::download(open_data_address(console).c_str());

  if (!console.dashboard_error.empty())
    ui::error_text(console_error_text(state, console.dashboard_error, {}));
  if (console.dashboard_raw.empty()) {
    if (console.dashboard_error.empty()) ui::muted(state.t("console.loading"));
    return;
  }
  const auto figures = figures_of(console.dashboard_raw);
  if (!figures) {
    ui::error_text(state.t("console.server_error"));
    return;
  }
  ui::heading(state.t("dashboard.summary"), 2);
  const Kpi* chosen = &figures->total;
  Kpi none;
  if (!console.dashboard_agency.empty()) {
    none.agency_id = console.dashboard_agency;
    chosen = &none;  // an agency with no report in the period: zeros, no rates
    none.followed_up_percent = none.completed_percent = none.avg_follow_up = none.avg_completion =
        "-";
    for (const auto& kpi : figures->agencies) {
      if (kpi.agency_id == console.dashboard_agency) chosen = &kpi;
    }
    ui::muted(agency_name(state, *figures, console.dashboard_agency));
  }
  draw_kpi(state, *chosen);
  draw_ranking(state, *figures, figures->by_speed, "dashboard.rank_speed", true);
  draw_ranking(state, *figures, figures->by_completion, "dashboard.rank_completion", false);
  draw_trend(state, figures->trend);
  if (!figures->agencies.empty()) ui::heading(state.t("dashboard.per_agency"), 2);
  for (const auto& kpi : figures->agencies) {
    if (!console.dashboard_agency.empty() && kpi.agency_id != console.dashboard_agency) continue;
    ui::heading(agency_name(state, *figures, kpi.agency_id), 3);
    draw_kpi(state, kpi);
  }
}

}  // namespace aduan::app
