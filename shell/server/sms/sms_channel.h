// shell/server/sms/sms_channel.h: the SMS channel of aduan-server (docs/sms.md).
//
// Owns what the server does with a text a gateway delivered (handle_inbound: one report, one
// answer, however often the gateway retries), the news a reporter is sent when their report
// moves (status_news, run inside the action's own transaction), and the one way anything is
// queued for a number (queue_sms: BERHENTI, the daily cap and non-mobile numbers decided in one
// place). Does not own the grammar or how texts fit one SMS (core/sms), the routes that receive
// webhooks (sms_routes.cpp) or the sending (sms_sender.h).
//
// A number is never stored where a hash will do: number_hash() is HMAC-SHA256 under the
// database's own key (schema v9), so a leaked table of hashes cannot be reversed by trying
// every Indonesian number without the key.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/domain/catalog.h"
#include "core/domain/result.h"
#include "core/store/server_repository.h"
#include "core/sync/server_apply.h"
#include "shell/server/case_history.h"

namespace aduan::server {
class RouteTable;
class ServerContext;
}  // namespace aduan::server

namespace aduan::server::sms {

struct InboundMessage {
  std::string source;      // "inbound" (the generic webhook) or "android"
  std::string gateway_id;  // the gateway's id of the message (may repeat: see handle_inbound)
  std::string from;        // the sender as the gateway wrote it
  std::string text;
  domain::Timestamp received_at = 0;  // when the gateway received it
};

struct InboundOutcome {
  std::string command;        // "report", "check", ..., "help"; "duplicate", "limited", "ignored"
  std::string tracking_code;  // of the report made or named, when there is one
  bool reply_queued = false;
};

// A message gateways retry (same id, or same number and text within kRetryWindowMs) is handled
// once: the second delivery is "duplicate" and changes nothing.
inline constexpr domain::Timestamp kRetryWindowMs = 10 * 60 * 1000;

// Handles one delivered message in one transaction under the write lock: the command, the
// inbound record and the answer commit together, or nothing does.
Result<InboundOutcome> handle_inbound(ServerContext& context, const InboundMessage& message);

// What queueing a text needs of the server: the catalog (agency names, the service's day), the
// time, the daily cap on answers. A server's own (outbox_of), or a command's (run-scheduler).
struct Outbox {
  const domain::Catalog& catalog;
  const sync::Clock& clock;
  int daily_limit;
};
Outbox outbox_of(ServerContext& context);

// The news of an event on a report, for perform_action's after_event: queued when the reporter
// left a mobile number and agreed, for the events worth a text (routed, answered, completed).
AfterEvent status_news(const Outbox& outbox);
inline AfterEvent status_news(ServerContext& context) {
  return status_news(outbox_of(context));
}

// POST /api/v1/sms/inbound and /api/v1/sms/android (sms_routes.cpp).
void install_routes(RouteTable& routes, ServerContext& context);

// The text of `key` (sms_texts.cpp) with its placeholders filled; the help for an unknown key.
std::string sms_text(std::string_view key, std::initializer_list<std::string> args = {});

std::string number_hash(std::string_view key, std::string_view e164);

// Queues `text` (fitted to one SMS) for `e164` unless the number said BERHENTI (`even_stopped`
// is the confirmation of BERHENTI itself), cannot receive SMS, or was sent the day's limit.
// Returns whether it was queued.
Result<bool> queue_sms(const Outbox& outbox, store::ServerRepository& store,
                       store::SmsOutgoing message, bool even_stopped = false);

}  // namespace aduan::server::sms
