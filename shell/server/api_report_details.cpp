// shell/server/api_report_details.cpp: completing what a report arrived without.
//
// POST /api/v1/officer/reports/<id>/details   X-Aduan-Session; form fields region_code and/or
// category_id, each only while that detail is pending (409 details.not_pending otherwise)
//
// A report from another system (Open311 without attribute[region_code]; an SMS, without region
// and often without category) is stored with the detail empty: core/rules' pending_details names
// it, the console's detail lists it (details_pending), and verifying waits for it (case_history.cpp
// refuses). The officers who may complete it are those who may verify the report now: the same
// scope and role the flow asks of a verification, so no one reaches a report through this who could
// not act on it. The change and its audit row are one transaction; the case row follows in it
// (complete_region, complete_category).
#include <algorithm>

#include "core/rules/report_rules.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"
#include "shell/server/json_writer.h"
#include "shell/server/officer_report.h"

namespace aduan::server {
namespace {

// Whether the officer could verify the report once it is complete: who may complete a detail.
bool may_verify(const OfficerReport& opened, const std::vector<store::ServerEvent>& events) {
  auto current = case_of(opened.stored, history_of(events));
  current.details_pending = false;
  for (auto action :
       workflow::available_actions(current, opened.scope->actor(), opened.scope->hooks()))
    if (action == workflow::Action::verify) return true;
  return false;
}

void complete(ServerContext& context, const httplib::Request& request,
              httplib::Response& response) {
  auto opened = open_report_as_officer(context, request, response);
  if (!opened) return;
  const store::StoredReport& stored = opened->stored;
  auto* store = context.store();
  auto events = store->timeline(stored.report.id);
  if (!events) return send_error(response, 503, events.error().code, "try again later");
  if (!may_verify(*opened, events.value()))
    return send_error(response, 403, "details.forbidden",
                      "only an officer who may verify this report completes it");
  const auto pending = rules::pending_details(stored.report);
  const auto is_pending = [&pending](const char* detail) {
    return std::find(pending.begin(), pending.end(), detail) != pending.end();
  };
  const std::string region_code = request.get_param_value("region_code");
  const std::string category_id = request.get_param_value("category_id");
  if (region_code.empty() && category_id.empty())
    return send_error(response, 400, "details.empty", "send region_code, category_id or both");
  if ((!region_code.empty() && !is_pending("region")) ||
      (!category_id.empty() && !is_pending("category")))
    return send_error(response, 409, "details.not_pending", "this report's detail is set already");
  const auto& catalog = context.catalog().catalog;
  if (!region_code.empty() && !catalog.find_region(region_code))
    return send_error(response, 400, "details.bad_region",
                      "region_code is a region of the catalog");
  if (!category_id.empty() && !catalog.find_category(category_id))
    return send_error(response, 400, "details.bad_category",
                      "category_id is a category of the catalog");
  const store::Officer& officer = opened->scope->officer();
  // One audit row per detail, each with its own change, written with it.
  auto complete_one = [&](const char* action, const std::string& value, const char* why,
                          const std::function<Status()>& write) -> Status {
    const store::AuditEntry audit{
        0,  context.now(), officer.id,    officer.role,     action,           stored.report.id,
        "", stored.status, stored.status, stored.agency_id, stored.agency_id, value,
        why};
    return save_with_audit(context, audit, write);
  };
  Status saved = done();
  if (!region_code.empty())
    saved = complete_one("details.region", region_code, "the region the report arrived without",
                         [&] { return store->complete_region(stored.report.id, region_code); });
  if (saved && !category_id.empty())
    saved = complete_one("details.category", category_id, "the category the report arrived without",
                         [&] { return store->complete_category(stored.report.id, category_id); });
  if (!saved && saved.error().code == store::kErrorConflict)
    return send_error(response, 409, "details.not_pending", "this report's detail is set already");
  if (!saved) return send_error(response, 503, saved.error().code, "not saved; try again");
  auto reread = store->report(stored.report.id);
  std::vector<std::string> still;
  if (reread && reread.value()) still = rules::pending_details(reread.value()->report);
  JsonWriter json;
  json.begin_object()
      .field("report_id", stored.report.id.to_string())
      .field("region_code",
             reread && reread.value() ? reread.value()->report.location.region_code : region_code)
      .field("category_id",
             reread && reread.value() ? reread.value()->report.category_id : category_id)
      .key("details_pending")
      .begin_array();
  for (const auto& detail : still) json.value(detail);
  json.end_array().end_object();
  response.set_header("Cache-Control", "no-store");
  response.set_content(json.str(), "application/json");
}

}  // namespace

void install_report_details_routes(RouteTable& routes, ServerContext& context) {
  routes.post("/api/v1/officer/reports/{report_id}/details",
              R"(/api/v1/officer/reports/([0-9A-Fa-f]+)/details)",
              [&context](const httplib::Request& request, httplib::Response& response) {
                complete(context, request, response);
              });
}

}  // namespace aduan::server
