// shell/server/sms/sms_inbound.cpp: what one delivered SMS does (sms_channel.h).
//
// Order of work, all under the write lock and in one transaction: the sender's number (a text
// from a name such as "TELKOMSEL" is ignored), its keyed hash, the per-number inbound limit;
// a delivery seen before (same id, or same number and text within kRetryWindowMs) stops here;
// core/sms parses the command; it is carried out; the message is recorded with what it did,
// and the answer queued. A crash anywhere leaves no trace, so the gateway's retry starts over.
//
// LAPOR makes a report of channel sms through store_batch, the same exactly-once path every
// channel takes (its ids derived from the message's key, so even a retry that slipped past the
// record would be the store's duplicate). What an SMS does not carry is filled in or left to the
// verifying admins: the title is the text's first words, the incident date the day it was
// received; the region (unless --sms-region names the deployment's area) and, without a #hint
// that names one category, the category stay pending (core/rules' pending_details). A named report
// keeps the number as its contact and counts as consent to news by SMS (it was asked by SMS); an
// anonymous one keeps only the number's hash, so CEK and BALAS still work from that phone and
// nothing else does. CEK, BALAS, SELESAI and NILAI act only on a report made from this number (or
// one whose reporter left this number and agreed to SMS); any other code gets the same answer as an
// unknown one, so the channel cannot be used to probe codes.
#include <algorithm>
#include <cctype>

