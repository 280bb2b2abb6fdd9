// shell/server/api_actions.h: the HTTP answer to an action on a case.
//
// Owns turning an ActionOutcome (case_history.h) into a response, the same for an officer's
// action and a reporter's, so both clients read one shape: the wire OfficerActionResponse on
// success (with X-Aduan-Replayed when a known action id was replayed), else the refusal as JSON
// with the state the client must now show; and the checks both routes make on what they are
// about to store (the action id, the note). Does not own deciding (case_history.cpp) or who
// asked (the api_*.cpp routes authenticate before they act).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "core/rules/text_rules.h"
#include "core/wire/officer_messages.h"
#include "shell/server/api_common.h"
#include "shell/server/case_history.h"

namespace aduan::server {

// The X-Aduan-Action-Id header ("" when absent), or nullopt after a 400: it is stored with the
// actor's id, so it is printable ASCII of at most kMaxActionIdBytes, never arbitrary bytes.
inline std::optional<std::string> read_action_id(const httplib::Request& request,
                                                 httplib::Response& response) {
  std::string id = request.get_header_value(kActionIdHeader);
  const bool printable =
      std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (id.size() > kMaxActionIdBytes || !printable) {
    send_error(response, 400, "officer.bad_action_id",
               "X-Aduan-Action-Id is at most 64 printable ASCII characters without spaces");
    return std::nullopt;
  }
  return id;
}

// Whether an action's note may be stored (text_rules.h's kNoteLimits); answers 400 if not, so
// a note that is not valid UTF-8 is never stored, nor echoed back.
inline bool note_acceptable(const std::string& note, httplib::Response& response) {
  if (rules::check_text(note, rules::kNoteLimits) == rules::TextProblem::none) return true;
  send_error(response, 400, "officer.bad_note",
             "a note is valid UTF-8 text of at most 5000 characters, without control characters "
             "other than newline and tab");
  return false;
}

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
