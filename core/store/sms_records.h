// core/store/sms_records.h: what the server store keeps of the SMS channel (schema v9).
//
// Owns the records the repository's SMS operations read and write. Does not own the grammar or
// the texts (core/sms, shell/server/sms) nor when a message is sent (the sender). Numbers appear
// only in SmsOutgoing::to_number (until sent) and in a named report's contact; everything else
// names a sender by its keyed hash (see the v9 migration's comment).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/report.h"

namespace aduan::store {

// One inbound message, as recorded once: `message_key` is "<source>:<gateway's id>".
struct SmsInbound {
  std::string message_key;
  std::string sender_hash;
  std::string text_hash;
  domain::Timestamp received_at = 0;  // the server's clock
  std::string command;                // "report", "check", ..., "duplicate" is never stored
  std::optional<domain::ReportId> report_id;
};

// One message to send. `id` is its idempotency id (the gateway sees it, so a retry after a lost
// answer is recognised there too); `reason` says why: "reply", "verified", "answered",
// "completed".
struct SmsOutgoing {
  std::string id;
  std::string to_number;  // "+62...": cleared once sent or given up
  std::string to_hash;
  std::string text;
  std::string reason;
  std::optional<domain::ReportId> report_id;
  domain::Timestamp created_at = 0;
  int attempts = 0;  // tries made before this one
};

struct SmsQueueStats {
  std::int64_t queued = 0;  // waiting to be sent (including those being sent)
  std::int64_t sent = 0;
  std::int64_t failed = 0;  // given up after the last retry
};

}  // namespace aduan::store
