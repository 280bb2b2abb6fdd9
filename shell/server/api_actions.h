// shell/server/api_actions.h: the HTTP answer to an action on a case.
//
// Owns turning an ActionOutcome (case_history.h) into a response, the same for an officer's
// action and a reporter's, so both clients read one shape: the wire OfficerActionResponse on
// success (with X-Aduan-Replayed when a known action id was replayed), else the refusal as JSON
// with the state the client must now show. Does not own deciding (case_history.cpp) or who
// asked (the api_*.cpp routes authenticate before they act).
#pragma once

#include <cstdint>

#include "core/wire/officer_messages.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"

namespace aduan::server {

inline void send_action_outcome(httplib::Response& response, const ActionOutcome& outcome,
                                std::uint16_t version) {
  if (outcome.http_status != 200) {
    response.status = outcome.http_status;
    return response.set_content(refusal_json(outcome), "application/json");
  }
  if (outcome.replayed) response.set_header("X-Aduan-Replayed", "1");
  write_message(response, wire::OfficerActionResponse{outcome.status, outcome.agency_id, outcome.seq},
                version);
}

}  // namespace aduan::server
