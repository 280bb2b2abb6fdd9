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
#include "core/sync/transport.h"
#include "core/wire/messages.h"
#include "core/wire/officer_messages.h"
#include "shell/device/device_services.h"
#include "shell/portal/kiosk_state.h"
#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

using Done = std::function<void(PortalState&, const sync::Response&)>;

void send(PortalState& state, sync::Request request, Done done) {
  std::weak_ptr<bool> alive = state.kiosk.alive;
  PortalState* target = &state;
  state.services.transport().send(std::move(request),
                                  [alive, target, done = std::move(done)](const sync::Response& response) {
                                    if (alive.expired()) return;
                                    done(*target, response);
                                    ui::request_frame();
                                  });
}

sync::Request request(std::string method, std::string path, std::string_view body,
                      std::string_view content_type) {
  sync::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body.assign(body.begin(), body.end());
  if (!content_type.empty()) r.headers.emplace_back(sync::kHeaderContentType, content_type);
  return r;
}

// The error code of a JSON error answer, or `fallback`.
std::string error_code(const sync::Response& response, std::string fallback) {
  if (!response.transport_ok) return "console.offline";
  const std::string text(response.body.begin(), response.body.end());
  if (auto parsed = json::parse(text))
    if (const json::Value* error = parsed.value().get("error"))
      if (auto code = error->string_at("code"); !code.empty()) return code;
  return fallback;
}

std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 0xfU];
    }
  }
  return out;
}

void login(PortalState& state, std::function<void(PortalState&, wire::OfficerLoginResponse)> then) {
  KioskState& kiosk = state.kiosk;
  auto body = wire::encode(wire::OfficerLoginRequest{kiosk.username, kiosk.password});
  kiosk.password.clear();
  if (!body) return;
  kiosk.busy = true;
  kiosk.message.clear();
  auto r = request("POST", "/api/v1/officer/login", {}, sync::kWireContentType);
  r.body = std::move(body.value());
  send(state, std::move(r), [then = std::move(then)](PortalState& s, const sync::Response& response) {
    s.kiosk.busy = false;
    s.kiosk.server_unreachable = !response.transport_ok;
    if (!response.transport_ok || response.http_status != 200) {
      s.kiosk.message = error_code(response, "kiosk.setup_failed");
      return;
    }
    auto answer = wire::decode<wire::OfficerLoginResponse>(response.body);
    if (!answer) {
      s.kiosk.message = "console.server_error";
      return;
    }
    then(s, std::move(answer.value()));
  });
}

void logout(PortalState& state, const std::string& session) {
  auto r = request("POST", "/api/v1/officer/logout", "{}", sync::kWireContentType);
  r.headers.emplace_back("X-Aduan-Session", session);
  send(state, std::move(r), [](PortalState&, const sync::Response&) {});
}

void with_device(sync::Request& r, const store::DeviceCredentials& device) {
  r.headers.emplace_back(sync::kHeaderDeviceId, device.device_id);
  r.headers.emplace_back(sync::kHeaderDeviceSecret, device.secret);
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
