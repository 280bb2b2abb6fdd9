// shell/server/api_lapor.cpp: the plain HTML report form, for browsers the portal cannot run in.
//
// GET  /lapor[?lang=en]   the form (lapor_page.h), with a fresh random token
// POST /lapor             multipart/form-data: the form's fields and its photos; the receipt,
//                         or the form again with every problem beside its field
// Order of work for a POST: the form limit per address; the token; the fields into a
// domain::Report; each photo re-encoded (form_photo.h); core/rules, the same call the wire
// path makes (core/sync's apply_push); one store_batch under the write lock, the same
// exactly-once path a device's push takes; the photos' bytes; the receipt.
//
// Exactly once without a schema change: the form's token is 32 random bytes. Its first half is
// the report's id (the idempotency key of every report), and the tracking code, the receipt
// secret and the photos' ids are SHA-256 of the whole token, so a second submit of the same
// form is the same report, byte for byte: the store answers "duplicate" and the page shows the
// first one's receipt. An officer sees the id but never the token's second half, so the id
// gives no one the receipt secret. Form reports are stored as pushed by the device "lapor",
// which has no row in devices: no one can authenticate as it or pull its events.
// The channel is `web`: the form is the website, as the portal is; the device id tells them apart.
#include <cstdlib>

#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/sync/server_apply.h"
#include "shell/server/api_common.h"
#include "shell/server/client_address.h"
#include "shell/server/derived_ids.h"
#include "shell/server/form_photo.h"
#include "shell/server/lapor_page.h"

