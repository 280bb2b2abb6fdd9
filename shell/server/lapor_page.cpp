// shell/server/lapor_page.cpp: see lapor_page.h.
//
// Each field is a label, its control and then its problems, in the order of the portal's
// steps; a control with a problem carries aria-invalid and points at its message, so a screen
// reader says the problem on the field. Short attribute forms and one small style keep the page
// far under 15 KB (the server tests measure the largest case: every problem at once).
#include "shell/server/lapor_page.h"

#include <algorithm>

namespace aduan::server {
namespace {

constexpr std::string_view kStyle =
    ".f{margin-top:14px}label,legend{font-weight:bold}"
    "input,select,textarea{font:inherit;width:100%;box-sizing:border-box}"
    "input[type=radio],input[type=checkbox]{width:auto;min-height:0}.o{font-weight:normal}"
    ".e{color:#b00020;margin:2px 0}small{color:#555}button{margin-top:16px;padding:0 24px}";

std::string replace_one(std::string text, std::string_view value) {
  auto at = text.find("{1}");
  if (at != std::string::npos) text.replace(at, 3, value);
  return text;
}

class FormWriter {
 public:
  FormWriter(const PageText& text, const std::vector<rules::Problem>& problems)
      : text_(text), problems_(problems) {}

  std::string say(std::string_view key) const { return html_escape(page_say(text_, key)); }

  // Whether a problem names `field` or one of its elements ("attachments[2]").
  bool has_problem(std::string_view field) const {
    return std::any_of(problems_.begin(), problems_.end(),
                       [&](const rules::Problem& p) { return names(p, field); });
  }
  // The attributes of a control with problems: aria-invalid, and the id of its messages.
  std::string invalid_attributes(std::string_view id,
                                 std::initializer_list<std::string_view> fields) const {
    for (auto field : fields)
      if (has_problem(field)) return " aria-invalid=true aria-describedby=e-" + std::string(id);
    return "";
  }
  // Every problem of `fields`, as one block with the control's id.
  std::string errors(std::string_view id, std::initializer_list<std::string_view> fields) {
    std::string out;
    for (const auto& problem : problems_)
      for (auto field : fields)
        if (names(problem, field)) out += "<br>" + say(problem.code);
    if (out.empty()) return "";
    return "<div class=e id=e-" + std::string(id) + ">" + out.substr(4) + "</div>";
  }
  void claim(std::initializer_list<std::string_view> fields) {
    for (auto field : fields) claimed_.emplace_back(field);
  }
  // Problems no field shows (a forged token), for the top of the page.
  std::vector<std::string> unclaimed() const {
    std::vector<std::string> out;
    for (const auto& problem : problems_)
      if (std::none_of(claimed_.begin(), claimed_.end(),
                       [&](const std::string& f) { return names(problem, f); }))
        out.push_back(problem.code);
    return out;
  }

