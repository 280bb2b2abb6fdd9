// shell/portal/screen_new_report.cpp: the report form.
//
// On a wide screen (>= 720 px) the whole form is one page; on a phone it is five short steps
// (what, where, who, privacy, review), so the soft keyboard never hides which step one is on
// and "next" is always under the thumb. Both draw the same sections in the same order.
// Every change autosaves the draft; after the first "send", problems follow the typing and each
// is shown beside its field in the citizen's language (core/rules codes are catalog keys).
#include <string>

#include "core/rules/report_rules.h"
#include "shell/portal/portal_state.h"

namespace aduan::app {
namespace {

constexpr int kSteps = 5;
constexpr const char* kStepKeys[kSteps] = {"form.step.what", "form.step.where", "form.step.who",
                                           "form.step.privacy", "form.step.review"};
constexpr const char* kClassifications[] = {"pengaduan", "aspirasi", "permintaan_informasi"};

void build_pickers(PortalState& state) {
  PickerOptions& pickers = state.pickers;
  if (!state.catalog ||
      (pickers.catalog_revision == state.catalog_revision && pickers.language == state.language))
    return;
  const domain::Catalog& catalog = *state.catalog;
  pickers = PickerOptions{state.catalog_revision, state.language, {}, {}, {}};
  for (const auto& region : catalog.regions()) {
    const auto* parent = catalog.find_region(region.parent_code());
    pickers.regions.push_back({region.code, region.name, parent ? parent->name : std::string()});
  }
  pickers.agencies.push_back({"-", std::string(state.t("form.agency_not_sure")), ""});
  for (const auto& agency : catalog.agencies()) {
    const auto* region = catalog.find_region(agency.region_code);
    pickers.agencies.push_back(
        {agency.id, agency.name,
         region ? region->name : std::string(state.t("form.agency_national"))});
  }
  for (const auto& category : catalog.categories())
    pickers.categories.push_back(
        {category.id, state.language == "en" ? category.name_en : category.name_id, ""});
}

// Each section returns true when something in it changed.
bool section_what(PortalState& state) {
  ReportForm& form = state.form;
  bool changed = false;
  std::vector<std::string> labels;
  int selected = 0;
  for (int i = 0; i < 3; ++i) {
    labels.emplace_back(state.t(std::string("classification.") + kClassifications[i]));
    if (form.classification == kClassifications[i]) selected = i;
  }
  if (ui::radio_group("report.classification", state.t("form.classification"), labels, selected)) {
    form.classification = kClassifications[selected];
    changed = true;
  }
  ui::muted(state.t(std::string("form.classification_hint.") + form.classification));
  if (auto error = field_error(state, "classification"); !error.empty()) ui::error_text(error);

  changed |= ui::text_field("report.title", state.t("form.title"), form.title,
                            field_options(field_error(state, "title"), 600, ui::InputMode::text,
                                          state.t("form.title_hint"), true));
  changed |=
      ui::text_field("report.body", state.t("form.body"), form.body,
                     field_options(field_error(state, "body"), 20000, ui::InputMode::multiline,
                                   state.t("form.body_hint"), true));
  changed |= ui::text_field("report.date", state.t("form.incident_date"), form.date,
                            field_options(field_error(state, "incident_date"), 10,
                                          ui::InputMode::text, state.t("form.date_hint"), true));

  ui::heading(state.t("form.attachments"), 2);
  ui::muted(state.format("form.photos_limits", {std::to_string(rules::kMaxAttachments),
                                                format_bytes(rules::kMaxAttachmentBytes)}));
  std::uint64_t total = 0;
  for (const auto& photo : form.photos) total += photo.bytes.size();
  if (!form.photos.empty())
    ui::text(state.format("form.photos_count",
                          {std::to_string(form.photos.size()), format_bytes(total)}));
  for (std::size_t i = 0; i < form.photos.size(); ++i) {
    const bool document = form.photos[i].media_type == "application/pdf";
    ui::muted(state.format(document ? "form.attachment_document" : "form.attachment_photo",
                           {std::to_string(i + 1), format_bytes(form.photos[i].bytes.size())}));
  }
  if (auto error = field_error(state, "attachments"); !error.empty()) ui::error_text(error);
  if (!form.photo_error.empty()) ui::error_text(form.photo_error);
  if (form.photos.size() < rules::kMaxAttachments) {
    ui::photo_button("report.photo", state.t("form.add_photo"), [&state](ui::Photo photo) {
      if (state.screen != ScreenId::new_report) return;  // the form was sent or left meanwhile
      if (photo.bytes.empty()) {
        state.form.photo_error =
            std::string(state.t(photo.error.empty() ? "photo.unreadable" : photo.error));
        return;
      }
      // The page said what the file is; the bytes decide, as they do on the server.
      const std::string_view bytes(reinterpret_cast<const char*>(photo.bytes.data()),
                                   photo.bytes.size());
      if (rules::media_type_by_signature(bytes) != photo.media_type) {
        state.form.photo_error = std::string(state.t("photo.unreadable"));
        return;
      }
      if (photo.bytes.size() > rules::kMaxAttachmentBytes) {
        state.form.photo_error = std::string(state.t("photo.too_large"));
        return;
      }
      state.form.photo_error.clear();
      state.form.photos.push_back(std::move(photo));
      revalidate(state);
      ui::request_frame();
    });
  }
  if (!form.photos.empty() &&
      ui::button("report.photo_remove", state.t("form.remove_photo"), ui::ButtonKind::secondary)) {
    form.photos.pop_back();
    changed = true;
  }
  return changed;
}

bool section_where(PortalState& state) {
  ReportForm& form = state.form;
  bool changed = false;
  if (!state.catalog) ui::muted(state.t("form.no_catalog"));
  changed |= ui::picker("report.region", state.t("form.region"), state.pickers.regions, form.region,
                        field_error(state, "location.region_code"));
  changed |= ui::text_field("report.place", state.t("form.place"), form.place,
                            field_options(field_error(state, "location.place"), 800,
                                          ui::InputMode::text, state.t("form.place_hint")));
  return changed;
}

bool section_who(PortalState& state) {
  ReportForm& form = state.form;
  bool changed = false;
  changed |= ui::picker("report.category", state.t("form.category"), state.pickers.categories,
                        form.category, field_error(state, "category_id"));
  changed |= ui::picker("report.agency", state.t("form.agency"), state.pickers.agencies,
                        form.agency, field_error(state, "agency_id"));
  ui::muted(state.t("form.agency_hint"));
  return changed;
}

bool section_privacy(PortalState& state) {
  ReportForm& form = state.form;
  bool changed = false;
  // A village official's report: for whom and the consent come first (official_screens.cpp).
  if (form.on_behalf && state.mode != nullptr && state.mode->for_whom != nullptr)
    changed |= state.mode->for_whom(state);
  changed |= ui::checkbox("report.anonymous", state.t("form.anonymous"), form.anonymous,
                          state.t("form.anonymous_explained"));
  changed |= ui::checkbox("report.confidential", state.t("form.confidential"), form.confidential,
                          state.t("form.confidential_explained"));
  // The citizen's name and phone are the "for whom" part's; the official's own contact is not
  // asked.
  if (form.on_behalf) return changed;
  ui::heading(state.t("form.contact_heading"), 2);
  ui::muted(state.t(form.anonymous ? "form.contact_hint_anonymous" : "form.contact_hint"));
  if (auto error = field_error(state, "contact"); !error.empty() &&
                                                  field_error(state, "contact.phone").empty() &&
                                                  field_error(state, "contact.email").empty())
    ui::error_text(error);
  changed |= ui::text_field("report.contact_name", state.t("form.contact_name"), form.contact_name,
                            field_options(field_error(state, "contact.name"), 400));
  changed |=
      ui::text_field("report.contact_phone", state.t("form.contact_phone"), form.contact_phone,
                     field_options(field_error(state, "contact.phone"), 40, ui::InputMode::tel));
  changed |=
      ui::text_field("report.contact_email", state.t("form.contact_email"), form.contact_email,
                     field_options(field_error(state, "contact.email"), 254, ui::InputMode::email));
  // Anonymous reports are never texted: the choice is not offered.
  if (!form.anonymous)
    changed |= ui::checkbox("report.sms_consent", state.t("form.sms_consent"), form.sms_consent,
                            state.t("form.sms_consent_explained"));
  return changed;
}

std::string picked_label(const std::vector<ui::PickerOption>& options, const std::string& value) {
  for (const auto& option : options)
    if (option.value == value) return option.label;
  return "-";
}

void review(PortalState& state) {
  const ReportForm& form = state.form;
  ui::text(state.t(std::string("classification.") + form.classification));
  ui::heading(form.title.empty() ? "-" : form.title, 2);
  ui::text(form.body);
  ui::muted(std::string(state.t("form.incident_date")) + ": " + form.date);
  ui::muted(std::string(state.t("form.region")) + ": " +
            picked_label(state.pickers.regions, form.region) +
            (form.place.empty() ? "" : " · " + form.place));
  ui::muted(std::string(state.t("form.category")) + ": " +
            picked_label(state.pickers.categories, form.category));
  ui::muted(std::string(state.t("form.agency")) + ": " +
            picked_label(state.pickers.agencies, form.agency));
  if (form.anonymous) ui::muted(state.t("form.anonymous"));
  if (form.confidential) ui::muted(state.t("form.confidential"));
  if (!form.problems.empty())
    ui::error_text(state.format("form.problem_count", {std::to_string(form.problems.size())}));
}

void send_button(PortalState& state) {
  if (!state.form.save_error.empty()) ui::error_text(state.form.save_error);
  if (ui::button("report.send", state.t("form.submit"))) send_report(state);
}

}  // namespace

void draw_new_report(PortalState& state) {
  build_pickers(state);
  ReportForm& form = state.form;
  ui::heading(state.t("nav.new_report"));
  bool changed = false;
  if (state.wide) {
    ui::heading(state.t("form.step.what"), 2);
    changed |= section_what(state);
    ui::heading(state.t("form.step.where"), 2);
    changed |= section_where(state);
    ui::heading(state.t("form.step.who"), 2);
    changed |= section_who(state);
    ui::heading(state.t("form.step.privacy"), 2);
    changed |= section_privacy(state);
    if (!form.problems.empty())
      ui::error_text(state.format("form.problem_count", {std::to_string(form.problems.size())}));
    send_button(state);
  } else {
    ui::muted(
        state.format("form.step_of", {std::to_string(form.step + 1), std::to_string(kSteps)}));
    ui::heading(state.t(kStepKeys[form.step]), 2);
    switch (form.step) {
      case 0: changed |= section_what(state); break;
      case 1: changed |= section_where(state); break;
      case 2: changed |= section_who(state); break;
      case 3: changed |= section_privacy(state); break;
      default: review(state); break;
    }
    if (form.step < kSteps - 1) {
      if (ui::button("report.next", state.t("form.next"))) {
        ++form.step;
        changed = true;
      }
    } else {
      send_button(state);
    }
    if (form.step > 0 &&
        ui::button("report.back", state.t("form.back"), ui::ButtonKind::secondary)) {
      --form.step;
      changed = true;
    }
  }
  if (state.screen != ScreenId::new_report) return;  // sent: the form is gone
  if (changed) {
    revalidate(state);
    autosave(state);
  }
  ui::muted(state.t(form.draft_id.empty() ? "form.autosave_hint" : "form.draft_saved"));
}

}  // namespace aduan::app
