// shell/portal/kiosk_server.cpp: the two moments kiosk mode asks the server: set-up (an agency
// admin binds this device to an office) and leaving (an officer signs in).
//
// Set-up, in order: the device's credentials (the sync engine registers it); the admin's
// sign-in (POST /api/v1/officer/login); the binding (POST /api/v1/officer/kiosks, with the
// admin's session and the device's credentials together, so the server attributes the office
// to this device and no other); sign-out; then the PIN's slow hash and the settings. A device
// bound before (kiosk mode left, then set up again) gets its binding back from
// GET /api/v1/kiosk when the admin is of the same agency: a binding never changes office.
// Leaving: an officer of the kiosk's agency (or a national admin) signs in and out at once.
// No session is kept: the kiosk holds no officer's rights between these moments.
#include <string>
#include <utility>

#include "core/domain/pin_hash.h"
#include "core/json/json_reader.h"
#include "shell/device/device_services.h"
#include "shell/portal/kiosk_state.h"
#include "shell/portal/portal_state.h"
#include "shell/portal/staff_requests.h"

namespace aduan::app {
namespace {

using staff::error_code;
using staff::form_encode;
using staff::request;
using staff::with_device;

void send(PortalState& state, sync::Request request, staff::Done done) {
  staff::send(state, state.kiosk.alive, std::move(request), std::move(done));
}

void logout(PortalState& state, const std::string& session) {
  staff::sign_out(state, session);
}

void login(PortalState& state, std::function<void(PortalState&, wire::OfficerLoginResponse)> then) {
  KioskState& kiosk = state.kiosk;
  const std::string password = std::move(kiosk.password);
  kiosk.password.clear();
  kiosk.busy = true;
  kiosk.message.clear();
  staff::sign_in(state, kiosk.alive, kiosk.username, password,
                 [then = std::move(then)](PortalState& s, const sync::Response& response,
                                          const wire::OfficerLoginResponse* officer) {
                   s.kiosk.busy = false;
                   s.kiosk.server_unreachable = !response.transport_ok;
                   if (officer != nullptr) return then(s, *officer);
                   s.kiosk.message = response.transport_ok && response.http_status == 200
                                         ? "console.server_error"
                                         : error_code(response, "kiosk.setup_failed");
                 });
}

// The binding in a 200/201 answer: {"kiosk":{"office":…,"agency_id":…}}.
std::optional<std::pair<std::string, std::string>> binding_of(const sync::Response& response) {
  const std::string text(response.body.begin(), response.body.end());
  auto parsed = json::parse(text);
  if (!parsed) return std::nullopt;
  const json::Value* kiosk = parsed.value().get("kiosk");
  if (kiosk == nullptr) return std::nullopt;
  return std::make_pair(kiosk->string_at("office"), kiosk->string_at("agency_id"));
}

void finish_setup(PortalState& state, const std::string& office, const std::string& agency_id) {
  // The slow hash runs once, here, between two frames.
  std::string pin_hash = domain::hash_pin(state.kiosk.pin);
  state.kiosk.pin.clear();
  state.kiosk.pin_again.clear();
  kiosk_enter(state, office, agency_id, std::move(pin_hash), 
              std::strtoll(state.kiosk.idle_seconds.c_str(), nullptr, 10) * 1000);
}

void bind_device(PortalState& state, const wire::OfficerLoginResponse& admin,
          const store::DeviceCredentials& device) {
  state.kiosk.busy = true;
  auto r = request("POST", "/api/v1/officer/kiosks", "office=" + form_encode(state.kiosk.office_typed),
                   "application/x-www-form-urlencoded");
  r.headers.emplace_back("X-Aduan-Session", admin.session_token);
  with_device(r, device);
  send(state, std::move(r), [admin, device](PortalState& s, const sync::Response& response) {
    s.kiosk.busy = false;
    if (response.transport_ok && response.http_status == 201) {
      logout(s, admin.session_token);
      if (auto binding = binding_of(response)) return finish_setup(s, binding->first, binding->second);
      s.kiosk.message = "console.server_error";
      return;
    }
    if (!response.transport_ok || response.http_status != 409) {
      logout(s, admin.session_token);
      s.kiosk.message = error_code(response, "kiosk.setup_failed");
      return;
    }
    // Bound before: the same binding again, for the same agency's admin only.
    auto again = request("GET", "/api/v1/kiosk", {}, {});
    with_device(again, device);
    s.kiosk.busy = true;
    send(s, std::move(again), [admin](PortalState& t, const sync::Response& answer) {
      t.kiosk.busy = false;
      logout(t, admin.session_token);
      auto binding = answer.transport_ok && answer.http_status == 200 ? binding_of(answer) : std::nullopt;
      if (binding && binding->second == admin.agency_id) return finish_setup(t, binding->first, binding->second);
      t.kiosk.message = binding ? "kiosk.already_bound" : error_code(answer, "kiosk.setup_failed");
    });
  });
}

}  // namespace

void kiosk_start_setup(PortalState& state) {
  auto* store = state.store();
  if (store == nullptr) return;
  auto device = store->credentials();
  if (!device || !device.value()) {
    // Registration is the sync engine's; it happens as soon as it reaches the server.
    state.kiosk.message = "kiosk.not_registered";
    if (auto* sync = state.services.sync()) sync->retry_now();
    return;
  }
  login(state, [device = *device.value()](PortalState& s, const wire::OfficerLoginResponse& admin) {
    bind_device(s, admin, device);
  });
}

void kiosk_check_officer(PortalState& state) {
  login(state, [](PortalState& s, const wire::OfficerLoginResponse& officer) {
    logout(s, officer.session_token);
    if (officer.agency_id == s.kiosk.agency_id || officer.role == "national_admin") return kiosk_leave(s);
    s.kiosk.message = "kiosk.officer_other_agency";
  });
}

}  // namespace aduan::app
