// shell/portal/screen_claim.cpp: "Klaim laporan": a report made at a kiosk, through a village
// official or on a borrowed phone joins "Laporan saya" on this phone.
//
// The citizen types the tracking code and the receipt secret, or scans the receipt's QR code,
// which opens the portal at a claim address that fills both (shell/ui/receipt_slip.h). The
// server hands the receipt's holder the report and its whole timeline
// (POST /api/v1/reporter/claim); the store keeps them as a delivered report
// (LocalStore::save_claimed_report), so it is read offline like the reports sent from here,
// and the reply, acceptance and rating sign with the same secret. A claimed report's news
// comes from the same route (refresh_claimed): the device's own pull covers only the reports
// it sent. The setting `claimed.<report id>` marks which ones. A refusal says only that code
// and secret do not match: the server tells an unknown code and a wrong secret apart to no one.
#include <cctype>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/tracking_code.h"
#include "core/json/json_reader.h"
#include "core/sync/transport.h"
#include "core/wire/messages.h"
#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

constexpr std::string_view kPathClaim = "/api/v1/reporter/claim";
constexpr std::size_t kSecretDigits = 32;

std::string claimed_setting(const domain::ReportId& id) {
  return "claimed." + id.to_string();
}

// What people type or read aloud: spaces, hyphens, upper case. nullopt unless 32 hex digits.
std::optional<std::string> normalize_secret(std::string_view typed) {
  std::string out;
  for (unsigned char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (!std::isxdigit(c)) return std::nullopt;
    out += static_cast<char>(std::tolower(c));
  }
  if (out.size() != kSecretDigits) return std::nullopt;
  return out;
}

// The server's answer as the device keeps it; nullopt when it is not one.
struct Claimed {
  domain::Report report;
  std::vector<store::TimelineEvent> events;
};

std::optional<Claimed> read_claim(std::string_view body, const std::string& secret) {
  auto parsed = json::parse(body);
  if (!parsed || !parsed.value().is_object()) return std::nullopt;
  const json::Value& v = parsed.value();
  auto id = domain::ReportId::parse(v.string_at("report_id"));
  auto classification = domain::parse_classification(v.string_at("classification"));
  if (!id || !classification || v.string_at("tracking_code").empty()) return std::nullopt;
  Claimed out;
  domain::Report& r = out.report;
  r.id = *id;
  r.tracking_code = v.string_at("tracking_code");
  r.receipt_secret = secret;
  r.classification = *classification;
  r.title = v.string_at("title");
  r.body = v.string_at("body");
  r.incident_date =
      domain::parse_civil_date(v.string_at("incident_date")).value_or(domain::CivilDate{});
  r.location.region_code = v.string_at("region_code");
  r.location.place = v.string_at("place");
  r.category_id = v.string_at("category_id");
  r.anonymous = v.bool_at("anonymous").value_or(false);
  r.confidential = v.bool_at("confidential").value_or(false);
  r.channel = domain::parse_channel(v.string_at("channel")).value_or(domain::Channel::web);
  r.created_at = static_cast<domain::Timestamp>(v.number_at("created_at"));
  r.received_at = static_cast<domain::Timestamp>(v.number_at("received_at"));
  if (const json::Value* events = v.get("events"); events && events->is_array()) {
    for (const json::Value& e : events->items) {
      store::TimelineEvent event;
      event.report_id = r.id;
      event.seq = static_cast<std::int64_t>(e.number_at("seq"));
      event.status = e.string_at("status");
      event.at = static_cast<domain::Timestamp>(e.number_at("at"));
      event.actor = e.string_at("agency_id");
      event.note = e.string_at("note");
      if (event.seq > 0 && !event.status.empty()) out.events.push_back(std::move(event));
    }
  }
  return out;
}

