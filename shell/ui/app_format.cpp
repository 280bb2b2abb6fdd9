// shell/ui/app_format.cpp: the small text helpers the screens share: messages with their
// placeholders filled (core/i18n), local times, byte counts, the key and colour of a status, and
// the sync engine's failures in plain words.
//
// The engine's last_error is text for logs ("network: no answer from the server", "http 503
// store.unavailable"); citizens get one of a few catalog messages chosen by its shape, because
// "http 503" helps nobody decide what to do, while "the server is busy, it will try again"
// does.
#include <cstdio>
#include <ctime>
#include <string>

#include "core/i18n/messages.h"
#include "core/workflow/status.h"
#include "shell/ui/app_context.h"

namespace aduan::app {

std::string AppContext::format(std::string_view key,
                               std::initializer_list<std::string> args) const {
  return i18n::fill_placeholders(t(key), args);
}

namespace {

std::tm local_tm(domain::Timestamp at) {
  const std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm parts{};
  localtime_r(&seconds, &parts);  // the browser's time zone under Emscripten
  return parts;
}

}  // namespace

std::string format_time(domain::Timestamp at) {
  // By hand rather than strftime, which brings its locale tables into the program.
  const std::tm parts = local_tm(at);
  auto two = [](int value) { return (value < 10 ? "0" : "") + std::to_string(value); };
  return std::to_string(parts.tm_year + 1900) + "-" + two(parts.tm_mon + 1) + "-" +
         two(parts.tm_mday) + " " + two(parts.tm_hour) + ":" + two(parts.tm_min);
}

std::string format_bytes(std::uint64_t bytes) {
  char text[32];
  if (bytes < 1024) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1024ull * 1024) {
    std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  } else if (bytes < 1024ull * 1024 * 1024) {
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  } else {
    std::snprintf(text, sizeof text, "%.1f GB",
                  static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  }
  return text;
}

domain::CivilDate local_today(domain::Timestamp now) {
  const std::tm parts = local_tm(now);
  return {parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday};
}

std::string status_key(std::string_view status) {
  if (workflow::parse_status(status)) return "status." + std::string(status);
  return "outbox." + std::string(status);
}

std::uint32_t status_colour(std::string_view key) {
  // 0xRRGGBBAA, chosen for contrast with white text.
  if (key == "status.completed" || key == "status.responded" || key == "outbox.delivered")
    return 0x2E7D32FF;  // green: done or answered
  if (key == "status.rejected" || key == "outbox.rejected") return 0xC62828FF;
  if (key == "outbox.queued" || key == "outbox.sending") return 0x8D6E00FF;  // amber: waiting
  if (key == "status.archived") return 0x616161FF;
  return 0x1565C0FF;  // blue: in the agencies' hands
}

std::string timeline_line(const AppContext& app, const store::TimelineEvent& event) {
  std::string line = std::string(app.t(status_key(event.status))) + " · " + format_time(event.at);
  // The actor is an agency id, or a role for the admins and the system: only agencies are named.
  if (app.catalog) {
    if (const auto* agency = app.catalog->find_agency(event.actor)) line += " · " + agency->name;
  }
  return line;
}

std::string_view error_key(std::string_view engine_error) {
  auto starts = [&](std::string_view prefix) {
    return engine_error.substr(0, prefix.size()) == prefix;
  };
  if (engine_error.empty()) return {};
  if (starts("network")) return "error.network";
  if (starts("http 429")) return "error.busy";
  if (starts("http 5")) return "error.server";
  // A village official's device refused for good (revoked) or until the official signs in
  // again (expired): the server's own message says what to do; "re-registering" would not.
  if (starts("http 403 official.revoked")) return "official.revoked";
  if (starts("http 403 official.expired")) return "official.expired";
  if (starts("http 401") || starts("http 403")) return "error.auth";
  if (starts("http 4")) return "error.refused";
  if (starts("store.full")) return "error.storage_full";
  if (starts("store.")) return "error.storage";
  return "error.unexpected";  // an answer that could not be read, a missing verdict
}

}  // namespace aduan::app
