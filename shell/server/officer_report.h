// shell/server/officer_report.h: one report as an officer may look at it, opened the way every
// officer route on one report decides, so the detail and the evidence answer alike.
//
// Owns the order of refusals: 401 (no live session), 400 (not a report id), 404
// officer.unknown_report, 403 officer.out_of_scope (agency_scope.h decides), 503 when the store
// fails. Does not own what a route then shows (api_console.cpp, api_evidence.cpp).
#pragma once

#include <httplib.h>

#include <memory>
#include <optional>

#include "shell/server/agency_scope.h"
#include "shell/server/server_context.h"

namespace aduan::server {

// The agencies as they are now, the officer's scope over them, and the report. Held by pointer
// because the scope refers to the directory.
struct OfficerReport {
  std::unique_ptr<AgencyDirectory> directory;
  std::unique_ptr<OfficerScope> scope;
  store::StoredReport stored;
};

// The report the route's first capture names, for the officer of X-Aduan-Session; nullopt after
// answering the refusal. Implemented in api_console.cpp.
std::optional<OfficerReport> open_report_as_officer(ServerContext& context,
                                                    const httplib::Request& request,
                                                    httplib::Response& response);

}  // namespace aduan::server