// Asks the server; `done` gets the report as kept, or a catalog key of why not.
void send_claim(PortalState& state, const std::string& code, const std::string& secret,
                std::function<void(std::optional<domain::ReportId>, std::string)> done) {
  auto body = wire::encode(wire::TrackRequest{code, secret});
  if (!body) return done(std::nullopt, "claim.failed");
  sync::Request request;
  request.path = std::string(kPathClaim);
  request.body = std::move(body.value());
  request.headers = {{std::string(sync::kHeaderContentType), std::string(sync::kWireContentType)},
                     {"Accept", "application/json"}};
  state.services.transport().send(std::move(request), [&state, secret, done = std::move(done)](
                                                          sync::Response response) {
    if (!response.transport_ok) return done(std::nullopt, "claim.offline");
    if (response.http_status == 404) return done(std::nullopt, "claim.refused");
    if (response.http_status == 429) return done(std::nullopt, "claim.limited");
    auto claimed = response.http_status == 200 ? read_claim(json::text_of(response.body), secret)
                                               : std::nullopt;
    auto* store = state.store();
    if (!claimed || !store) return done(std::nullopt, "claim.failed");
    // A report this device sent itself is pulled already; only the others are marked.
    auto before = store->report(claimed->report.id);
    const bool on_device = before && before.value();
    auto saved = store->save_claimed_report(claimed->report, claimed->events, state.services.now());
    if (!saved) return done(std::nullopt, std::string(error_key(saved.error().code)));
    if (!on_device) (void)store->set_setting(claimed_setting(claimed->report.id), "1");
    state.changed();
    done(claimed->report.id, "");
  });
}

}  // namespace

void open_claim(PortalState& state, std::string code, std::string secret) {
  state.claim = ClaimState{};
  state.claim.code = std::move(code);
  state.claim.secret = std::move(secret);
  state.go(ScreenId::claim);
}

void refresh_claimed(PortalState& state, const domain::Report& report) {
  auto* store = state.store();
  if (!store || report.receipt_secret.empty()) return;
  auto marked = store->setting(claimed_setting(report.id));
  if (!marked || !marked.value()) return;
  send_claim(state, report.tracking_code, report.receipt_secret,
             [](std::optional<domain::ReportId>, std::string) { ui::request_frame(); });
}

void draw_claim(PortalState& state) {
  ClaimState& claim = state.claim;
  ui::heading(state.t("claim.title"));
  ui::text(state.t("claim.intro"));
  if (ui::text_field("claim.code", state.t("track.code_label"), claim.code,
                     field_options(claim.code_error, 40, ui::InputMode::text,
                                   state.t("track.code_hint"), true)))
    claim.code_error.clear();
  if (ui::text_field("claim.secret", state.t("receipt.secret_label"), claim.secret,
                     field_options(claim.secret_error, 80, ui::InputMode::text,
                                   state.t("claim.secret_hint"), true)))
    claim.secret_error.clear();
  if (ui::button("claim.submit", state.t("claim.button")) && !claim.pending) {
    auto code = domain::normalize_tracking_code(claim.code);
    auto secret = normalize_secret(claim.secret);
    claim.message.clear();
    if (!code) claim.code_error = std::string(state.t(code.error().code));
    if (!secret) claim.secret_error = std::string(state.t("claim.bad_secret"));
    if (code && secret) {
      claim.code = code.value();
      claim.pending = true;
      send_claim(state, code.value(), *secret,
                 [&state](std::optional<domain::ReportId> id, std::string why) {
                   state.claim.pending = false;
                   if (id && state.screen == ScreenId::claim) {
                     state.claim = ClaimState{};  // the secret leaves the screen's memory
                     open_detail(state, *id);
                   } else {
                     state.claim.message = std::move(why);
                   }
                   ui::request_frame();
                 });
    }
  }
  if (claim.pending) ui::progress_bar("claim.pending", 0.5f, state.t("claim.pending"));
  if (!claim.message.empty()) ui::error_text(state.t(claim.message));
  ui::muted(state.t("claim.privacy"));
}

}  // namespace aduan::app
