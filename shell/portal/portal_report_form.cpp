// shell/portal/portal_report_form.cpp: the report form as a draft, as a report, and "Kirim".
//
// Owns turning what was typed into a domain::Report, validating it with core/rules (the same
// rules the server applies, so what the device accepts the server accepts), and saving it with
// its photos and its outbox row in one LocalStore transaction that also deletes the draft.
// Does not draw anything (screen_new_report.cpp does).
//
// The draft is the form's fields byte for byte, saved on every change: a reload, a crash or a
// closed tab loses nothing typed. Photos are not in the draft: they are large, and a draft is
// written on every keystroke; they stay in memory until the report is saved with them.
#include <charconv>
#include <string>

#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

domain::CivilDate parse_typed_date(std::string_view text) {
  if (text.empty()) return {};
  if (auto date = domain::parse_civil_date(text)) return *date;
  // Three numbers between hyphens, each checked by the rules ("2026-13-40" is "invalid");
  // anything else is not a date at all: "invalid" too, never "required".
  int parts[3] = {0, 0, 0};
  std::size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    const char* begin = text.data() + at;
    const char* end = text.data() + text.size();
    auto [next, error] = std::from_chars(begin, end, parts[i]);
    if (error != std::errc() || next == begin) return {1, 0, 0};
    at = static_cast<std::size_t>(next - text.data());
    if (i < 2) {
      if (at >= text.size() || text[at] != '-') return {1, 0, 0};
      ++at;
    }
  }
  if (at != text.size()) return {1, 0, 0};
  return {parts[0], parts[1], parts[2]};
}

domain::Report build_report(const ReportForm& form, domain::Timestamp now) {
  domain::Report report;
  report.id = domain::ReportId::random();
  report.tracking_code = domain::make_tracking_code();
  report.receipt_secret = domain::random_hex(16);
  report.classification =
      domain::parse_classification(form.classification).value_or(domain::Classification::complaint);
  report.title = form.title;
  report.body = form.body;
  report.incident_date = parse_typed_date(form.date);
  report.location.region_code = form.region;
  report.location.place = form.place;
  report.category_id = form.category;
  report.agency_id = form.agency == "-" ? "" : form.agency;
  for (const auto& photo : form.photos) {
    domain::Attachment attachment;
    attachment.id = domain::random_hex(16);
    attachment.media_type = photo.media_type;
    attachment.size_bytes = photo.bytes.size();
    attachment.sha256_hex = domain::sha256_hex(std::span<const std::uint8_t>(photo.bytes));
    report.attachments.push_back(std::move(attachment));
  }
  report.anonymous = form.anonymous;
  report.confidential = form.confidential;
  if (!form.contact_name.empty() || !form.contact_phone.empty() || !form.contact_email.empty())
    report.contact =
        domain::ReporterContact{form.contact_name, form.contact_phone, form.contact_email};
  // News by SMS needs a number, and an anonymous reporter is never texted.
  report.sms_consent = form.sms_consent && !form.anonymous && !form.contact_phone.empty();
  report.channel = domain::Channel::web;
  if (form.on_behalf) {
    report.channel = domain::Channel::assisted;
    report.on_behalf =
        domain::OnBehalf{form.citizen_name, form.citizen_phone,
                         domain::Consent{form.consent_given,
                                         form.consent_method == 1 ? domain::ConsentMethod::written
                                                                  : domain::ConsentMethod::spoken,
                                         form.consent_witness}};
  }
  report.created_at = now;
  return report;
}

std::uint64_t payload_estimate(const domain::Report& report) {
  std::uint64_t bytes =
      160 + report.title.size() + report.body.size() + report.location.place.size();
  if (report.contact) bytes += report.contact->name.size() + report.contact->phone.size() + 32;
  if (report.on_behalf) bytes += report.on_behalf->citizen_name.size() + 48;
  return bytes + 120 * report.attachments.size();
}

// Which narrow-screen step holds a field: what, where, who, privacy.
int step_of(std::string_view field) {
  if (field.starts_with("location")) return 1;
  if (field == "category_id" || field == "agency_id") return 2;
  if (field.starts_with("contact") || field.starts_with("on_behalf")) return 3;
  return 0;
}

std::string flag(bool value) {
  return value ? "1" : "0";
}

}  // namespace

