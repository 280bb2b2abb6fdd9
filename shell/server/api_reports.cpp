// shell/server/api_reports.cpp: the sync endpoints a device calls.
//
// POST /api/v1/reports:push   wire PushBatchRequest -> PushBatchResponse (a verdict per report)
// POST /api/v1/events:pull    wire PullEventsRequest -> PullEventsResponse
// The answer is encoded in the protocol version of the request, so a phone that has not
// updated yet can still deliver its queue. Acknowledgements are sent only after the batch's
// transaction has committed (core/sync's apply_push); a database failure is a 503 with nothing
// acknowledged, and the device retries the whole batch, which is safe: report ids make a retry
// a duplicate, never a second report. A version 2 report on the `assisted` channel, which could
// not say for whom, is stored as a `web` report.
#include <mutex>

#include "core/sync/server_apply.h"
#include "shell/server/api_common.h"

namespace aduan::server {

void install_report_routes(RouteTable& routes, ServerContext& context) {
  routes.post("/api/v1/reports:push", [&context](const httplib::Request& request,
                                                 httplib::Response& response) {
    auto device = authenticate_device(context, request, response);
    if (!device) return;
    std::uint16_t version = 0;
    auto batch = read_message<wire::PushBatchRequest>(request, response, version);
    if (!batch) return;
    if (!batch->device_id.empty() && batch->device_id != *device)
      return send_error(response, 400, "push.device_mismatch", "the batch names another device");
    if (!apply_kiosk_binding(context, *device, &*batch, response)) return;
    // Before version 3 `assisted` carried no one's details (aduan-cli used it for its own
    // reports): such a report is the device's own, as it always was, so a device that has not
    // updated keeps delivering instead of being told its queue is invalid.
    if (version < 3) {
      for (auto& report : batch->reports)
        if (report.channel == domain::Channel::assisted) report.channel = domain::Channel::web;
    }
    auto official = apply_official_binding(context, *device, response);
    if (!official) return;
    auto* store = store_or_503(context, response);
    if (!store) return;
    sync::ServerContext apply{context.catalog().catalog, context.clock()};
    apply.official_id = official->officer_id;
    apply.official_region = official->region_code;
    auto verdicts = [&] {
      std::lock_guard writer(context.write_lock());
      return sync::apply_push(*store, apply, *device, *batch);
    }();
    if (!verdicts)
      return send_error(response, 503, verdicts.error().code, "not stored; retry the batch");
    std::int64_t stored = 0;
    for (const auto& verdict : verdicts.value().verdicts)
      if (verdict.kind == wire::VerdictKind::stored) ++stored;
    context.add_reports_stored(stored);
    write_message(response, verdicts.value(), version);
  });

  routes.post("/api/v1/events:pull",
              [&context](const httplib::Request& request, httplib::Response& response) {
                auto device = authenticate_device(context, request, response);
                if (!device) return;
                std::uint16_t version = 0;
                auto pull = read_message<wire::PullEventsRequest>(request, response, version);
                if (!pull) return;
                if (!apply_kiosk_binding(context, *device, nullptr, response)) return;
                if (!apply_official_binding(context, *device, response)) return;
                auto* store = store_or_503(context, response);
                if (!store) return;
                auto events = sync::apply_pull_request(*store, *device, *pull);
                if (!events)
                  return send_error(response, 503, events.error().code, "try again later");
                write_message(response, events.value(), version);
              });
}

}  // namespace aduan::server