namespace aduan::server {
namespace {

constexpr std::string_view kFormDevice = "lapor";
constexpr std::size_t kTokenBytes = 32;

bool is_token(std::string_view token) {
  return token.size() == 2 * kTokenBytes &&
         token.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

struct FromToken {
  domain::ReportId id;
  std::string tracking_code;
  std::string receipt_secret;
};

FromToken from_token(std::string_view token) {
  FromToken out;
  out.id = domain::ReportId::parse(token.substr(0, 32)).value_or(domain::ReportId{});
  auto ids = derived_ids(token);
  out.tracking_code = std::move(ids.tracking_code);
  out.receipt_secret = std::move(ids.receipt_secret);
  return out;
}

std::string field(const httplib::Request& request, const char* name) {
  if (request.has_file(name)) return request.get_file_value(name).content;
  return request.get_param_value(name);
}

std::string language_of(const httplib::Request& request) {
  return field(request, "lang") == "en" ? "en" : "id";
}

LaporForm read_form(const httplib::Request& request) {
  LaporForm form;
  form.token = field(request, "token");
  form.started = field(request, "started");
  form.classification = field(request, "classification");
  form.title = field(request, "title");
  form.body = field(request, "body");
  form.incident_date = field(request, "incident_date");
  form.region = field(request, "region");
  form.place = field(request, "place");
  form.category = field(request, "category");
  form.agency = field(request, "agency");
  form.anonymous = !field(request, "anonymous").empty();
  form.confidential = !field(request, "confidential").empty();
  form.contact_name = field(request, "contact_name");
  form.contact_phone = field(request, "contact_phone");
  form.contact_email = field(request, "contact_email");
  form.sms_consent = !field(request, "sms_consent").empty();
  return form;
}

// A date as typed, unchecked: the rules tell "required" from "invalid" and "in the future".
domain::CivilDate typed_date(const std::string& text) {
  if (text.empty()) return {};
  if (auto date = domain::parse_civil_date(text)) return *date;
  return {0, 0, 1};  // not a date: neither empty nor in the calendar
}

// The region the text names: a code, the one region it matches, or (several matching) none,
// with the matches offered as a choice.
std::string resolve_region(const domain::Catalog& catalog, const httplib::Request& request,
                           LaporForm& form) {
  std::string chosen = field(request, "region_code");
  if (!chosen.empty() && catalog.find_region(chosen)) return chosen;
  if (form.region.empty() || catalog.find_region(form.region)) return form.region;
  auto matches = catalog.search_regions(form.region, 8);
  if (matches.size() == 1) return matches.front()->code;
  for (const auto* match : matches)
    if (match->name.size() == form.region.size() &&
        std::equal(match->name.begin(), match->name.end(), form.region.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      return match->code;
  form.region_choices = matches;
  return matches.empty() ? form.region : "";
}

struct Photos {
  std::vector<std::string> bytes;  // re-encoded, in report.attachments' order
  std::vector<rules::Problem> problems;
  bool any_chosen = false;
};

Photos read_photos(const httplib::Request& request, std::string_view token,
                   domain::Report& report) {
  Photos photos;
  auto [begin, end] = request.files.equal_range("photo");
  std::size_t index = 0;
  for (auto part = begin; part != end; ++part) {
    if (part->second.filename.empty() && part->second.content.empty()) continue;  // none chosen
    photos.any_chosen = true;
    const std::string field_name = "attachments[" + std::to_string(index) + "]";
    if (++index > rules::kMaxAttachments) {
      photos.problems.push_back({"attachments", "rules.attachments.too_many"});
      break;
    }
    auto photo = reencode_form_photo(part->second.content);
    if (!photo) {
      photos.problems.push_back({field_name, photo.error().code});
      continue;
    }
    report.attachments.push_back({derived_hex(token, "photo" + std::to_string(index))
                                      .substr(0, rules::kAttachmentIdHexDigits),
                                  "image/jpeg", photo.value().jpeg.size(),
                                  domain::sha256_hex(photo.value().jpeg)});
    photos.bytes.push_back(std::move(photo.value().jpeg));
  }
  return photos;
}

domain::Report build_report(const LaporForm& form, const FromToken& ids, std::string region_code,
                            domain::Timestamp now) {
  domain::Report report;
  report.id = ids.id;
  report.tracking_code = ids.tracking_code;
  report.receipt_secret = ids.receipt_secret;
  // An unknown type is kept as one, so the rules name it rather than a default hiding it.
  report.classification = domain::parse_classification(form.classification)
                              .value_or(static_cast<domain::Classification>(0xFF));
  report.title = form.title;
  report.body = form.body;
  report.incident_date = typed_date(form.incident_date);
  report.location.region_code = std::move(region_code);
  report.location.place = form.place;
  report.category_id = form.category;
  report.agency_id = form.agency;
  report.anonymous = form.anonymous;
  report.confidential = form.confidential;
  if (!form.contact_name.empty() || !form.contact_phone.empty() || !form.contact_email.empty())
    report.contact =
        domain::ReporterContact{form.contact_name, form.contact_phone, form.contact_email};
  // News by SMS needs a number, and an anonymous reporter is never texted.
  report.sms_consent = form.sms_consent && !form.anonymous && !form.contact_phone.empty();
  report.channel = domain::Channel::web;
  char* end = nullptr;
  const long long started = std::strtoll(form.started.c_str(), &end, 10);
  // The form's render time, as a device's created_at; a forged one changes nothing but itself.
  report.created_at =
      (!form.started.empty() && *end == '\0' && started > 0 && started <= now) ? started : now;
  return report;
}

void answer_page(httplib::Response& response, int status, const std::string& html) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(html, "text/html; charset=utf-8");
}

// The bytes of each stored attachment we hold, from wherever its upload stopped.
Status store_photos(store::ServerRepository& store, const store::StoredReport& stored,
                    const domain::Report& sent, const Photos& photos) {
  for (const auto& attachment : stored.report.attachments) {
    std::size_t i = 0;
    while (i < sent.attachments.size() && sent.attachments[i].sha256_hex != attachment.sha256_hex)
      ++i;
    if (i == sent.attachments.size()) continue;  // a changed resubmit: the first one's photo
    const std::string report_id = stored.report.id.to_string();
    auto begun = store.begin_upload(
        {report_id, attachment.id, attachment.size_bytes, attachment.sha256_hex, 0, false});
    if (!begun) return begun.error();
    if (begun.value().complete) continue;
    const std::string& bytes = photos.bytes[i];
    const auto held = static_cast<std::size_t>(begun.value().bytes_held);
    auto appended = store.append_chunk(
        report_id, attachment.id, held,
        {reinterpret_cast<const std::uint8_t*>(bytes.data()) + held, bytes.size() - held});
    if (!appended) return appended.error();
  }
  return done();
}

void submit(ServerContext& context, RateLimiter& limiter, const httplib::Request& request,
            httplib::Response& response) {
  PageText text{&context.messages(), language_of(request), &context.catalog().catalog};
  std::int64_t retry_after_ms = 0;
  if (!limiter.allow(request_address(request), context.now(), &retry_after_ms)) {
    response.set_header("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
    return answer_lapor_refusal(context, request, response, 429);
  }
  const domain::Timestamp now = context.now();
  const auto& catalog = context.catalog().catalog;
  LaporForm form = read_form(request);
  std::vector<rules::Problem> problems;
  if (!is_token(form.token)) {
    problems.push_back({"token", "lapor.token.invalid"});
    form.token = domain::random_hex(kTokenBytes);
  }
  const FromToken ids = from_token(form.token);
  std::string region_code = resolve_region(catalog, request, form);
  if (catalog.find_region(region_code)) form.region_code = region_code;
  domain::Report report = build_report(form, ids, region_code, now);
  Photos photos = read_photos(request, form.token, report);

  // The reporter's "today" as the wire path reckons it (the easternmost zone's date).
  const sync::ServerContext apply{catalog, context.clock()};
  for (auto& problem :
       rules::validate_report(report, catalog, sync::civil_date_at(now, apply.local_offset_ms)))
    if (form.region_choices.empty() || problem.field != "location.region_code")
      problems.push_back(std::move(problem));
  if (!form.region_choices.empty())
    problems.push_back({"location.region_code", "lapor.region.choose"});
  problems.insert(problems.end(), photos.problems.begin(), photos.problems.end());
  if (!problems.empty()) {
    form.photos_dropped = photos.any_chosen;
    return answer_page(response, 422, lapor_form_html(form, problems, text));
  }

  auto* store = context.store();
  auto unavailable = [&] {
    answer_page(response, 503, lapor_message_html("lapor.unavailable", text));
  };
  if (!store) return unavailable();
  auto results = [&] {
    std::lock_guard writer(context.write_lock());
    return store->store_batch(kFormDevice, std::span<const domain::Report>(&report, 1), now);
  }();
  if (!results || results.value().size() != 1) return unavailable();
  const auto outcome = results.value().front().outcome;
  if (outcome == store::StoreOutcome::stored) context.add_reports_stored(1);
  auto stored = store->report(report.id);
  if (!stored || !stored.value()) return unavailable();
  // Only the token's holder can name this id with this code: anything else is not ours to show.
  if (stored.value()->device_id != kFormDevice ||
      stored.value()->report.tracking_code != ids.tracking_code)
    return answer_page(response, 409, lapor_message_html("lapor.token.invalid", text));
  if (!store_photos(*store, *stored.value(), report, photos)) return unavailable();

  const domain::Report& kept = stored.value()->report;
  LaporReceipt receipt{kept.tracking_code, kept.receipt_secret, kept.confidential,
                       outcome != store::StoreOutcome::stored, kept.attachments.size()};
  answer_page(response, 200, lapor_receipt_html(receipt, text));
}

}  // namespace

void answer_lapor_refusal(ServerContext& context, const httplib::Request& request,
                          httplib::Response& response, int status) {
  PageText text{&context.messages(), language_of(request), &context.catalog().catalog};
  answer_page(response, status,
              lapor_message_html(status == 413 ? "lapor.too_large" : "lapor.too_many", text));
}

void install_lapor_routes(RouteTable& routes, ServerContext& context) {
  // A submit writes a report with no device credentials, so it is limited like registering.
  auto submits = std::make_shared<RateLimiter>(context.config().register_burst,
                                               context.config().register_per_second);
  routes.get("/lapor", [&context](const httplib::Request& request, httplib::Response& response) {
    PageText text{&context.messages(), language_of(request), &context.catalog().catalog};
    LaporForm form;
    form.token = domain::random_hex(kTokenBytes);
    form.started = std::to_string(context.now());
    answer_page(response, 200, lapor_form_html(form, {}, text));
  });
  routes.post("/lapor",
              [&context, submits](const httplib::Request& request, httplib::Response& response) {
                submit(context, *submits, request, response);
              });
}

}  // namespace aduan::server