void open_form(PortalState& state, const store::Draft* draft) {
  state.form = ReportForm{};
  if (draft) {
    auto get = [&](const char* key) {
      auto it = draft->fields.find(key);
      return it == draft->fields.end() ? std::string() : it->second;
    };
    ReportForm& form = state.form;
    form.draft_id = draft->id;
    if (auto c = get("classification"); !c.empty()) form.classification = c;
    form.title = get("title");
    form.body = get("body");
    form.date = get("date");
    form.region = get("region");
    form.place = get("place");
    form.category = get("category");
    form.agency = get("agency");
    form.anonymous = get("anonymous") == "1";
    form.confidential = get("confidential") == "1";
    form.contact_name = get("contact_name");
    form.contact_phone = get("contact_phone");
    form.contact_email = get("contact_email");
    form.sms_consent = get("sms_consent") == "1";
    form.on_behalf = get("on_behalf") == "1";
    form.citizen_name = get("citizen_name");
    form.citizen_phone = get("citizen_phone");
    form.consent_given = get("consent_given") == "1";
    form.consent_method = get("consent_method") == "1" ? 1 : 0;
    form.consent_witness = get("consent_witness");
    form.step = std::atoi(get("step").c_str());
    if (form.step < 0 || form.step > 4) form.step = 0;
  } else {
    state.form.date = domain::to_string(local_today(state.services.now()));
  }
  state.go(ScreenId::new_report);
}

void autosave(PortalState& state) {
  auto* store = state.store();
  if (!store) return;
  ReportForm& form = state.form;
  if (form.draft_id.empty()) form.draft_id = domain::random_hex(16);
  store::Draft draft;
  draft.id = form.draft_id;
  draft.updated_at = state.services.now();
  draft.fields = {{"classification", form.classification},
                  {"title", form.title},
                  {"body", form.body},
                  {"date", form.date},
                  {"region", form.region},
                  {"place", form.place},
                  {"category", form.category},
                  {"agency", form.agency},
                  {"anonymous", flag(form.anonymous)},
                  {"confidential", flag(form.confidential)},
                  {"contact_name", form.contact_name},
                  {"contact_phone", form.contact_phone},
                  {"contact_email", form.contact_email},
                  {"sms_consent", flag(form.sms_consent)},
                  {"on_behalf", flag(form.on_behalf)},
                  {"citizen_name", form.citizen_name},
                  {"citizen_phone", form.citizen_phone},
                  {"consent_given", flag(form.consent_given)},
                  {"consent_method", std::to_string(form.consent_method)},
                  {"consent_witness", form.consent_witness},
                  {"step", std::to_string(form.step)}};
  if (auto saved = store->save_draft(draft); !saved) {
    form.save_error = std::string(state.t("form.draft_not_saved"));
  } else {
    form.save_error.clear();
  }
  state.draft_revision = 0;  // the home screen reads the draft again
}

void revalidate(PortalState& state) {
  ReportForm& form = state.form;
  if (!form.tried || !state.catalog) return;
  const auto report = build_report(form, state.services.now());
  form.problems = rules::validate_report(report, *state.catalog, local_today(state.services.now()));
}

std::string_view field_error(const PortalState& state, std::string_view field) {
  for (const auto& problem : state.form.problems) {
    std::string_view name = problem.field;
    if (name == field || (name.starts_with(field) && name.size() > field.size() &&
                          (name[field.size()] == '[' || name[field.size()] == '.')))
      return state.t(problem.code);
  }
  return {};
}

bool send_report(PortalState& state) {
  ReportForm& form = state.form;
  auto* store = state.store();
  if (!store) return false;
  if (!state.catalog) {
    form.save_error = std::string(state.t("form.no_catalog"));
    return false;
  }
  const domain::Timestamp now = state.services.now();
  const domain::Report report = build_report(form, now);
  form.tried = true;
  form.problems = rules::validate_report(report, *state.catalog, local_today(now));
  if (!form.problems.empty()) {
    form.step = step_of(form.problems.front().field);
    return false;
  }
  std::vector<store::AttachmentContent> contents;
  for (std::size_t i = 0; i < form.photos.size(); ++i)
    contents.push_back({report.attachments[i].id, form.photos[i].bytes});
  auto saved = store->save_report(report, contents, payload_estimate(report), now, form.draft_id);
  if (!saved) {
    form.save_error =
        state.format("form.save_failed", {std::string(state.t(error_key(saved.error().code)))});
    return false;
  }
  state.receipt = ReceiptState{report.id, report.tracking_code,
                               state.services.committed_generation(), form.photos.size()};
  state.form = ReportForm{};
  state.draft_revision = 0;
  state.changed();
  if (auto* engine = state.services.sync()) (void)engine->tick(now);
  state.go(ScreenId::receipt);
  return true;
}

}  // namespace aduan::app