#include "core/domain/hmac.h"
#include "core/domain/tracking_code.h"
#include "core/i18n/utf8.h"
#include "core/rules/contact_rules.h"
#include "core/rules/report_rules.h"
#include "core/sms/command.h"
#include "core/sms/sender_number.h"
#include "core/sync/server_apply.h"
#include "shell/server/derived_ids.h"
#include "shell/server/server_context.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server::sms {
namespace {

using aduan::sms::Command;
using aduan::sms::CommandKind;

// The device id reports made by SMS are stored under: it has no row in devices, so no one can
// authenticate as it or pull its events.
constexpr const char* kSmsDevice = "sms:gateway";

struct Turn {
  ServerContext& context;
  store::ServerRepository& store;
  const InboundMessage& message;
  std::string e164;
  std::string sender_hash;
  std::string message_key;
  InboundOutcome outcome;
  std::string reply;
};

// The one category a #hint names: its id, else the one whose id starts with the hint or whose
// name has it as a word ("#jalan" -> infrastruktur, "Infrastruktur (jalan, jembatan, irigasi)"); ""
// otherwise.
std::string category_for(const domain::Catalog& catalog, std::string_view hint) {
  if (hint.empty()) return "";
  if (catalog.find_category(hint)) return std::string(hint);
  std::string found;
  for (const auto& category : catalog.categories()) {
    std::string name;
    for (char c : category.name_id)
      name +=
          std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : ' ';
    const bool named = (" " + name + " ").find(" " + std::string(hint) + " ") != std::string::npos;
    if (category.id.starts_with(hint) || named) {
      if (!found.empty()) return "";  // two match: the admins decide
      found = category.id;
    }
  }
  return found;
}

Status make_report(Turn& turn, const Command& command) {
  const auto& catalog = turn.context.catalog().catalog;
  const std::string seed = "sms:" + turn.message_key;
  auto derived = derived_ids(seed);
  domain::Report report;
  report.id =
      domain::ReportId::parse(derived_hex(seed, "id").substr(0, 32)).value_or(domain::ReportId{});
  report.tracking_code = std::move(derived.tracking_code);
  report.receipt_secret = std::move(derived.receipt_secret);
  report.classification = domain::Classification::complaint;
  report.title = aduan::sms::title_from_text(command.text);
  if (i18n::count_code_points(report.title).value_or(0) < rules::kTitleMinChars)
    report.title = sms_text("sms.report_title", {report.title});
  report.body = command.text;
  const sync::ServerContext apply{catalog, turn.context.clock()};
  const domain::Timestamp now = turn.context.now();
  const domain::CivilDate today = sync::civil_date_at(now, apply.local_offset_ms);
  // A gateway phone's clock may run ahead of the server's: never a day after today.
  report.incident_date =
      sync::civil_date_at(std::min(turn.message.received_at, now), apply.local_offset_ms);
  report.location.place = command.place_hint;
  // The deployment's own area (--sms-region), when it names one: its regional admins verify.
  const std::string& area = turn.context.config().sms_region;
  if (!area.empty() && catalog.find_region(area)) report.location.region_code = area;
  report.category_id = category_for(catalog, command.category_hint);
  report.anonymous = command.anonymous;
  if (!report.anonymous) report.contact = domain::ReporterContact{"", turn.e164, ""};
  report.sms_consent = !report.anonymous;
  report.channel = domain::Channel::sms;
  report.created_at = turn.message.received_at;

  // What an SMS cannot carry is pending, not wrong; a short text is what SMS is.
  std::vector<rules::Problem> problems;
  for (auto& problem : rules::validate_report(report, catalog, today)) {
    const bool pending =
        (problem.field == "location.region_code" && report.location.region_code.empty()) ||
        (problem.field == "category_id" && report.category_id.empty()) ||
        problem.code == "rules.body.too_short";
    if (!pending) problems.push_back(std::move(problem));
  }
  if (!problems.empty()) {
    turn.reply = sms_text("sms.reply.not_stored");
    return done();
  }
  auto stored =
      turn.store.store_batch(kSmsDevice, std::span<const domain::Report>(&report, 1), now);
  if (!stored) return stored.error();
  if (stored.value().size() != 1) return Error{"sms.not_stored", "the report was not stored"};
  if (stored.value().front().outcome == store::StoreOutcome::stored)
    turn.context.add_reports_stored(1);
  if (auto kept = turn.store.set_sms_reporter(report.id, turn.sender_hash); !kept) return kept;
  turn.outcome.tracking_code = stored.value().front().tracking_code;
  turn.reply = sms_text(report.anonymous ? "sms.reply.received_anonymous" : "sms.reply.received",
                        {turn.outcome.tracking_code});
  return done();
}

// The report `code` names, if this number may act on it; the answer for one it may not is set.
Result<std::optional<store::StoredReport>> reporters_report(Turn& turn, const std::string& code) {
  auto found = turn.store.report_by_tracking_code(code);
  if (!found) return found.error();
  if (found.value()) {
    const store::StoredReport& stored = *found.value();
    auto maker = turn.store.sms_reporter(stored.report.id);
    if (!maker) return maker.error();
    const auto& contact = stored.report.contact;
    const bool made_here = maker.value() && *maker.value() == turn.sender_hash;
    const bool left_here = !stored.report.anonymous && stored.report.sms_consent && contact &&
                           rules::normalize_phone(contact->phone) == turn.e164;
    if (made_here || left_here) return found;
  }
  turn.reply = sms_text("sms.reply.unknown_code");
  return std::optional<store::StoredReport>{};
}

Status check(Turn& turn, const store::StoredReport& stored) {
  auto events = turn.store.timeline(stored.report.id);
  if (!events) return events.error();
  std::string note;
  for (const auto& event : events.value())
    if (!event.note.empty()) note = event.note;
  const std::string status = sms_text("status." + stored.status);
  turn.reply = sms_text(note.empty() ? "sms.reply.status" : "sms.reply.status_note",
                        {stored.report.tracking_code, status, note});
  return done();
}

Status act(Turn& turn, const store::StoredReport& stored, const Command& command) {
  const workflow::Action action = command.kind == CommandKind::reply
                                      ? workflow::Action::reporter_reply
                                  : command.kind == CommandKind::accept ? workflow::Action::complete
                                                                        : workflow::Action::rate;
  const std::string actor = "reporter:" + stored.report.id.to_string();
  ActionInput input{stored.report.id,
                    {action,
                     {workflow::Role::reporter, ""},
                     command.text,
                     "",
                     command.rating,
                     turn.context.now()},
                    actor,
                    "",
                    actor + ":sms:" + turn.message_key,
                    status_news(turn.context)};
  const ActionOutcome outcome =
      perform_action(turn.store, input, {}, [](const store::StoredReport&) { return true; });
  if (outcome.http_status == 503) return Error{outcome.code, outcome.message};
  const std::string& code = stored.report.tracking_code;
  if (outcome.http_status != 200) {
    const std::string status = sms_text("status." + outcome.status);
    turn.reply = sms_text("sms.reply.refused", {code, status});
  } else {
    turn.reply = sms_text(command.kind == CommandKind::reply    ? "sms.reply.replied"
                          : command.kind == CommandKind::accept ? "sms.reply.accepted"
                                                                : "sms.reply.rated",
                          {code});
  }
  return done();
}

Status carry_out(Turn& turn, const Command& command) {
  switch (command.kind) {
    case CommandKind::report: return make_report(turn, command);
    case CommandKind::stop:
      turn.reply = sms_text("sms.reply.stopped");
      return turn.store.stop_sms(turn.sender_hash, turn.context.now());
    case CommandKind::help:
      turn.reply = sms_text(command.problem.empty() ? "sms.help" : command.problem);
      return done();
    case CommandKind::check:
    case CommandKind::reply:
    case CommandKind::accept:
    case CommandKind::rate: break;
  }
  auto stored = reporters_report(turn, command.code);
  if (!stored) return stored.error();
  if (!stored.value()) return done();
  turn.outcome.tracking_code = stored.value()->report.tracking_code;
  if (command.kind == CommandKind::check) return check(turn, *stored.value());
  return act(turn, *stored.value(), command);
}

}  // namespace

