// shell/server/public_data.h: what the public figures (api_stats.cpp) and the open data
// (api_open_data.cpp) share: the period a reader asks for and a CSV cell a spreadsheet cannot
// run. Both answer anyone, so both parse their query the same way and write CSV the same way.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/domain/report.h"
#include "core/metrics/kpi.h"

namespace aduan::server {

// year=Y (2000-2200; this year in WIB when absent) and month=M (1-12; 0, the whole year, when
// absent); nullopt when either is given and is not such a number.
std::optional<metrics::Period> parse_period(const httplib::Request& request, domain::Timestamp now);

// A text cell. One a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
// carriage return, OWASP's list) gets a leading apostrophe, which spreadsheets show as text.
std::string csv_field(std::string_view text);

}  // namespace aduan::server
