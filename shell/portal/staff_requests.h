// shell/portal/staff_requests.h: the requests a mode's set-up makes on behalf of a member of
// staff at the device: an officer's sign-in and sign-out, and requests that carry the device's
// own credentials. Used by kiosk mode (kiosk_server.cpp) and the village official's mode
// (official_server.cpp).
//
// Owns building the requests, reading a JSON error's code, and keeping a callback from running
// after its mode's state is gone (the `alive` token each mode's state holds). Does not own what
// any answer means to a mode, nor keep a session: each mode signs out as soon as it is done.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/store/records.h"
#include "core/sync/transport.h"
#include "core/wire/officer_messages.h"

namespace aduan::app {

class PortalState;

namespace staff {

using Done = std::function<void(PortalState&, const sync::Response&)>;

// Sends `request`; `done` runs on the next answer while `alive` still exists, then a frame is
// drawn.
void send(PortalState& state, const std::shared_ptr<bool>& alive, sync::Request request, Done done);
sync::Request request(std::string method, std::string path, std::string_view body,
                      std::string_view content_type);
// The error code of a JSON error answer ("console.offline" when no answer came), or `fallback`.
std::string error_code(const sync::Response& response, std::string fallback);
// application/x-www-form-urlencoded, for the officer routes' form bodies.
std::string form_encode(std::string_view text);
void with_device(sync::Request& request, const store::DeviceCredentials& device);

// Signs `username` in (POST /api/v1/officer/login). `answered` gets the response and, when it
// was a 200 that decoded, the officer's session; otherwise the session is null.
using SignedIn =
    std::function<void(PortalState&, const sync::Response&, const wire::OfficerLoginResponse*)>;
void sign_in(PortalState& state, const std::shared_ptr<bool>& alive, const std::string& username,
             const std::string& password, SignedIn answered);
void sign_out(PortalState& state, const std::string& session);

}  // namespace staff
}  // namespace aduan::app
