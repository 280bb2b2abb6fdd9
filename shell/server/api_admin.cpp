// shell/server/api_admin.cpp: the agency hierarchy and the audit log, for admins. JSON out;
// form fields (application/x-www-form-urlencoded) or query parameters in.
//
// GET  /api/v1/officer/agencies        every agency (any officer: the routing picker needs them)
// POST /api/v1/officer/agencies        create: id, name, parent_id, region_code, kind
// POST /api/v1/officer/agencies/<id>   rename (name=) and/or move (parent_id=, "" = top level)
// GET  /api/v1/officer/audit           ?report=<id>&before=<seq>&limit=N, newest first
// Who may edit which agency is agency_scope.h's may_edit_agency (national admin anywhere,
// regional admin within its region). Every edit writes an audit row in its own transaction.
// The audit log is for admins: national sees all of it, regional and agency admins the rows of
// the reports and agencies in their scope; liaison officers are refused (403).
#include <algorithm>

#include "core/domain/catalog.h"
#include "core/rules/text_rules.h"
#include "shell/server/agency_scope.h"
#include "shell/server/api_common.h"
#include "shell/server/json_writer.h"

namespace aduan::server {
namespace {

void write_agency(JsonWriter& json, const store::AgencyRecord& agency) {
  json.begin_object()
      .field("id", agency.id)
      .field("name", agency.name)
      .field("parent_id", agency.parent_id)
      .field("region_code", agency.region_code)
      .field("kind", agency.kind)
      .field("updated_at", agency.updated_at)
      .end_object();
}

bool valid_agency_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

// The shape rules of the catalog (assets/README.md) for an agency about to be stored: a known
// kind, a region of the kind's level that exists, a parent that exists. "" when it is fine.
std::string shape_problem(const store::AgencyRecord& agency, const AgencyDirectory& directory,
                          const domain::Catalog& catalog) {
  if (!valid_agency_id(agency.id)) return "an agency id is 1-64 characters of a-z, 0-9, '-' and '.'";
  // Names reach every page, the audit log and the public CSV: readable text on one line.
  if (rules::check_text(agency.name, rules::kAgencyNameLimits) != rules::TextProblem::none)
    return "a name is 1-200 characters of valid UTF-8 on one line, without control characters";
  if (!agency.parent_id.empty() && directory.find(agency.parent_id) == nullptr)
    return "no parent agency '" + agency.parent_id + "'";
  const domain::Region* region = agency.region_code.empty() ? nullptr : catalog.find_region(agency.region_code);
  if (!agency.region_code.empty() && region == nullptr) return "no region '" + agency.region_code + "'";
  if (agency.kind == "national") return agency.region_code.empty() ? "" : "a national agency has no region";
  if (agency.kind == "province")
    return region && region->level() == domain::RegionLevel::province ? "" : "a province agency needs a province code";
  if (agency.kind == "regency")
    return region && region->level() == domain::RegionLevel::regency ? "" : "a regency agency needs a regency code";
  if (agency.kind == "unit") return agency.parent_id.empty() ? "a unit needs a parent agency" : "";
  return "kind is national, province, regency or unit";
}

struct AdminRequest {
  store::Officer officer;
  store::ServerRepository* store = nullptr;
  std::optional<AgencyDirectory> directory;
};

std::optional<AdminRequest> start(ServerContext& context, const httplib::Request& request,
                                  httplib::Response& response) {
  auto officer = authenticate_officer(context, request, response);
  if (!officer) return std::nullopt;
  AdminRequest admin{*officer, context.store(), std::nullopt};
  auto agencies = admin.store->list_agencies();
  if (!agencies) {
    send_error(response, 503, agencies.error().code, "try again later");
    return std::nullopt;
  }
  admin.directory.emplace(std::move(agencies.value()));
  return admin;
}

void list_agencies(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto admin = start(context, request, response);
  if (!admin) return;
  JsonWriter json;
  json.begin_object().key("agencies").begin_array();
  for (const auto& agency : admin->directory->all()) write_agency(json, agency);
  json.end_array().end_object();
  response.set_header("Cache-Control", "no-store");
  response.set_content(json.str(), "application/json");
}

// Create (before == nullptr) or update one agency, with its audit row, in one transaction.
void save_agency(ServerContext& context, AdminRequest& admin, const store::AgencyRecord& agency,
                 const store::AgencyRecord* before, std::string action, std::string note,
                 httplib::Response& response) {
  OfficerScope scope(admin.officer, *admin.directory);
  if (!scope.may_edit_agency(agency, before))
    return send_error(response, 403, "agency.out_of_scope", "your role may not change this agency here");
  if (auto problem = shape_problem(agency, *admin.directory, context.catalog().catalog); !problem.empty())
    return send_error(response, 400, "agency.bad_input", problem);
  if (before && !agency.parent_id.empty() && admin.directory->is_within(agency.parent_id, agency.id))
    return send_error(response, 409, "agency.cycle", "an agency cannot move under one of its own units");
  std::string conflict;
  auto saved = [&]() {
    std::lock_guard<WriterLock> writer(context.write_lock());
    return admin.store->in_transaction([&]() -> Status {
      if (!before) {
        auto current = admin.store->list_agencies();
        if (!current) return current.error();
        for (const auto& existing : current.value())
          if (existing.id == agency.id) return Error{conflict = "agency.exists", "taken"};
      }
      if (auto put = admin.store->put_agency(agency); !put) return put;
      store::AuditEntry entry{0,  agency.updated_at, admin.officer.id, admin.officer.role, action, std::nullopt,
                              agency.id, "", "", before ? before->parent_id : "", agency.parent_id,
                              agency.region_code, note};
      auto written = admin.store->append_audit(entry);
      if (!written) return written.error();
      return done();
    });
  }();
  if (!saved && conflict == "agency.exists")
    return send_error(response, 409, "agency.exists", "an agency with id '" + agency.id + "' exists");
  if (!saved) return send_error(response, 503, saved.error().code, "not saved; try again");
  JsonWriter json;
  json.begin_object().key("agency");
  write_agency(json, agency);
  json.end_object();
  response.status = before ? 200 : 201;
  response.set_content(json.str(), "application/json");
}

void create_agency(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto admin = start(context, request, response);
  if (!admin) return;
  store::AgencyRecord agency{request.get_param_value("id"),          request.get_param_value("name"),
                             request.get_param_value("parent_id"),   request.get_param_value("region_code"),
                             request.get_param_value("kind"),        context.now()};
  // A unit lies where its parent lies unless told otherwise.
  if (agency.kind == "unit" && agency.region_code.empty()) {
    if (const auto* parent = admin->directory->find(agency.parent_id)) agency.region_code = parent->region_code;
  }
  save_agency(context, *admin, agency, nullptr, "agency.create", agency.name, response);
}

void update_agency(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto admin = start(context, request, response);
  if (!admin) return;
  const auto* found = admin->directory->find(request.matches[1].str());
  if (!found) return send_error(response, 404, "agency.unknown", "no such agency");
  const store::AgencyRecord before = *found;
  store::AgencyRecord agency = before;
  std::string note;
  if (request.has_param("name")) {
    agency.name = request.get_param_value("name");
    note += "name: " + before.name + " -> " + agency.name;
  }
  if (request.has_param("parent_id")) {
    agency.parent_id = request.get_param_value("parent_id");
    note += std::string(note.empty() ? "" : "; ") + "parent: " + before.parent_id + " -> " + agency.parent_id;
  }
  if (note.empty()) return send_error(response, 400, "agency.bad_input", "give name= and/or parent_id=");
  agency.updated_at = context.now();
  const char* action = request.has_param("parent_id") ? "agency.move" : "agency.rename";
  save_agency(context, *admin, agency, &before, action, note, response);
}

void read_audit(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto admin = start(context, request, response);
  if (!admin) return;
  OfficerScope scope(admin->officer, *admin->directory);
  if (!scope.is_admin()) return send_error(response, 403, "audit.admins_only", "the audit log is for admins");
  std::optional<domain::ReportId> report;
  if (request.has_param("report")) {
    report = domain::ReportId::parse(request.get_param_value("report"));
    if (!report) return send_error(response, 400, "audit.bad_report_id", "a report id is 32 hex digits");
  }
  const std::string limit_text = request.get_param_value("limit");
  const std::size_t limit =
      limit_text.empty() ? 100 : std::clamp<std::size_t>(std::strtoul(limit_text.c_str(), nullptr, 10), 1, 1000);
  std::int64_t before = std::strtoll(request.get_param_value("before").c_str(), nullptr, 10);
  JsonWriter json;
  json.begin_object().key("entries").begin_array();
  std::size_t written = 0;
  std::int64_t last_seq = 0;
  // Scope is judged per row, so pages are read until the answer is full or the log ends.
  for (int page = 0; page < 1000 && written < limit; ++page) {
    auto rows = admin->store->audit_entries(report, before, 500);
    if (!rows) return send_error(response, 503, rows.error().code, "try again later");
    if (rows.value().empty()) break;
    for (const auto& entry : rows.value()) {
      before = entry.seq;
      const bool visible = scope.sees(entry.agency_after, entry.region_code) ||
                           scope.sees(entry.agency_before, entry.region_code) ||
                           (!entry.subject.empty() && scope.sees(entry.subject, entry.region_code));
      if (!visible) continue;
      json.begin_object()
          .field("seq", entry.seq)
          .field("at", entry.at)
          .field("actor", entry.actor)
          .field("actor_role", entry.actor_role)
          .field("action", entry.action);
      json.key("report_id");
      if (entry.report_id) json.value(entry.report_id->to_string());
      else json.null();
      json.field("subject", entry.subject)
          .field("status_before", entry.status_before)
          .field("status_after", entry.status_after)
          .field("agency_before", entry.agency_before)
          .field("agency_after", entry.agency_after)
          .field("region_code", entry.region_code)
          .field("note", entry.note)
          .end_object();
      last_seq = entry.seq;
      if (++written >= limit) break;
    }
  }
  json.end_array().field("next_before", written >= limit ? last_seq : 0).end_object();
  response.set_header("Cache-Control", "no-store");
  response.set_content(json.str(), "application/json");
}

}  // namespace

void install_admin_routes(RouteTable& routes, ServerContext& context) {
  routes.get("/api/v1/officer/agencies",
             [&context](const httplib::Request& request, httplib::Response& response) {
               list_agencies(context, request, response);
             });
  routes.post("/api/v1/officer/agencies",
              [&context](const httplib::Request& request, httplib::Response& response) {
                create_agency(context, request, response);
              });
  routes.post("/api/v1/officer/agencies/{agency_id}", R"(/api/v1/officer/agencies/([^/]+))",
              [&context](const httplib::Request& request, httplib::Response& response) {
                update_agency(context, request, response);
              });
  routes.get("/api/v1/officer/audit",
             [&context](const httplib::Request& request, httplib::Response& response) {
               read_audit(context, request, response);
             });
}

}  // namespace aduan::server
