// shell/server/api_kiosk.cpp: kiosks, devices an agency admin bound to an office.
//
// POST /api/v1/officer/kiosks                 bind the calling device (form field office=)
// POST /api/v1/officer/kiosks/<kiosk>/revoke   end a binding for good
// GET  /api/v1/kiosk                           the calling device's binding (device credentials)
// Binding needs both proofs at once: an agency admin's session (X-Aduan-Session) and the
// device's own credentials (X-Aduan-Device, X-Aduan-Secret), so an admin binds the device in
// front of them and no one binds a device they do not hold. The office of a kiosk's reports is
// the binding of the device that pushed them (apply_kiosk_binding, called by the push route):
// nothing a report's body says can name an office or make a device a kiosk.
// Owns the HTTP side and who may bind and revoke; the table is core/store's (schema v4). Answers
// and audit rows name a kiosk by its kiosk_id, never by its device id (half a credential).

#include "core/domain/secrets.h"
#include "core/rules/text_rules.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_common.h"
#include "shell/server/json_writer.h"

namespace aduan::server {
namespace {

void write_binding(JsonWriter& json, const store::KioskBinding& kiosk) {
  json.begin_object()
      .field("kiosk_id", kiosk.kiosk_id)
      .field("agency_id", kiosk.agency_id)
      .field("office", kiosk.office)
      .field("bound_at", kiosk.bound_at)
      .field("revoked", kiosk.revoked_at.has_value())
      .end_object();
}

void answer_binding(httplib::Response& response, int status, const store::KioskBinding& kiosk) {
  JsonWriter json;
  json.begin_object().key("kiosk");
  write_binding(json, kiosk);
  json.end_object();
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(json.str(), "application/json");
}

// The audit row of a change to `kiosk` (subject: the kiosk id, note: the office).
store::AuditEntry kiosk_audit(ServerContext& context, const store::Officer& officer, const std::string& action,
                              const store::KioskBinding& kiosk) {
  return {0,  context.now(), officer.id, officer.role, action, std::nullopt,
          kiosk.kiosk_id, "", "", "", kiosk.agency_id, "", kiosk.office};
}

void bind(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return;
  // Only an agency's own admin: the office belongs to their agency, and a national or regional
  // admin has no agency for it to belong to.
  if (officer->role != "agency_admin" || officer->agency_id.empty())
    return send_error(response, 403, "kiosk.forbidden", "only an agency admin sets up a kiosk");
  auto device = authenticate_device(context, request, response);
  if (!device) return;
  const std::string office = request.get_param_value("office");
  if (rules::check_text(office, rules::kAgencyNameLimits) != rules::TextProblem::none)
    return send_error(response, 400, "kiosk.bad_office",
                      "the office is 1-200 characters of valid UTF-8 on one line");
  store::KioskBinding kiosk{*device,      "kiosk-" + domain::random_hex(8), officer->agency_id, office,
                           officer->id,  context.now(),                    std::nullopt};
  auto* store = context.store();
  auto saved = save_with_audit(context, kiosk_audit(context, *officer, "kiosk.bind", kiosk),
                               [&] { return store->bind_kiosk(kiosk); });
  if (!saved && saved.error().code == store::kErrorConflict)
    return send_error(response, 409, "kiosk.already_bound",
                      "this device is a kiosk already; a kiosk set up again registers anew");
  if (!saved) return send_error(response, 503, saved.error().code, "not saved; try again");
  answer_binding(response, 201, kiosk);
}

void revoke(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return;
  auto* store = context.store();
  auto found = store->kiosk_by_id(request.matches[1].str());
  if (!found) return send_error(response, 503, found.error().code, "try again later");
  if (!found.value()) return send_error(response, 404, "kiosk.not_found", "no such kiosk");
  store::KioskBinding kiosk = *found.value();
  auto agencies = store->list_agencies();
  if (!agencies) return send_error(response, 503, agencies.error().code, "try again later");
  AgencyDirectory directory(std::move(agencies.value()));
  const bool may = officer->role == "national_admin" ||
                   (officer->role == "agency_admin" && !officer->agency_id.empty() &&
                    directory.is_within(kiosk.agency_id, officer->agency_id));
  if (!may) return send_error(response, 403, "kiosk.forbidden", "this kiosk is not your agency's");
  const auto now = context.now();
  auto saved = save_with_audit(context, kiosk_audit(context, *officer, "kiosk.revoke", kiosk),
                               [&] { return store->revoke_kiosk(kiosk.device_id, now); });
  if (!saved) return send_error(response, 503, saved.error().code, "not saved; try again");
  if (!kiosk.revoked_at) kiosk.revoked_at = now;
  answer_binding(response, 200, kiosk);
}

// The binding of an authenticated device: nullopt after answering (503), else the binding or
// none. A revoked binding is answered 403 here, so no caller forgets to refuse it.
std::optional<std::optional<store::KioskBinding>> binding_or_refuse(ServerContext& context,
                                                                    const std::string& device,
                                                                    httplib::Response& response) {
  auto found = context.store()->kiosk_binding(device);
  if (!found) {
    send_error(response, 503, found.error().code, "try again later");
    return std::nullopt;
  }
  if (found.value() && found.value()->revoked_at) {
    send_error(response, 403, "kiosk.revoked", "this kiosk was revoked by its agency");
    return std::nullopt;
  }
  return found.value();
}

}  // namespace

bool apply_kiosk_binding(ServerContext& context, const std::string& device_id,
                         wire::PushBatchRequest* batch, httplib::Response& response) {
  auto kiosk = binding_or_refuse(context, device_id, response);
  if (!kiosk) return false;
  if (batch == nullptr) return true;
  for (auto& report : batch->reports) {
    if (kiosk->has_value())
      report.channel = domain::Channel::kiosk;
    else if (report.channel == domain::Channel::kiosk)
      report.channel = domain::Channel::web;  // only a bound device is a kiosk
  }
  return true;
}

void write_kiosk_office(JsonWriter& json, store::ServerRepository& store, const std::string& device_id) {
  auto kiosk = store.kiosk_binding(device_id);
  json.key("office");
  if (kiosk && kiosk.value())
    json.begin_object()
        .field("name", kiosk.value()->office)
        .field("agency_id", kiosk.value()->agency_id)
        .end_object();
  else
    json.null();
}

void install_kiosk_routes(RouteTable& routes, ServerContext& context) {
  routes.post("/api/v1/officer/kiosks",
              [&context](const httplib::Request& request, httplib::Response& response) {
                bind(context, request, response);
              });
  routes.post("/api/v1/officer/kiosks/{kiosk_id}/revoke",
              R"(/api/v1/officer/kiosks/(kiosk-[0-9a-f]{16})/revoke)",
              [&context](const httplib::Request& request, httplib::Response& response) {
                revoke(context, request, response);
              });
  routes.get("/api/v1/kiosk",
             [&context](const httplib::Request& request, httplib::Response& response) {
               auto device = authenticate_device(context, request, response);
               if (!device) return;
               auto kiosk = binding_or_refuse(context, *device, response);
               if (!kiosk) return;
               if (!kiosk->has_value())
                 return send_error(response, 404, "kiosk.not_bound", "this device is no kiosk");
               answer_binding(response, 200, **kiosk);
             });
}

}  // namespace aduan::server
