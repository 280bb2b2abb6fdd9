// shell/server/api_tracking.cpp: following a report by its tracking code, the catalog, and
// the operator's endpoints (/readyz, /metrics).
//
// GET /api/v1/track/<code>   JSON; the sender's view with header X-Aduan-Receipt: <secret>
// GET /t/<code>, /t?code=    the plain HTML page (no JavaScript)
// GET /api/v1/catalog        the catalog's files and hashes, with an ETag
// GET /readyz                the database answers one cheap read
// GET /metrics               Prometheus text, to the --metrics-allow networks only
#include "core/domain/tracking_code.h"
#include "shell/server/api_common.h"
#include "shell/server/static_files.h"
#include "shell/server/tracking.h"

namespace aduan::server {
namespace {

struct Lookup {
  std::optional<TrackingView> view;
  bool database_failed = false;
};

Lookup look_up(ServerContext& context, std::string_view code_text, std::string_view receipt_secret) {
  Lookup result;
  auto code = domain::normalize_tracking_code(code_text);
  if (!code) return result;
  auto* store = context.store();
  if (!store) return {std::nullopt, true};
  auto report = store->report_by_tracking_code(code.value());
  if (!report) return {std::nullopt, true};
  if (!report.value()) return result;
  auto events = store->timeline(report.value()->report.id);
  if (!events) return {std::nullopt, true};
  result.view = make_tracking_view(*report.value(), events.value(), receipt_secret);
  return result;
}

void answer_html(ServerContext& context, std::string_view code, httplib::Response& response) {
  Lookup lookup = code.empty() ? Lookup{} : look_up(context, code, {});
  PageText text{&context.messages(), "id", &context.catalog().catalog};
  response.status = lookup.database_failed ? 503 : (!code.empty() && !lookup.view ? 404 : 200);
  response.set_header("Cache-Control", "no-store");
  response.set_content(tracking_html(lookup.view ? &*lookup.view : nullptr, code, text),
                       "text/html; charset=utf-8");
}

}  // namespace

void install_tracking_routes(RouteTable& routes, ServerContext& context) {
  routes.get(
      "/api/v1/track/{code}", R"(/api/v1/track/([^/]+))",
      [&context](const httplib::Request& request, httplib::Response& response) {
        auto code = domain::normalize_tracking_code(request.matches[1].str());
        if (!code) return send_error(response, 400, code.error().code, code.error().detail);
        Lookup lookup =
            look_up(context, request.matches[1].str(), request.get_header_value("X-Aduan-Receipt"));
        if (lookup.database_failed)
          return send_error(response, 503, "store.unavailable", "try again later");
        if (!lookup.view)
          return send_error(response, 404, "track.not_found", "no report with this tracking code");
        response.set_header("Cache-Control", "no-store");
        response.set_content(tracking_json(*lookup.view), "application/json");
      });
  routes.get("/t/{code}", R"(/t/([^/]+))",
             [&context](const httplib::Request& request, httplib::Response& response) {
               answer_html(context, request.matches[1].str(), response);
             });
  routes.get("/t", [&context](const httplib::Request& request, httplib::Response& response) {
    answer_html(context, request.get_param_value("code"), response);
  });

  routes.get("/api/v1/catalog",
             [&context](const httplib::Request& request, httplib::Response& response) {
               const auto& catalog = context.catalog();
               response.set_header("ETag", catalog.etag);
               response.set_header("Cache-Control", "no-cache");
               if (etag_matches(request.get_header_value("If-None-Match"), catalog.etag)) {
                 response.status = 304;
                 return;
               }
               response.set_content(catalog.index_json, "application/json");
             });

  routes.get("/readyz", [&context](const httplib::Request&, httplib::Response& response) {
    auto* store = context.store();
    // One indexed read, never a count: probes come often and must cost the same at any size.
    auto answered = store ? store->ping() : Status(Error{"store.unavailable", ""});
    response.set_header("Cache-Control", "no-store");
    if (!answered) return send_error(response, 503, "not_ready", "the database is not answering");
    response.set_content("{\"status\":\"ready\"}", "application/json");
  });
  routes.get("/metrics", [&context](const httplib::Request& request, httplib::Response& response) {
    response.set_header("Cache-Control", "no-store");
    // The client after the proxies: through the proxy, 127.0.0.1 is the proxy, not an operator.
    auto client = client_ip(request);
    if (!client || !context.config().metrics_allow.contains(*client))
      return send_error(response, 403, "metrics.forbidden",
                        "metrics are for the operator's addresses (--metrics-allow)");
    response.set_content(context.metrics().render_prometheus(), "text/plain; version=0.0.4");
  });
}

}  // namespace aduan::server
