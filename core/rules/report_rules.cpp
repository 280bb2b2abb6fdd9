// core/rules/report_rules.cpp: validate_report (see report_rules.h for the rules and bounds).
//
// One small check per field group, each appending to the same list, so a new rule is one
// function and one entry in kProblemCodes (a test fails if a code lacks a message).
#include "core/rules/report_rules.h"

#include <algorithm>
#include <cmath>

#include "core/rules/contact_rules.h"
#include "core/rules/text_rules.h"

namespace aduan::rules {
namespace {

constexpr std::string_view kProblemCodes[] = {
    "rules.title.required",         "rules.title.too_short",
    "rules.title.too_long",         "rules.title.bad_text",
    "rules.body.required",          "rules.body.too_short",
    "rules.body.too_long",          "rules.body.bad_text",
    "rules.classification.invalid", "rules.incident_date.required",
    "rules.incident_date.invalid",  "rules.incident_date.in_future",
    "rules.incident_date.too_old",  "rules.region.required",
    "rules.region.unknown",         "rules.place.too_long",
    "rules.place.bad_text",         "rules.coordinates.outside_indonesia",
    "rules.category.required",      "rules.category.unknown",
    "rules.agency.unknown",         "rules.attachments.too_many",
    "rules.attachment.bad_type",    "rules.attachment.too_large",
    "rules.attachment.empty",       "rules.contact.unreachable",
    "rules.contact_name.too_long",  "rules.contact_name.bad_text",
    "rules.phone.invalid",          "rules.email.invalid",
    "rules.receipt_secret.invalid", "rules.attachment.bad_id",
    "rules.attachment.bad_sha256",  "rules.on_behalf.required",
    "rules.on_behalf.not_assisted", "rules.on_behalf_name.too_long",
    "rules.on_behalf_name.bad_text", "rules.consent.needed_for_identity",
    "rules.consent.bad_method",     "rules.consent_witness.too_long",
    "rules.consent_witness.bad_text",
};

class Checker {
 public:
  explicit Checker(std::vector<Problem>& problems) : problems_(problems) {}

  void add(std::string field, std::string_view code) {
    problems_.push_back(Problem{std::move(field), std::string(code)});
  }

  // The rules every free-text field shares (text_rules.h). `topic` is the code's middle part.
  void text(std::string_view value, const char* field, std::string_view topic, bool required,
            std::size_t min_chars, std::size_t max_chars, bool multiline) {
    const TextProblem problem = check_text(value, {min_chars, max_chars, multiline, required});
    if (problem == TextProblem::none) return;
    std::string code = "rules.";
    code += topic;
    code += '.';
    code += problem_suffix(problem);
    add(field, code);
  }

 private:
  std::vector<Problem>& problems_;
};

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Our own calendar check rather than parse_civil_date: that one rejects years before 1900 as
// unparseable, but here a year like 1024 is a typo the reporter should hear about as "too old".
bool is_calendar_date(const domain::CivilDate& date) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1)
    return false;
  bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
  return date.day <= kDays[date.month - 1] + (date.month == 2 && leap ? 1 : 0);
}

void check_incident_date(const domain::CivilDate& date, domain::CivilDate today, Checker& check) {
  if (date == domain::CivilDate{}) {
    check.add("incident_date", "rules.incident_date.required");
  } else if (!is_calendar_date(date)) {
    check.add("incident_date", "rules.incident_date.invalid");
  } else if (date > today) {
    check.add("incident_date", "rules.incident_date.in_future");
  } else if (date < domain::CivilDate{today.year - kMaxIncidentAgeYears, today.month, today.day}) {
    check.add("incident_date", "rules.incident_date.too_old");
  }
}

void check_location(const domain::Location& location, const domain::Catalog& catalog,
                    Checker& check) {
  if (location.region_code.empty()) {
    check.add("location.region_code", "rules.region.required");
  } else if (!catalog.find_region(location.region_code)) {
    check.add("location.region_code", "rules.region.unknown");
  }
  check.text(location.place, "location.place", "place", false, 0, kPlaceMaxChars, false);
  if (location.coordinates) {
    auto [lat, lon] = *location.coordinates;
    const auto& box = kIndonesiaBox;
    // Written so NaN fails every comparison and so lands outside.
    bool inside = lat >= box.south && lat <= box.north && lon >= box.west && lon <= box.east;
    if (!inside) check.add("location.coordinates", "rules.coordinates.outside_indonesia");
  }
}

void check_attachments(const std::vector<domain::Attachment>& attachments, Checker& check) {
  if (attachments.size() > kMaxAttachments) check.add("attachments", "rules.attachments.too_many");
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    const auto& attachment = attachments[i];
    auto field = "attachments[" + std::to_string(i) + "]";
    auto allowed = std::find(std::begin(kAllowedMediaTypes), std::end(kAllowedMediaTypes),
                             attachment.media_type);
    if (allowed == std::end(kAllowedMediaTypes)) check.add(field, "rules.attachment.bad_type");
    // Hex fields by format and length: they name stored rows and files, and come back in URLs.
    if (!is_lowercase_hex(attachment.id, kAttachmentIdHexDigits))
      check.add(field, "rules.attachment.bad_id");
    if (!is_lowercase_hex(attachment.sha256_hex, 64))
      check.add(field, "rules.attachment.bad_sha256");
    if (attachment.size_bytes == 0) {
      check.add(field, "rules.attachment.empty");
    } else if (attachment.size_bytes > kMaxAttachmentBytes) {
      check.add(field, "rules.attachment.too_large");
    }
  }
}

