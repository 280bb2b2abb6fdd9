// shell/portal/screen_home.cpp: the first screen: what Aduan is for and the ways in.
//
// A reopened app that holds an unfinished report offers to continue it first, because the
// promise is that nothing typed is lost; discarding it is a deliberate second button.
#include "shell/portal/portal_state.h"
#include "shell/ui/program.h"

namespace aduan::app {

void draw_home(PortalState& state) {
  ui::heading(state.t("app.title"));
  ui::text(state.t("app.tagline"));

  if (auto* store = state.store(); store && state.draft_revision != state.revision) {
    state.draft_revision = state.revision;
    state.open_draft.reset();
    if (auto drafts = store->drafts(); drafts && !drafts.value().empty())
      state.open_draft = drafts.value().front();
  }
  if (state.open_draft) {
    const auto& fields = state.open_draft->fields;
    auto title = fields.find("title");
    ui::heading(state.t("home.draft_heading"), 2);
    ui::text(title != fields.end() && !title->second.empty()
                 ? state.format("home.draft_named", {title->second})
                 : std::string(state.t("home.draft_untitled")));
    ui::muted(state.format("home.draft_saved_at", {format_time(state.open_draft->updated_at)}));
    if (ui::button("home.continue_draft", state.t("home.continue_draft"))) {
      open_form(state, &*state.open_draft);
      return;
    }
    if (ui::button("home.discard_draft", state.t("home.discard_draft"),
                   ui::ButtonKind::secondary)) {
      if (auto* store = state.store()) (void)store->delete_draft(state.open_draft->id);
      state.open_draft.reset();
      state.changed();
    }
  }

  if (ui::button("home.new_report", state.t("nav.new_report"),
                 state.open_draft ? ui::ButtonKind::secondary : ui::ButtonKind::primary)) {
    open_form(state, nullptr);
    return;
  }
  if (ui::button("home.my_reports", state.t("nav.my_reports"), ui::ButtonKind::secondary))
    state.go(ScreenId::my_reports);
  if (ui::button("home.track", state.t("nav.track_code"), ui::ButtonKind::secondary))
    state.go(ScreenId::track);
  if (ui::button("home.claim", state.t("claim.title"), ui::ButtonKind::secondary)) {
    open_claim(state);
    return;
  }
  if (ui::button("home.outbox", state.t("nav.outbox"), ui::ButtonKind::secondary))
    state.go(ScreenId::outbox);
  if (ui::button("home.settings", state.t("nav.settings"), ui::ButtonKind::secondary))
    state.go(ScreenId::settings);
  // For officers and the public: the console and the agencies' figures, another program on a
  // page of its own (shell/console), downloaded only by those who open it.
  if (ui::button("home.officer", state.t("console.entry"), ui::ButtonKind::link))
    ui::open_page("console.html");
  if (ui::button("home.dashboard", state.t("dashboard.entry"), ui::ButtonKind::link))
    ui::open_page("console.html#dashboard");
}

}  // namespace aduan::app
