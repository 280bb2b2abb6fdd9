// shell/server/api_open311_post.cpp: Open311 GeoReport v2's POST requests: another system
// (a city's app, a call centre's tool) files a report for a citizen, with a key an operator
// issued (aduan-server open311-key).
//
// POST /open311/v2/requests.(json|xml), form fields (urlencoded or multipart):
//   api_key (required), service_code (a category id), description, lat and long and/or
//   address_string, first_name, last_name, phone, email, attribute[region_code],
//   attribute[classification], attribute[agency_id]; the header Idempotency-Key (our extension).
// Order of work: the jurisdiction; the key (403 when missing, unknown or revoked) and its own
// rate (the per-device limiter, keyed by the key's id); a replay of an Idempotency-Key answers
// the first request's id; the fields into a domain::Report (the mapping below); core/rules, as
// for every other channel, except that a missing region is left pending (core/rules'
// pending_details) for the verifying admins; one store_batch under the write lock, the same
// exactly-once path a device's push takes. The report's channel is open311 and its device id
// "open311:<key id>", which has no row in devices: no one can authenticate as it or pull.
//
// The mapping (docs/api.md repeats it): the title is the description's first line, cut at 150
// characters (with the service's name before it when that line is shorter than 10); the body is
// the whole description; the incident date is today (Open311 has none); the place is
// address_string; lat/long are the coordinates; first_name and last_name make the contact's
// name, with phone and email; a request with no contact is anonymous; never confidential (an
// Open311 request is public by the specification). media_url is never fetched, nor kept: a URL
// chosen by a client is not something the server should visit or pass on to officers.
// Idempotency: the report's id, tracking code and receipt secret are SHA-256 of the api_key
// itself and the Idempotency-Key, so a retry (which carries both) finds the first report and
// answers it again, whatever else it sends. The api_key, not its public id: the receipt secret
// lets its holder act as the reporter, so no one without the key may compute it.
#include <cstdlib>
#include <string>

#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/i18n/utf8.h"
#include "core/rules/report_rules.h"
#include "core/sync/server_apply.h"
#include "shell/server/api_common.h"
#include "shell/server/derived_ids.h"
#include "shell/server/json_writer.h"
#include "shell/server/open311.h"

