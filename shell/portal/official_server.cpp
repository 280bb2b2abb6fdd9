// shell/portal/official_server.cpp: the one moment the official's mode asks the server: the
// official signs in on the device, once online, and the server binds the device to them.
//
// In order: the device's credentials (the sync engine registers the device on its own); the
// official's sign-in (POST /api/v1/officer/login, which must answer with the role
// village_official); the binding (POST /api/v1/officer/official-devices with the official's
// session and the device's credentials together, so the server attributes every report this
// device pushes to this official and to no one else: 201 bound, 200 renewed for another 30
// days); sign-out; then the PIN's slow hash and the settings. No session is kept: between
// sign-ins the device holds only its own credentials, and the official's PIN unlocks the mode
// on the device. Signing in again (an expired binding) renews the same binding.
#include <string>
#include <utility>

#include "core/json/json_reader.h"
#include "shell/device/device_services.h"
#include "shell/portal/official_state.h"
#include "shell/portal/portal_state.h"
#include "shell/portal/staff_requests.h"

namespace aduan::app {
namespace {

constexpr std::string_view kOfficialRole = "village_official";

struct Binding {
  std::string username, region_code, binding_id;
  std::int64_t expires_at = 0;
  std::string area_tsv;  // "code<TAB>name" lines
};

// The official's area, {"regions":[{"code","name"}...]}, as the lines official_enter keeps.
std::string area_of(const json::Value& answer) {
  std::string tsv;
  const json::Value* regions = answer.get("regions");
  if (regions == nullptr || !regions->is_array()) return tsv;
  for (const json::Value& region : regions->items) {
    const std::string code = region.string_at("code"), name = region.string_at("name");
    if (code.empty() || name.empty() || name.find_first_of("\t\n") != std::string::npos ||
        code.find_first_of("\t\n") != std::string::npos)
      continue;
    tsv += code + "\t" + name + "\n";
  }
  return tsv;
}

// {"official":{"binding_id","username","region_code","bound_at","expires_at","revoked"}}
std::optional<Binding> binding_of(const sync::Response& response) {
  const std::string text(response.body.begin(), response.body.end());
  auto parsed = json::parse(text);
  if (!parsed) return std::nullopt;
  const json::Value* official = parsed.value().get("official");
  if (official == nullptr) return std::nullopt;
  Binding binding{official->string_at("username"), official->string_at("region_code"),
                  official->string_at("binding_id"), 0, area_of(parsed.value())};
  if (const json::Value* expires = official->get("expires_at"))
    if (auto at = expires->as_uint64()) binding.expires_at = static_cast<std::int64_t>(*at);
  if (binding.binding_id.empty() || binding.region_code.empty()) return std::nullopt;
  return binding;
}

void bind_device(PortalState& state, const std::string& session,
                 const store::DeviceCredentials& device) {
  OfficialState& official = state.official;
  official.busy = true;
  auto r = staff::request("POST", "/api/v1/officer/official-devices", {}, {});
  r.headers.emplace_back("X-Aduan-Session", session);
  staff::with_device(r, device);
  staff::send(state, official.alive, std::move(r),
              [session](PortalState& s, const sync::Response& response) {
                OfficialState& o = s.official;
                o.busy = false;
                staff::sign_out(s, session);
                const bool bound = response.transport_ok &&
                                   (response.http_status == 201 || response.http_status == 200);
                auto binding = bound ? binding_of(response) : std::nullopt;
                if (!binding) {
                  o.message = bound ? "console.server_error"
                                    : staff::error_code(response, "official.sign_in_failed");
                  return;
                }
                // The slow hash runs once, here, between two frames.
                std::string pin_hash = domain::hash_pin(o.pin);
                o.pin.clear();
                o.pin_again.clear();
                official_enter(s, binding->username, binding->region_code, binding->binding_id,
                               binding->expires_at, std::move(pin_hash), binding->area_tsv);
              });
}

}  // namespace

void official_start_sign_in(PortalState& state) {
  OfficialState& official = state.official;
  auto* store = state.store();
  if (store == nullptr) return;
  auto device = store->credentials();
  if (!device || !device.value()) {
    // Registration is the sync engine's; it happens as soon as it reaches the server.
    official.message = "kiosk.not_registered";
    if (auto* sync = state.services.sync()) sync->retry_now();
    return;
  }
  const std::string password = std::move(official.password);
  official.password.clear();
  official.busy = true;
  official.message.clear();
  staff::sign_in(state, official.alive, official.username_typed, password,
                 [device = *device.value()](PortalState& s, const sync::Response& response,
                                            const wire::OfficerLoginResponse* officer) {
                   OfficialState& o = s.official;
                   o.busy = false;
                   if (officer == nullptr) {
                     o.message = response.transport_ok && response.http_status == 200
                                     ? "console.server_error"
                                     : staff::error_code(response, "official.sign_in_failed");
                     return;
                   }
                   if (officer->role != kOfficialRole) {
                     staff::sign_out(s, officer->session_token);
                     o.message = "official.not_official";
                     return;
                   }
                   bind_device(s, officer->session_token, device);
                 });
}

}  // namespace aduan::app
