// shell/server/sms/sms_news.cpp: telling a reporter by SMS that their report moved, and the one
// gate every outgoing SMS passes (sms_channel.h).
//
// News goes out for three events only, the ones a citizen waits for: routed to an agency
// (after verification), answered (with how to reply or accept), completed (by the deadline's
// auto-completion or an officer; a reporter who sent SELESAI already had its confirmation).
// Only to a reporter who left a mobile number and agreed (the form's "Kirim kabar lewat SMS",
// or a named SMS report); never for an anonymous report, whatever it carries. The news is
// queued inside the action's transaction (perform_action's after_event), so an action and its
// news commit together; its id is the event's, so a replayed action queues nothing twice.
//
// queue_sms is where cost and abuse are bounded: no texts to numbers that are not Indonesian
// mobiles, none after BERHENTI (but its own confirmation), and at most --sms-daily-limit replies
// to a number a day, counted in the outbox so the cap holds across restarts and processes: a
// spoofed sender can make the server text a victim that often, no more. News is not capped: an
// officer's action causes it, not a text anyone can send, and the flow bounds how often.
#include <algorithm>

#include "core/rules/contact_rules.h"
#include "core/sms/sender_number.h"
#include "core/sms/sms_text.h"
#include "core/sync/server_apply.h"
#include "shell/server/server_context.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server::sms {
namespace {

constexpr domain::Timestamp kDayMs = 86'400'000;

// The message key for an event worth a text, or "" for the others.
std::string_view news_key(const store::ServerEvent& event) {
  if (event.action == "disposition") return "sms.news.dispositioned";
  if (event.action == "respond") return "sms.news.responded";
  if (event.action == "complete" && event.actor_role != "reporter") return "sms.news.completed";
  return "";
}

}  // namespace

Outbox outbox_of(ServerContext& context) {
  return {context.catalog().catalog, context.clock(), context.config().sms_daily_limit};
}

Result<bool> queue_sms(const Outbox& outbox, store::ServerRepository& store,
                       store::SmsOutgoing message, bool even_stopped) {
  if (!aduan::sms::can_receive_sms(message.to_number)) return false;
  if (!even_stopped) {
    auto stopped = store.sms_stopped(message.to_hash);
    if (!stopped) return stopped.error();
    if (stopped.value()) return false;
  }
  const domain::Timestamp now = outbox.clock.now();
  const sync::ServerContext apply{outbox.catalog, outbox.clock};
  // The local day's start: the cap is "a day" as the citizen counts days.
  const domain::Timestamp shifted = now + apply.local_offset_ms;
  const domain::Timestamp day_start = now - (((shifted % kDayMs) + kDayMs) % kDayMs);
  if (message.reason == "reply") {
    auto replied_today = store.sms_replies_for(message.to_hash, day_start);
    if (!replied_today) return replied_today.error();
    if (replied_today.value() >= outbox.daily_limit) return false;
  }
  message.text = aduan::sms::fit_one_sms(message.text);
  message.created_at = now;
  if (auto queued = store.enqueue_sms(message, now); !queued) return queued.error();
  return true;
}

AfterEvent status_news(const Outbox& outbox) {
  return [outbox](store::ServerRepository& store, const store::StoredReport& stored,
                  const store::ServerEvent& event) -> Status {
    const domain::Report& report = stored.report;
    const std::string_view key = news_key(event);
    if (key.empty() || report.anonymous || !report.sms_consent || !report.contact) return done();
    auto number = rules::normalize_phone(report.contact->phone);
    if (!number) return done();
    auto secret = store.sms_number_key();
    if (!secret) return secret.error();
    std::string agency = event.agency_id;
    if (const auto* found = outbox.catalog.find_agency(event.agency_id)) agency = found->name;
    const std::string text =
        aduan::sms::fit_one_sms(sms_text(key, {report.tracking_code, agency, event.note}),
                                sms_text(std::string(key) + ".tail", {report.tracking_code}));
    store::SmsOutgoing news{"news:" + std::to_string(event.seq),
                            *number,
                            number_hash(secret.value(), *number),
                            text,
                            std::string(key.substr(key.rfind('.') + 1)),
                            report.id,
                            0,
                            0};
    auto queued = queue_sms(outbox, store, std::move(news));
    if (!queued) return queued.error();
    return done();
  };
}

}  // namespace aduan::server::sms