namespace aduan::server::open311 {
namespace {

constexpr std::size_t kMaxIdempotencyKeyBytes = 64;
constexpr const char* kIdempotencyHeader = "Idempotency-Key";

std::string field(const httplib::Request& request, const char* name) {
  if (request.has_file(name)) return request.get_file_value(name).content;
  return request.get_param_value(name);
}

// The key named by api_key, if it is live; otherwise the 403 is sent.
std::optional<store::Open311Key> live_key(ServerContext& context, store::ServerRepository& store,
                                          const httplib::Request& request,
                                          httplib::Response& response, Format format) {
  const std::string api_key = field(request, "api_key");
  if (api_key.empty()) {
    send_error(response, format, 403, "api_key is required to create a service request");
    return std::nullopt;
  }
  auto found = store.open311_key_by_hash(domain::sha256_hex(api_key));
  if (!found) {
    send_error(response, format, 503, "try again later");
    return std::nullopt;
  }
  if (!found.value() || found.value()->revoked_at) {
    send_error(response, format, 403,
               found.value() ? "this api_key was revoked" : "unknown api_key");
    return std::nullopt;
  }
  std::int64_t retry_after_ms = 0;
  if (!context.per_device().allow("open311:" + found.value()->key_id, context.now(),
                                  &retry_after_ms)) {
    response.set_header("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
    send_error(response, format, 429, "too many requests with this api_key; try again later");
    return std::nullopt;
  }
  return found.value();
}

struct Ids {
  domain::ReportId id;
  std::string tracking_code;
  std::string receipt_secret;
};

// `api_key` is the secret the request carries (live_key checked it): the seed must hold a secret,
// since the key's id is printed and listed and the Idempotency-Key is the client's choice.
Ids ids_for(const std::string& api_key, const std::string& idempotency_key) {
  if (idempotency_key.empty())
    return {domain::ReportId::random(), domain::make_tracking_code(),
            domain::random_hex(rules::kReceiptSecretHexDigits / 2)};
  const std::string seed = "open311:" + api_key + ":" + idempotency_key;
  auto derived = derived_ids(seed);
  return {
      domain::ReportId::parse(derived_hex(seed, "id").substr(0, 32)).value_or(domain::ReportId{}),
      std::move(derived.tracking_code), std::move(derived.receipt_secret)};
}

// The first `count` code points of `text` (all of it up to a byte that is not UTF-8: the rules
// then name the problem in the body, which holds the whole text).
std::string first_code_points(std::string_view text, std::size_t count) {
  std::size_t at = 0;
  for (std::size_t n = 0; n < count && at < text.size(); ++n) {
    char32_t code_point = 0;
    const std::size_t length = i18n::decode_one(text, at, code_point);
    if (length == 0) break;
    at += length;
  }
  return std::string(text.substr(0, at));
}

// The description's first line, at most 150 characters; a short one gets the service's name.
std::string title_of(const std::string& description, std::string_view service) {
  std::string line = description.substr(0, description.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  const std::size_t length = i18n::count_code_points(line).value_or(0);
  if (length > rules::kTitleMaxChars)
    line = first_code_points(line, rules::kTitleMaxChars - 1) + "…";
  if (length < rules::kTitleMinChars) line = std::string(service) + ": " + line;
  return line;
}

// Where the fields do not make a report: the specification's one error, every problem named.
std::string problems_text(const std::vector<rules::Problem>& problems) {
  std::string text;
  for (const auto& problem : problems)
    text += (text.empty() ? "" : "; ") + problem.field + ": " + problem.code;
  return text;
}

void answer_created(httplib::Response& response, Format format, const std::string& tracking_code,
                    bool region_pending) {
  const std::string notice =
      region_pending
          ? "the region is completed by the verifying admins (attribute[region_code] was not given)"
          : "";
  JsonWriter json;
  json.begin_array()
      .begin_object()
      .field("service_request_id", tracking_code)
      .field("service_notice", notice)
      .key("account_id")
      .null()
      .end_object()
      .end_array();
  const std::string xml = "<service_requests><request>" +
                          xml_text("service_request_id", tracking_code) +
                          xml_text("service_notice", notice) + xml_text("account_id", "") +
                          "</request></service_requests>";
  answer(response, format, json.str(), xml, "no-store");
  response.status = 201;
}

void create(ServerContext& context, const httplib::Request& request, httplib::Response& response,
            Format format) {
  if (!jurisdiction_known(request, response, format)) return;
  auto* store = context.store();
  if (!store) return send_error(response, format, 503, "try again later");
  auto key = live_key(context, *store, request, response, format);
  if (!key) return;
  const std::string idempotency_key = request.get_header_value(kIdempotencyHeader);
  if (request.has_header(kIdempotencyHeader) &&
      (idempotency_key.empty() || idempotency_key.size() > kMaxIdempotencyKeyBytes ||
       idempotency_key.find_first_not_of(
           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") !=
           std::string::npos))
    return send_error(response, format, 400, "Idempotency-Key is 1-64 letters, digits and - _ . :");
  const std::string device = "open311:" + key->key_id;
  const Ids ids = ids_for(field(request, "api_key"), idempotency_key);
  // A retry of the same Idempotency-Key: the first request's answer, whatever this one carries.
  auto replay = [&]() -> bool {
    auto earlier = store->report(ids.id);
    if (!earlier || !earlier.value() || earlier.value()->device_id != device) return false;
    answer_created(response, format, earlier.value()->report.tracking_code,
                   !rules::pending_details(earlier.value()->report).empty());
    return true;
  };
  if (!idempotency_key.empty() && replay()) return;

  const auto& catalog = context.catalog().catalog;
  const domain::Category* category = catalog.find_category(field(request, "service_code"));
  if (!category)
    return send_error(response, format, 400,
                      "service_code is not a service of this server (see services)");
  const std::string lat = field(request, "lat"), lon = field(request, "long");
  const std::string address = field(request, "address_string");
  if (address.empty() && (lat.empty() || lon.empty()))
    return send_error(response, format, 400,
                      "a location is required: lat and long, or address_string");
  domain::Report report;
  report.id = ids.id;
  report.tracking_code = ids.tracking_code;
  report.receipt_secret = ids.receipt_secret;
  const std::string classification = field(request, "attribute[classification]");
  report.classification =
      domain::parse_classification(classification.empty() ? "pengaduan" : classification)
          .value_or(static_cast<domain::Classification>(0xFF));
  const std::string description = field(request, "description");
  report.title = title_of(description, category->name_id);
  report.body = description;
  const domain::Timestamp now = context.now();
  const sync::ServerContext apply{catalog, context.clock()};
  const domain::CivilDate today = sync::civil_date_at(now, apply.local_offset_ms);
  report.incident_date = today;
  report.location.region_code = field(request, "attribute[region_code]");
  report.location.place = address;
  if (!lat.empty() || !lon.empty()) {
    char* lat_end = nullptr;
    char* lon_end = nullptr;
    const double latitude = std::strtod(lat.c_str(), &lat_end);
    const double longitude = std::strtod(lon.c_str(), &lon_end);
    if (lat.empty() || lon.empty() || *lat_end != '\0' || *lon_end != '\0')
      return send_error(response, format, 400, "lat and long are decimal degrees, both or neither");
    report.location.coordinates = domain::Coordinates{latitude, longitude};
  }
  report.category_id = category->id;
  report.agency_id = field(request, "attribute[agency_id]");
  std::string name = field(request, "first_name");
  const std::string last_name = field(request, "last_name");
  if (!last_name.empty()) name += (name.empty() ? "" : " ") + last_name;
  const std::string phone = field(request, "phone"), email = field(request, "email");
  if (!name.empty() || !phone.empty() || !email.empty())
    report.contact = domain::ReporterContact{name, phone, email};
  report.anonymous = !report.contact;
  report.confidential = false;
  report.channel = domain::Channel::open311;
  report.created_at = now;

  std::vector<rules::Problem> problems;
  for (auto& problem : rules::validate_report(report, catalog, today))
    if (!(problem.field == "location.region_code" && report.location.region_code.empty()))
      problems.push_back(std::move(problem));
  if (!problems.empty()) return send_error(response, format, 400, problems_text(problems));

  auto results = [&] {
    std::lock_guard writer(context.write_lock());
    return store->store_batch(device, std::span<const domain::Report>(&report, 1), now);
  }();
  if (!results || results.value().size() != 1)
    return send_error(response, format, 503, "not stored; try again");
  if (results.value().front().outcome == store::StoreOutcome::stored) {
    context.add_reports_stored(1);
    return answer_created(response, format, report.tracking_code,
                          !rules::pending_details(report).empty());
  }
  // Two retries at once: the other one stored it first.
  if (!idempotency_key.empty() && replay()) return;
  send_error(response, format, 409,
             "a report with this id exists already; send another Idempotency-Key");
}

}  // namespace

void install_create_route(RouteTable& routes, ServerContext& context) {
  routes.post("/open311/v2/requests.{format}", R"(/open311/v2/requests\.(json|xml))",
              [&context](const httplib::Request& request, httplib::Response& response) {
                create(context, request, response, format_of(request.matches[1].str()));
              });
}

}  // namespace aduan::server::open311