std::string number_hash(std::string_view key, std::string_view e164) {
  return domain::hmac_sha256_hex(key, e164);
}

Result<InboundOutcome> handle_inbound(ServerContext& context, const InboundMessage& message) {
  auto sender = aduan::sms::normalize_sender(message.from);
  if (!sender) return InboundOutcome{"ignored", "", false};
  auto* store = context.store();
  if (!store) return Error{"store.unavailable", "the database is not available"};
  std::lock_guard writer(context.write_lock());
  auto key = store->sms_number_key();
  if (!key) return key.error();
  Turn turn{context,
            *store,
            message,
            *sender,
            number_hash(key.value(), *sender),
            message.source + ":" + message.gateway_id,
            {},
            {}};
  std::int64_t retry_after_ms = 0;
  if (!context.per_sms_number().allow(turn.sender_hash, context.now(), &retry_after_ms))
    return InboundOutcome{"limited", "", false};
  const std::string text_hash = domain::hmac_sha256_hex(key.value(), message.text);
  auto handled = store->in_transaction([&]() -> Status {
    auto seen = store->sms_inbound_seen(turn.message_key, turn.sender_hash, text_hash,
                                        message.received_at - kRetryWindowMs);
    if (!seen) return seen.error();
    if (seen.value()) {
      turn.outcome.command = "duplicate";
      return done();
    }
    const Command command = aduan::sms::parse_command(message.text);
    turn.outcome.command = std::string(aduan::sms::command_name(command.kind));
    if (auto carried = carry_out(turn, command); !carried) return carried;
    store::SmsInbound record{turn.message_key, turn.sender_hash,     text_hash,
                             context.now(),    turn.outcome.command, std::nullopt};
    if (!turn.outcome.tracking_code.empty()) {
      auto report = store->report_by_tracking_code(turn.outcome.tracking_code);
      if (report && report.value()) record.report_id = report.value()->report.id;
    }
    if (auto recorded = store->record_sms_inbound(record); !recorded) return recorded;
    if (turn.reply.empty()) return done();
    store::SmsOutgoing reply{"reply:" + derived_hex(turn.message_key, "sms-reply").substr(0, 32),
                             turn.e164,
                             turn.sender_hash,
                             turn.reply,
                             "reply",
                             record.report_id,
                             context.now(),
                             0};
    auto queued =
        queue_sms(outbox_of(context), *store, std::move(reply), command.kind == CommandKind::stop);
    if (!queued) return queued.error();
    turn.outcome.reply_queued = queued.value();
    return done();
  });
  if (!handled) return handled.error();
  return turn.outcome;
}

}  // namespace aduan::server::sms