void check_contact(const std::optional<domain::ReporterContact>& contact, Checker& check) {
  // An all-blank contact is the same as none: forms often hold an empty one.
  if (!contact || (is_blank(contact->name) && is_blank(contact->phone) && is_blank(contact->email)))
    return;
  check.text(contact->name, "contact.name", "contact_name", false, 0, kContactNameMaxChars, false);
  bool has_phone = !is_blank(contact->phone), has_email = !is_blank(contact->email);
  if (!has_phone && !has_email) check.add("contact", "rules.contact.unreachable");
  if (has_phone && !is_plausible_phone(contact->phone))
    check.add("contact.phone", "rules.phone.invalid");
  if (has_email && !is_plausible_email(contact->email))
    check.add("contact.email", "rules.email.invalid");
}

// A report for a citizen (protocol version 3) comes only through the assisted channel, and an
// assisted one always says for whom, even if that is "anonymous, consent refused". Without
// consent the official keeps nothing that identifies the citizen.
void check_on_behalf(const domain::Report& report, Checker& check) {
  const bool assisted = report.channel == domain::Channel::assisted;
  if (!report.on_behalf) {
    if (assisted) check.add("on_behalf", "rules.on_behalf.required");
    return;
  }
  if (!assisted) check.add("on_behalf", "rules.on_behalf.not_assisted");
  const auto& on_behalf = *report.on_behalf;
  check.text(on_behalf.citizen_name, "on_behalf.citizen_name", "on_behalf_name", false, 0,
             kContactNameMaxChars, false);
  const bool has_phone = !is_blank(on_behalf.citizen_phone);
  if (has_phone && !is_plausible_phone(on_behalf.citizen_phone))
    check.add("on_behalf.citizen_phone", "rules.phone.invalid");
  const auto& consent = on_behalf.consent;
  if (!consent.given && (has_phone || !is_blank(on_behalf.citizen_name)))
    check.add("on_behalf.consent", "rules.consent.needed_for_identity");
  if (consent.method != domain::ConsentMethod::spoken && consent.method != domain::ConsentMethod::written)
    check.add("on_behalf.consent.method", "rules.consent.bad_method");
  check.text(consent.witness, "on_behalf.consent.witness", "consent_witness", false, 0,
             kContactNameMaxChars, false);
}

}  // namespace

std::vector<Problem> validate_report(const domain::Report& report, const domain::Catalog& catalog,
                                     domain::CivilDate today) {
  std::vector<Problem> problems;
  Checker check(problems);
  // The secret that lets the sender alone see and close the report: made by the device as
  // random_hex(16); anything else is a device bug or an attack, never stored.
  if (!is_lowercase_hex(report.receipt_secret, kReceiptSecretHexDigits))
    check.add("receipt_secret", "rules.receipt_secret.invalid");
  check.text(report.title, "title", "title", true, kTitleMinChars, kTitleMaxChars, false);
  check.text(report.body, "body", "body", true, kBodyMinChars, kBodyMaxChars, true);
  using domain::Classification;
  auto kind = report.classification;  // a decoded enum may hold any value of its type
  if (kind != Classification::complaint && kind != Classification::aspiration &&
      kind != Classification::information_request)
    check.add("classification", "rules.classification.invalid");
  check_incident_date(report.incident_date, today, check);
  check_location(report.location, catalog, check);
  if (report.category_id.empty()) {
    check.add("category_id", "rules.category.required");
  } else if (!catalog.find_category(report.category_id)) {
    check.add("category_id", "rules.category.unknown");
  }
  if (!report.agency_id.empty() && !catalog.find_agency(report.agency_id))
    check.add("agency_id", "rules.agency.unknown");
  check_attachments(report.attachments, check);
  check_contact(report.contact, check);
  check_on_behalf(report, check);
  return problems;
}

std::vector<std::string> pending_details(const domain::Report& report) {
  std::vector<std::string> pending;
  if (report.location.region_code.empty()) pending.emplace_back("region");
  if (report.category_id.empty()) pending.emplace_back("category");
  return pending;
}

std::span<const std::string_view> problem_codes() { return kProblemCodes; }

std::string_view media_type_by_signature(std::string_view bytes) {
  const auto at = [bytes](std::size_t offset, std::string_view signature) {
    return bytes.size() >= offset + signature.size() &&
           bytes.substr(offset, signature.size()) == signature;
  };
  if (at(0, "\xFF\xD8\xFF")) return "image/jpeg";
  if (at(0, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (at(0, "RIFF") && at(8, "WEBP")) return "image/webp";
  if (at(0, "%PDF-")) return "application/pdf";
  return {};
}

}  // namespace aduan::rules