 private:
  static bool names(const rules::Problem& problem, std::string_view field) {
    return problem.field == field || (problem.field.size() > field.size() &&
                                      problem.field.compare(0, field.size(), field) == 0 &&
                                      problem.field[field.size()] == '[');
  }
  const PageText& text_;
  const std::vector<rules::Problem>& problems_;
  std::vector<std::string> claimed_;
};

std::string option(std::string_view value, std::string_view label, bool selected) {
  return "<option value=\"" + html_escape(value) + "\"" + (selected ? " selected" : "") + ">" +
         html_escape(label) + "</option>";
}

// Whether `agency` serves `region_code`: a national one, or one of that region or its province.
bool serves(const domain::Agency& agency, std::string_view region_code) {
  const std::string_view own = agency.region_code;
  return own.empty() || region_code == own ||
         (region_code.size() > own.size() && region_code.starts_with(own) &&
          region_code[own.size()] == '.');
}

// The agencies' options: every agency while they fit kAgencyOptionsBytes (the shipped catalog's
// 38 take 3 KB). A deployment's larger catalog offers only the national agencies and those of
// the region the form names (none yet on a fresh form), and the one already chosen: 80 bytes an
// agency, a catalog of every regency's services would be tens of KB.
std::string agency_options(const domain::Catalog& catalog, const LaporForm& form) {
  constexpr std::size_t kAgencyOptionsBytes = 4 * 1024;
  std::string all;
  for (const auto& agency : catalog.agencies())
    all += option(agency.id, agency.name, form.agency == agency.id);
  if (all.size() <= kAgencyOptionsBytes) return all;
  std::string some;
  for (const auto& agency : catalog.agencies())
    if (serves(agency, form.region_code) || form.agency == agency.id)
      some += option(agency.id, agency.name, form.agency == agency.id);
  return some;
}

std::string other_language(std::string_view language) {
  return language == "en" ? "id" : "en";
}

}  // namespace

std::string page_say(const PageText& text, std::string_view key) {
  if (!text.messages) return std::string(key);
  return std::string(text.messages->lookup(text.language, key));
}

std::string lapor_form_html(const LaporForm& form, const std::vector<rules::Problem>& problems,
                            const PageText& text) {
  FormWriter w(text, problems);
  const std::string lang = text.language;
  std::string body;
  // One text field: label, control, hint, problems.
  auto field = [&](std::string_view id, std::string_view label_key, std::string_view control,
                   std::initializer_list<std::string_view> fields, std::string_view hint_key = {}) {
    w.claim(fields);
    // Breaks, not style, put each part on its line: text browsers (w3m, lynx) ignore CSS.
    body += "<div class=f><label for=" + std::string(id) + ">" + w.say(label_key) + "</label><br>" +
            std::string(control);
    if (!hint_key.empty()) body += "<br><small>" + w.say(hint_key) + "</small>";
    body += w.errors(id, fields) + "</div>";
  };
  auto input = [&](std::string_view id, std::string_view type, const std::string& value,
                   std::size_t max, std::initializer_list<std::string_view> fields) {
    return "<input id=" + std::string(id) + " name=" + std::string(id) +
           " type=" + std::string(type) + (max ? " maxlength=" + std::to_string(max) : "") +
           " value=\"" + html_escape(value) + "\"" + w.invalid_attributes(id, fields) + ">";
  };

  body +=
      // English rides in the action too: a submit refused before its body is read (too large,
      // too many) is answered in the form's language (answer_lapor_refusal).
      "<form method=post action=" + std::string(lang == "en" ? "\"/lapor?lang=en\"" : "/lapor") +
      " enctype=multipart/form-data>"
      "<input type=hidden name=token value=\"" +
      html_escape(form.token) + "\"><input type=hidden name=started value=\"" +
      html_escape(form.started) + "\"><input type=hidden name=lang value=" + html_escape(lang) +
      ">";

  w.claim({"classification"});
  body += "<fieldset class=f><legend>" + w.say("form.classification") + "</legend>";
  for (auto kind : {domain::Classification::complaint, domain::Classification::aspiration,
                    domain::Classification::information_request}) {
    const std::string value(domain::to_string(kind));
    body += "<label class=o><input type=radio name=classification value=" + value +
            (form.classification == value ? " checked" : "") + "> " +
            w.say("classification." + value) + "</label><br>";
  }
  body += w.errors("classification", {"classification"}) + "</fieldset>";

  field("title", "form.title", input("title", "text", form.title, rules::kTitleMaxChars, {"title"}),
        {"title"}, "form.title_hint");
  field("body", "form.body",
        "<textarea id=body name=body rows=6" + w.invalid_attributes("body", {"body"}) + ">" +
            html_escape(form.body) + "</textarea>",
        {"body"}, "form.body_hint");
  field("incident_date", "form.incident_date",
        input("incident_date", "date", form.incident_date, 10, {"incident_date"}),
        {"incident_date"}, "form.date_hint");

  std::string region = input("region", "text", form.region, 80, {"location.region_code"});
  if (!form.region_choices.empty()) {
    region += "<select name=region_code aria-label=\"" + w.say("form.region") + "\">" +
              option("", "-", true);
    for (const auto* choice : form.region_choices)
      region += option(choice->code, choice->name, false);
    region += "</select>";
  }
  field("region", "form.region", region, {"location.region_code", "location.coordinates"},
        "lapor.region_hint");
  field("place", "form.place",
        input("place", "text", form.place, rules::kPlaceMaxChars, {"location.place"}),
        {"location.place"}, "form.place_hint");

  std::string categories = "<select id=category name=category" +
                           w.invalid_attributes("category", {"category_id"}) + ">" +
                           option("", "-", form.category.empty());
  for (const auto& category : text.catalog->categories())
    categories += option(category.id, lang == "en" ? category.name_en : category.name_id,
                         form.category == category.id);
  field("category", "form.category", categories + "</select>", {"category_id"});

  std::string agencies = "<select id=agency name=agency" +
                         w.invalid_attributes("agency", {"agency_id"}) + ">" +
                         option("", page_say(text, "form.agency_not_sure"), form.agency.empty()) +
                         agency_options(*text.catalog, form);
  field("agency", "form.agency", agencies + "</select>", {"agency_id"}, "form.agency_hint");

  w.claim({"attachments"});
  body += "<div class=f><label for=photo>" + w.say("lapor.photos") +
          "</label><br><input id=photo name=photo "
          "type=file accept=\"image/jpeg,image/png,image/webp\" multiple" +
          w.invalid_attributes("photo", {"attachments"}) + "><br><small>" +
          w.say("lapor.photos_hint") + "</small>";
  std::string photo_errors = w.errors("photo", {"attachments"});
  if (form.photos_dropped)
    photo_errors =
        photo_errors.empty()
            ? "<div class=e id=e-photo>" + w.say("lapor.photos_again") + "</div>"
            : photo_errors.insert(photo_errors.size() - 6, "<br>" + w.say("lapor.photos_again"));
  body += photo_errors + "</div>";

  body += "<div class=f><label class=o><input type=checkbox name=anonymous value=1" +
          std::string(form.anonymous ? " checked" : "") + "> " + w.say("form.anonymous") +
          "</label><br><label class=o><input type=checkbox name=confidential value=1" +
          (form.confidential ? " checked" : "") + "> " + w.say("form.confidential") +
          "</label></div>";
  body += "<h2>" + w.say("form.contact_heading") + "</h2><p><small>" + w.say("form.contact_hint") +
          "</small></p>";
  field("contact_name", "form.contact_name",
        input("contact_name", "text", form.contact_name, rules::kContactNameMaxChars,
              {"contact.name"}),
        {"contact.name"});
  field("contact_phone", "form.contact_phone",
        input("contact_phone", "tel", form.contact_phone, 32, {"contact.phone", "contact"}),
        {"contact.phone", "contact"});
  field("contact_email", "form.contact_email",
        input("contact_email", "email", form.contact_email, 254, {"contact.email"}),
        {"contact.email"});
  body += "<div class=f><label class=o><input type=checkbox name=sms_consent value=1" +
          std::string(form.sms_consent ? " checked" : "") + "> " + w.say("form.sms_consent") +
          "</label><br><small>" + w.say("form.sms_consent_explained") + "</small></div>";
  body += "<button>" + w.say("form.submit") + "</button></form>";

  std::string top = "<p><a href=\"/lapor?lang=" + other_language(lang) +
                    "\" hreflang=" + other_language(lang) + ">" + w.say("lapor.other_language") +
                    "</a></p><h2>" + w.say("lapor.title") + "</h2><p>" + w.say("lapor.intro") +
                    "</p>";
  if (!problems.empty()) {
    top += "<p class=e role=alert>" +
           html_escape(
               replace_one(page_say(text, "form.problem_count"), std::to_string(problems.size()))) +
           "</p>";
    for (const auto& code : w.unclaimed()) top += "<p class=e>" + w.say(code) + "</p>";
  }
  return html_page_start(lang, page_say(text, "lapor.title"), kStyle) + top + body +
         "</body></html>";
}

std::string lapor_receipt_html(const LaporReceipt& receipt, const PageText& text) {
  auto say = [&](std::string_view key) { return html_escape(page_say(text, key)); };
  std::string html = html_page_start(text.language, page_say(text, "receipt.title"), kStyle) +
                     "<h2>" + say("receipt.title") + "</h2>";
  if (receipt.sent_before) html += "<p>" + say("lapor.sent_before") + "</p>";
  html += "<p>" + say("receipt.code_label") + "</p><p class=code id=code>" +
          html_escape(receipt.tracking_code) + "</p><p>" + say("receipt.keep_code") + "</p>";
  if (receipt.confidential)
    html += "<p>" + say("receipt.secret_label") + ":</p><p class=code id=secret>" +
            html_escape(receipt.receipt_secret) + "</p><p>" + say("receipt.secret_hint") + "</p>";
  if (receipt.photos > 0)
    html += "<p>" +
            html_escape(
                replace_one(page_say(text, "lapor.photos_saved"), std::to_string(receipt.photos))) +
            "</p>";
  html += "<p><a href=\"/t/" + html_escape(receipt.tracking_code) + "\">" + say("track.title") +
          "</a></p><p><a href=\"/lapor?lang=" + html_escape(text.language) + "\">" +
          say("lapor.another") + "</a></p></body></html>";
  return html;
}

std::string lapor_message_html(std::string_view message_key, const PageText& text) {
  return html_page_start(text.language, page_say(text, "lapor.title"), kStyle) + "<p class=e>" +
         html_escape(page_say(text, message_key)) +
         "</p><p><a href=\"/lapor?lang=" + html_escape(text.language) + "\">" +
         html_escape(page_say(text, "lapor.title")) + "</a></p></body></html>";
}

}  // namespace aduan::server
