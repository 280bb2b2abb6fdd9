// core/wire/officer_messages.h: the messages of the officers' API (/api/v1/officer/...).
//
// Owns what an agency officer's console sends and receives: logging in, the queue of reports,
// and an action on a report (the core/workflow action names travel as strings, like statuses,
// so a server with a new action does not break an older console). Encoded like every other
// message (codec.cpp); the anonymous reporter's contact never appears in a report sent here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/domain/report.h"
#include "core/wire/envelope.h"
#include "core/wire/messages.h"

namespace aduan::wire {

struct OfficerLoginRequest {
  static constexpr MessageType kType = MessageType::officer_login_request;
  std::string username;
  std::string password;
  friend bool operator==(const OfficerLoginRequest&, const OfficerLoginRequest&) = default;
};

struct OfficerLoginResponse {
  static constexpr MessageType kType = MessageType::officer_login_response;
  std::string session_token;  // hex; sent as X-Aduan-Session on every officer request
  domain::Timestamp expires_at = 0;
  std::string officer_id;
  std::string role;       // a core/workflow role name
  std::string agency_id;  // empty for a national admin
  friend bool operator==(const OfficerLoginResponse&, const OfficerLoginResponse&) = default;
};

struct OfficerReportsRequest {
  static constexpr MessageType kType = MessageType::officer_reports_request;
  std::string status;  // empty: every status
  std::uint32_t limit = 50;
  std::uint32_t offset = 0;
  friend bool operator==(const OfficerReportsRequest&, const OfficerReportsRequest&) = default;
};

struct OfficerReportRow {
  // An anonymous report arrives without its contact; no report arrives with its receipt
  // secret (the encoder sends it empty).
  domain::Report report;
  std::string status;
  std::string agency_id;  // holding the report now
  friend bool operator==(const OfficerReportRow&, const OfficerReportRow&) = default;
};

struct OfficerReportsResponse {
  static constexpr MessageType kType = MessageType::officer_reports_response;
  std::vector<OfficerReportRow> reports;  // at most kMaxBatchReports
  friend bool operator==(const OfficerReportsResponse&, const OfficerReportsResponse&) = default;
};

struct OfficerActionRequest {
  static constexpr MessageType kType = MessageType::officer_action_request;
  domain::ReportId report_id;
  std::string action;            // e.g. "verify", "disposition", "respond"
  std::string note;              // reason, answer or comment, as the action needs
  std::string target_agency_id;  // for disposition and redisposition
  std::int32_t rating = 0;       // for rate
  std::string expected_status;   // what the console showed; another officer may have acted since
  friend bool operator==(const OfficerActionRequest&, const OfficerActionRequest&) = default;
};

struct OfficerActionResponse {
  static constexpr MessageType kType = MessageType::officer_action_response;
  std::string status;  // after the action
  std::string agency_id;
  std::int64_t seq = 0;  // of the status event it recorded
  friend bool operator==(const OfficerActionResponse&, const OfficerActionResponse&) = default;
};

}  // namespace aduan::wire
