// shell/portal/staff_requests.cpp: see staff_requests.h.
#include "shell/portal/staff_requests.h"

#include <utility>

#include "core/json/json_reader.h"
#include "core/wire/messages.h"
#include "shell/device/device_services.h"
#include "shell/portal/portal_state.h"
#include "shell/ui/program.h"

namespace aduan::app::staff {

void send(PortalState& state, const std::shared_ptr<bool>& alive, sync::Request request,
          Done done) {
  std::weak_ptr<bool> guard = alive;
  PortalState* target = &state;
  state.services.transport().send(
      std::move(request), [guard, target, done = std::move(done)](const sync::Response& response) {
        if (guard.expired()) return;
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

void with_device(sync::Request& request, const store::DeviceCredentials& device) {
  request.headers.emplace_back(sync::kHeaderDeviceId, device.device_id);
  request.headers.emplace_back(sync::kHeaderDeviceSecret, device.secret);
}

void sign_in(PortalState& state, const std::shared_ptr<bool>& alive, const std::string& username,
             const std::string& password, SignedIn answered) {
  auto body = wire::encode(wire::OfficerLoginRequest{username, password});
  if (!body) return;
  auto r = request("POST", "/api/v1/officer/login", {}, sync::kWireContentType);
  r.body = std::move(body.value());
  send(state, alive, std::move(r),
       [answered = std::move(answered)](PortalState& s, const sync::Response& response) {
         if (!response.transport_ok || response.http_status != 200)
           return answered(s, response, nullptr);
         auto officer = wire::decode<wire::OfficerLoginResponse>(response.body);
         answered(s, response, officer ? &officer.value() : nullptr);
       });
}

void sign_out(PortalState& state, const std::string& session) {
  auto r = request("POST", "/api/v1/officer/logout", "{}", sync::kWireContentType);
  r.headers.emplace_back("X-Aduan-Session", session);
  // Nothing waits for the answer: the session ends on the server either way, at its expiry.
  send(state, std::make_shared<bool>(true), std::move(r),
       [](PortalState&, const sync::Response&) {});
}

}  // namespace aduan::app::staff
