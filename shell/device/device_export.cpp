// shell/device/device_export.cpp: the unsent reports as JSON (device_export.h).
#include "shell/device/device_export.h"

#include <cstdio>
#include <vector>

namespace aduan::app {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
          out += escaped;
        } else {
          out += c;  // UTF-8 passes through as it was typed
        }
    }
  }
  return out + "\"";
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.7f", value);
  return text;
}

std::string report_json(const domain::Report& r, const store::OutboxEntry& entry) {
  std::string j = "{\"id\":" + quoted(r.id.to_string());
  j += ",\"tracking_code\":" + quoted(r.tracking_code);
  j += ",\"receipt_secret\":" + quoted(r.receipt_secret);
  j += ",\"state\":" + quoted(store::to_string(entry.state));
  j += ",\"attempts\":" + std::to_string(entry.attempts);
  j += ",\"queued_at\":" + quoted(iso_utc(entry.queued_at));
  j += ",\"last_error\":" + quoted(entry.last_error);
  j += ",\"problems\":[";
  for (std::size_t i = 0; i < entry.problems.size(); ++i) {
    j += std::string(i ? "," : "") + "{\"field\":" + quoted(entry.problems[i].field) +
         ",\"code\":" + quoted(entry.problems[i].code) + "}";
  }
  j += "],\"classification\":" + quoted(domain::to_string(r.classification));
  j += ",\"title\":" + quoted(r.title);
  j += ",\"body\":" + quoted(r.body);
  j += ",\"incident_date\":" + quoted(domain::to_string(r.incident_date));
  j += ",\"location\":{\"region_code\":" + quoted(r.location.region_code) +
       ",\"place\":" + quoted(r.location.place);
  if (r.location.coordinates) {
    j += ",\"latitude\":" + number(r.location.coordinates->latitude) +
         ",\"longitude\":" + number(r.location.coordinates->longitude);
  }
  j += "},\"category_id\":" + quoted(r.category_id);
  j += ",\"agency_id\":" + quoted(r.agency_id);
  j += std::string(",\"anonymous\":") + (r.anonymous ? "true" : "false");
  j += std::string(",\"confidential\":") + (r.confidential ? "true" : "false");
  if (r.contact) {
    j += ",\"contact\":{\"name\":" + quoted(r.contact->name) +
         ",\"phone\":" + quoted(r.contact->phone) + ",\"email\":" + quoted(r.contact->email) + "}";
  } else {
    j += ",\"contact\":null";
  }
  j += ",\"channel\":" + quoted(domain::to_string(r.channel));
  j += ",\"created_at\":" + quoted(iso_utc(r.created_at));
  j += ",\"attachments\":[";
  for (std::size_t i = 0; i < r.attachments.size(); ++i) {
    const auto& a = r.attachments[i];
    j += std::string(i ? "," : "") + "{\"id\":" + quoted(a.id) +
         ",\"media_type\":" + quoted(a.media_type) +
         ",\"size_bytes\":" + std::to_string(a.size_bytes) + ",\"sha256\":" + quoted(a.sha256_hex) +
         "}";
  }
  return j + "]}";
}

}  // namespace

std::string iso_utc(domain::Timestamp ms) {
  // Days to civil date (H. Hinnant's algorithm): no time zone database, no locale.
  std::int64_t seconds = ms / 1000;
  if (ms % 1000 < 0) --seconds;
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return text;
}

Result<UnsentExport> export_unsent_reports(store::LocalStore& store, domain::Timestamp now) {
  constexpr std::size_t kPage = 200;
  UnsentExport result;
  std::string reports;
  for (std::size_t offset = 0;; offset += kPage) {
    auto page = store.my_reports(kPage, offset);
    if (!page) return page.error();
    for (const auto& summary : page.value()) {
      if (summary.state == store::OutboxState::delivered) continue;
      auto report = store.report(summary.id);
      if (!report) return report.error();
      auto entry = store.outbox_entry(summary.id);
      if (!entry) return entry.error();
      if (!report.value() || !entry.value()) continue;
      reports += std::string(result.report_count ? "," : "") +
                 report_json(*report.value(), *entry.value());
      ++result.report_count;
    }
    if (page.value().size() < kPage) break;
  }
  result.json =
      "{\"format\":\"aduan.unsent_reports\",\"version\":1,\"exported_at\":" + quoted(iso_utc(now)) +
      ",\"reports\":[" + reports + "]}";
  return result;
}

}  // namespace aduan::app
