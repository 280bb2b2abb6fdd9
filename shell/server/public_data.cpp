// shell/server/public_data.cpp: the public answers' period and CSV cells (public_data.h).
#include "shell/server/public_data.h"

#include <cstdlib>

#include "core/workflow/time_zone.h"

namespace aduan::server {
namespace {

std::optional<long> whole_number(const httplib::Request& request, const char* name, long lowest,
                                 long highest) {
  const std::string text = request.get_param_value(name);
  char* end = nullptr;
  const long number = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || number < lowest || number > highest) return std::nullopt;
  return number;
}

}  // namespace

std::optional<metrics::Period> parse_period(const httplib::Request& request,
                                            domain::Timestamp now) {
  metrics::Period period{workflow::local_date(now, workflow::kNationalTimeZone).year, 0};
  if (request.has_param("year")) {
    auto year = whole_number(request, "year", 2000, 2200);
    if (!year) return std::nullopt;
    period.year = static_cast<int>(*year);
  }
  if (request.has_param("month")) {
    auto month = whole_number(request, "month", 1, 12);
    if (!month) return std::nullopt;
    period.month = static_cast<int>(*month);
  }
  return period;
}

std::string csv_field(std::string_view text) {
  const bool formula_like =
      !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  if (!formula_like && text.find_first_of(",\"\n\r") == std::string_view::npos)
    return std::string(text);
  std::string out = formula_like ? "\"'" : "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace aduan::server
