// shell/server/api_officials.cpp: village officials, their accounts and their devices.
//
// POST /api/v1/officer/officials                       create an official's account (username,
//                                                      password, region_code), by an admin
// POST /api/v1/officer/official-devices                bind the calling device to the signed-in
//                                                      official, or renew its binding
// POST /api/v1/officer/official-devices/<id>/revoke     end a device's binding for good
// GET  /api/v1/official                                the calling device's binding
// An official reports for neighbours while offline for days, so the device, not a session, is
// what the server trusts when the reports finally arrive: binding needs both proofs at once
// (the official's session, X-Aduan-Session, and the device's credentials) and lasts
// kOfficialDeviceLifetimeMs; signing in again renews it. Whom a pushed report was entered by is
// the binding of the device that pushed it (apply_official_binding, called by the push route):
// no field of a report can name an official. Owns the HTTP side and who may do what; the table
// is core/store's (schema v6). Answers name a binding by its binding_id, never by the device id.

#include "core/domain/secrets.h"
#include "core/rules/text_rules.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_common.h"
#include "shell/server/json_writer.h"
#include "shell/server/officer_auth.h"

namespace aduan::server {
namespace {

constexpr const char* kOfficialRole = "village_official";

std::optional<store::Officer> officer_by_id(ServerContext& context, const std::string& officer_id,
                                            httplib::Response& response) {
  auto officers = context.store()->list_officers();
  if (!officers) {
    send_error(response, 503, officers.error().code, "try again later");
    return std::nullopt;
  }
  for (auto& officer : officers.value())
    if (officer.id == officer_id) return officer;
  return store::Officer{};  // an empty id: not found
}

// May `admin` manage officials of `region`? National admins anywhere, regional admins within
// their region; nobody else.
bool manages_region(const store::Officer& admin, std::string_view region) {
  if (admin.role == "national_admin") return true;
  return admin.role == "regional_admin" && domain::region_within(region, admin.region_code);
}

// The audit row of an official's account or binding (subject: the officer or binding id).
store::AuditEntry official_audit(ServerContext& context, const store::Officer& actor,
                                 const std::string& action, const std::string& subject,
                                 const std::string& region) {
  return {0,  context.now(), actor.id, actor.role, action, std::nullopt, subject, "", "", "",
          "", region,        ""};
}

// `area`, when given: the official's part of the server's catalog, for the device that was just
// bound (see write_area).
void answer_binding(httplib::Response& response, int status, const store::OfficialDevice& binding,
                    const store::Officer& official, const domain::Catalog* area = nullptr) {
  JsonWriter json;
  json.begin_object()
      .key("official")
      .begin_object()
      .field("binding_id", binding.binding_id)
      .field("username", official.username)
      .field("region_code", official.region_code)
      .field("bound_at", binding.bound_at)
      .field("expires_at", binding.expires_at)
      .field("revoked", binding.revoked_at.has_value())
      .end_object();
  // The official's region, the regions above it and every region under it (districts and
  // villages imported with import-regions), parents first. The official's device adds them to
  // the portal's catalog, which stays the citizen's small download: only an official's phone
  // ever holds a list of villages, and only of its own area.
  if (area != nullptr) {
    json.key("regions").begin_array();
    for (const auto& region : area->regions()) {
      if (domain::region_within(region.code, official.region_code) ||
          domain::region_within(official.region_code, region.code))
        json.begin_object().field("code", region.code).field("name", region.name).end_object();
    }
    json.end_array();
  }
  json.end_object();
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(json.str(), "application/json");
}

void create_official(ServerContext& context, const httplib::Request& request,
                     httplib::Response& response) {
  auto admin = authenticate_officer(context, request, response);
  if (!admin) return;
  const std::string region = request.get_param_value("region_code");
  if (!context.catalog().catalog.find_region(region))
    return send_error(response, 400, "official.bad_region",
                      "region_code must be a region of the catalog");
  if (!manages_region(*admin, region))
    return send_error(response, 403, "official.forbidden",
                      "only an admin of this region adds its officials");
  store::Officer official{"officer-" + domain::random_hex(6),
                          request.get_param_value("username"),
                          kOfficialRole,
                          "",
                          region,
                          false};
  if (rules::check_text(official.username, rules::kUsernameLimits) != rules::TextProblem::none ||
      official.username.find(' ') != std::string::npos)
    return send_error(response, 400, "official.bad_username",
                      "a username is 1-64 characters without spaces");
  auto hash = hash_password(request.get_param_value("password"));
  if (!hash) return send_error(response, 400, "official.bad_password", hash.error().detail);
  auto* store = context.store();
  auto saved = save_with_audit(
      context, official_audit(context, *admin, "official.create", official.id, region),
      [&] { return store->add_officer(official, hash.value(), context.now()); });
  if (!saved && saved.error().code == store::kErrorConflict)
    return send_error(response, 409, "official.username_taken", "that username is taken");
  if (!saved) return send_error(response, 503, saved.error().code, "not saved; try again");
  JsonWriter json;
  json.begin_object()
      .field("officer_id", official.id)
      .field("username", official.username)
      .field("role", official.role)
      .field("region_code", official.region_code)
      .end_object();
  response.status = 201;
  response.set_content(json.str(), "application/json");
}

void bind_device(ServerContext& context, const httplib::Request& request,
                 httplib::Response& response) {
  auto official = authenticate_officer(context, request, response);
  if (!official) return;
  if (official->role != kOfficialRole)
    return send_error(response, 403, "official.forbidden",
                      "only a village official binds a device to themselves");
  auto device = authenticate_device(context, request, response);
  if (!device) return;
  auto* store = context.store();
  auto existing = store->official_device(*device);
  if (!existing) return send_error(response, 503, existing.error().code, "try again later");
  const auto now = context.now();
  if (existing.value() && existing.value()->revoked_at)
    return send_error(response, 403, "official.revoked",
                      "this device was revoked; register it anew");
  // Another official's phone stays theirs while their binding lasts.
  if (existing.value() && existing.value()->officer_id != official->id &&
      existing.value()->expires_at > now)
    return send_error(response, 409, "official.device_taken",
                      "this device is bound to another official");
  // Renewed by its own official, a binding keeps its id, so the id the audit log and the admins
  // know still revokes it; a device another official takes over (theirs expired) gets a new one.
  const bool renewal = existing.value() && existing.value()->officer_id == official->id;
  store::OfficialDevice binding{*device,
                                renewal ? existing.value()->binding_id : "official-" + domain::random_hex(8),
                                official->id,
                                now,
                                now + kOfficialDeviceLifetimeMs,
                                std::nullopt};
  const auto action = existing.value() ? "official.renew" : "official.bind";
  auto saved = save_with_audit(
      context,
      official_audit(context, *official, action, binding.binding_id, official->region_code),
      [&] { return store->put_official_device(binding); });
  if (!saved && saved.error().code == store::kErrorConflict)
    return send_error(response, 403, "official.revoked",
                      "this device was revoked; register it anew");
  if (!saved) return send_error(response, 503, saved.error().code, "not saved; try again");
  answer_binding(response, existing.value() ? 200 : 201, binding, *official,
                 &context.catalog().catalog);
}

void revoke_device(ServerContext& context, const httplib::Request& request,
                   httplib::Response& response) {
  auto actor = authenticate_officer(context, request, response);
  if (!actor) return;
  auto* store = context.store();
  auto found = store->official_device_by_id(request.matches[1].str());
  if (!found) return send_error(response, 503, found.error().code, "try again later");
  if (!found.value())
    return send_error(response, 404, "official.not_found", "no such device binding");
  store::OfficialDevice binding = *found.value();
  auto official = officer_by_id(context, binding.officer_id, response);
  if (!official) return;
  const bool may = actor->id == binding.officer_id || manages_region(*actor, official->region_code);
  if (!may)
    return send_error(response, 403, "official.forbidden", "this device is not in your region");
  const auto now = context.now();
  auto saved = save_with_audit(
      context,
      official_audit(context, *actor, "official.revoke", binding.binding_id, official->region_code),
      [&] { return store->revoke_official_device(binding.device_id, now); });
  if (!saved) return send_error(response, 503, saved.error().code, "not saved; try again");
  if (!binding.revoked_at) binding.revoked_at = now;
  answer_binding(response, 200, binding, *official);
}

}  // namespace

std::optional<OfficialAttribution> apply_official_binding(ServerContext& context,
                                                          const std::string& device_id,
                                                          httplib::Response& response) {
  auto found = context.store()->official_device(device_id);
  if (!found) {
    send_error(response, 503, found.error().code, "try again later");
    return std::nullopt;
  }
  if (!found.value()) return OfficialAttribution{};
  const store::OfficialDevice& binding = *found.value();
  if (binding.revoked_at) {
    send_error(response, 403, "official.revoked", "this device was revoked by an admin");
    return std::nullopt;
  }
  // The queue stays on the device: the official signs in again, which renews the binding.
  if (binding.expires_at <= context.now()) {
    send_error(response, 403, "official.expired",
               "the official's sign-in on this device has expired; sign in again");
    return std::nullopt;
  }
  auto official = officer_by_id(context, binding.officer_id, response);
  if (!official) return std::nullopt;
  if (official->id.empty() || official->disabled || official->role != kOfficialRole) {
    send_error(response, 403, "official.disabled", "the official's account is disabled");
    return std::nullopt;
  }
  return OfficialAttribution{official->id, official->region_code};
}

void install_official_routes(RouteTable& routes, ServerContext& context) {
  routes.post("/api/v1/officer/officials",
              [&context](const httplib::Request& request, httplib::Response& response) {
                create_official(context, request, response);
              });
  routes.post("/api/v1/officer/official-devices",
              [&context](const httplib::Request& request, httplib::Response& response) {
                bind_device(context, request, response);
              });
  routes.post("/api/v1/officer/official-devices/{binding_id}/revoke",
              R"(/api/v1/officer/official-devices/(official-[0-9a-f]{16})/revoke)",
              [&context](const httplib::Request& request, httplib::Response& response) {
                revoke_device(context, request, response);
              });
  routes.get("/api/v1/official", [&context](const httplib::Request& request,
                                            httplib::Response& response) {
    auto device = authenticate_device(context, request, response);
    if (!device) return;
    auto found = context.store()->official_device(*device);
    if (!found) return send_error(response, 503, found.error().code, "try again later");
    if (!found.value())
      return send_error(response, 404, "official.not_bound", "no official is bound to this device");
    auto official = officer_by_id(context, found.value()->officer_id, response);
    if (!official) return;
    answer_binding(response, 200, *found.value(), *official);
  });
}

}  // namespace aduan::server
