// shell/server/tracking.cpp: see tracking.h.
//
// The HTML page is a few KB with inline CSS (allowed by the CSP) and no script, so a 2G
// feature phone can load it; times are shown in UTC+7 (WIB), the zone most reporters live in,
// with the zone named.
#include "shell/server/tracking.h"

#include <ctime>

#include "core/domain/secrets.h"
#include "core/i18n/utf8.h"
#include "shell/server/http_app.h"

namespace aduan::server {
namespace {

std::string format_time(domain::Timestamp at_ms) {
  std::time_t seconds = static_cast<std::time_t>(at_ms / 1000) + 7 * 3600;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M WIB", &parts);
  return text;
}

std::string iso_utc(domain::Timestamp at_ms) {
  std::time_t seconds = static_cast<std::time_t>(at_ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string json_string(std::string_view text) { return "\"" + json_escape(text) + "\""; }

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // A page is UTF-8: what a visitor typed into the URL is echoed with its invalid bytes replaced.
  for (char c : i18n::replace_invalid_utf8(text)) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_page_start(std::string_view language, std::string_view title, std::string_view extra_css) {
  return "<!doctype html><html lang=\"" + html_escape(language) +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\"><title>" + html_escape(title) +
         " - Aduan</title><style>body{font:16px/1.4 sans-serif;margin:0 auto;padding:12px;max-width:40em;"
         "color:#1b1b1b}h1{color:#1d5c4b;font-size:22px}.code{font:bold 22px monospace}"
         "input,button{font:inherit;min-height:44px}" + std::string(extra_css) +
         "</style></head><body><h1>Aduan</h1>";
}

std::optional<TrackingView> make_tracking_view(const store::StoredReport& stored,
                                               const std::vector<store::ServerEvent>& events,
                                               std::string_view receipt_secret) {
  const domain::Report& report = stored.report;
  const bool secret_matches =
      !receipt_secret.empty() && domain::constant_time_equal(receipt_secret, report.receipt_secret);
  if (report.confidential && !secret_matches) return std::nullopt;
  TrackingView view;
  view.tracking_code = report.tracking_code;
  view.status = stored.status;
  view.classification = std::string(domain::to_string(report.classification));
  view.category_id = report.category_id;
  view.region_code = report.location.region_code;
  view.agency_id = stored.agency_id;
  view.received_at = report.received_at.value_or(0);
  for (const auto& event : events) {
    view.timeline.push_back({event.status, event.at, event.agency_id});
    if (event.status == "responded" && !event.note.empty())
      view.answers.push_back({event.agency_id, event.at, event.note});
  }
  if (secret_matches) {
    view.senders_view = true;
    view.title = report.title;
    view.body = report.body;
  }
  return view;
}

std::string tracking_json(const TrackingView& view) {
  std::string json = "{\"tracking_code\":" + json_string(view.tracking_code) +
                     ",\"status\":" + json_string(view.status) +
                     ",\"classification\":" + json_string(view.classification) +
                     ",\"category_id\":" + json_string(view.category_id) +
                     ",\"region_code\":" + json_string(view.region_code) +
                     ",\"agency_id\":" + json_string(view.agency_id) +
                     ",\"received_at\":" + json_string(iso_utc(view.received_at)) + ",\"timeline\":[";
  for (std::size_t i = 0; i < view.timeline.size(); ++i) {
    const auto& step = view.timeline[i];
    json += std::string(i ? "," : "") + "{\"status\":" + json_string(step.status) +
            ",\"at\":" + json_string(iso_utc(step.at)) + ",\"agency_id\":" + json_string(step.agency_id) + "}";
  }
  json += "],\"answers\":[";
  for (std::size_t i = 0; i < view.answers.size(); ++i) {
    const auto& answer = view.answers[i];
    json += std::string(i ? "," : "") + "{\"agency_id\":" + json_string(answer.agency_id) +
            ",\"at\":" + json_string(iso_utc(answer.at)) + ",\"text\":" + json_string(answer.text) + "}";
  }
  json += "]";
  if (view.senders_view) json += ",\"title\":" + json_string(view.title) + ",\"body\":" + json_string(view.body);
  return json + "}";
}

std::string tracking_html(const TrackingView* view, std::string_view asked_code, const PageText& text) {
  auto say = [&](std::string_view key, std::string_view fallback) -> std::string {
    if (!text.messages) return std::string(fallback);
    std::string_view found = text.messages->lookup(text.language, key);
    return std::string(found == key ? fallback : found);
  };
  auto agency_name = [&](const std::string& id) -> std::string {
    if (id.empty()) return "";
    const auto* agency = text.catalog ? text.catalog->find_agency(id) : nullptr;
    return agency ? agency->name : id;
  };
  std::string html = html_page_start(text.language, say("track.title", "Lacak laporan"),
                                     "li{margin:6px 0}.answer{background:#eef5f2;padding:8px;border-radius:6px}");
  if (view) {
    html += "<p>" + html_escape(say("track.code", "Kode pelacakan")) + ": <span class=\"code\">" +
            html_escape(view->tracking_code) + "</span></p>";
    html += "<p>" + html_escape(say("track.status", "Status")) + ": <strong>" +
            html_escape(say("status." + view->status, view->status)) + "</strong></p>";
    if (!view->agency_id.empty())
      html += "<p>" + html_escape(say("track.agency", "Instansi")) + ": " +
              html_escape(agency_name(view->agency_id)) + "</p>";
    if (view->senders_view)
      html += "<h2>" + html_escape(view->title) + "</h2><p>" + html_escape(view->body) + "</p>";
    html += "<h2>" + html_escape(say("track.timeline", "Riwayat")) + "</h2><ol>";
    for (const auto& step : view->timeline)
      html += "<li>" + html_escape(format_time(step.at)) + " &mdash; " +
              html_escape(say("status." + step.status, step.status)) +
              (step.agency_id.empty() ? "" : " (" + html_escape(agency_name(step.agency_id)) + ")") + "</li>";
    html += "</ol>";
    for (const auto& answer : view->answers)
      html += "<div class=\"answer\"><strong>" + html_escape(agency_name(answer.agency_id)) + "</strong>, " +
              html_escape(format_time(answer.at)) + "<p>" + html_escape(answer.text) + "</p></div>";
  } else if (!asked_code.empty()) {
    html += "<p>" + html_escape(say("track.not_found", "Laporan dengan kode ini tidak ditemukan.")) +
            " (" + html_escape(asked_code.substr(0, 40)) + ")</p>";
  }
  html += "<form action=\"/t\" method=\"get\"><input name=\"code\" aria-label=\"" +
          html_escape(say("track.code", "Kode pelacakan")) + "\" placeholder=\"XXXX-XXXX-XXXX-X\"> <button>" +
          html_escape(say("track.button", "Lacak")) + "</button></form></body></html>";
  return html;
}

}  // namespace aduan::server
