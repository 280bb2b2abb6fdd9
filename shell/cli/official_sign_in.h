// shell/cli/official_sign_in.h: aduan-cli as a village official's device (README, "Village
// officials"): signing the official in binds this device to them, and reports queued afterwards
// may be for a citizen, with the citizen's consent.
//
// Owns the two HTTP calls of signing in (the officer login, then the binding that needs the
// session and the device's credentials at once) and turning a generated report into one for a
// citizen. Does not own the binding's rules (the server's api_officials.cpp) nor attribution,
// which the server takes from the device's credentials: nothing here names the official in a
// report.
#pragma once

#include <optional>
#include <string>

#include "core/domain/report.h"
#include "core/store/records.h"
#include "shell/cli/http_transport.h"

namespace aduan::cli {

// Logs `username` in and binds the device of `credentials` to them. Prints the binding (its id,
// the region the official serves, until when) and returns 0, or prints why not and returns 1.
int official_sign_in(HttpTransport& transport, const store::DeviceCredentials& credentials,
                     const std::string& username, const std::string& password);

// Whom a report is for, as typed on the command line.
struct CitizenOptions {
  std::string name;  // empty: not given (or anonymous)
  std::string phone;
  std::string consent;  // "spoken", "written" or "refused"
  std::string witness;
};

// Makes `report` an assisted report for that citizen; false when `consent` is none of the three.
bool make_assisted(domain::Report& report, const CitizenOptions& citizen);

}  // namespace aduan::cli
