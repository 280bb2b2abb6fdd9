// shell/server/tracking.h: what anyone holding a tracking code may see of a report.
//
// Owns the public view (status, timeline, agency answers, category and region; never the
// reporter, contact, title or text of the report) and the sender's view (the public view plus
// title and text), and their two renderings: JSON for apps, and a plain HTML page with no
// JavaScript for any browser, a feature phone's included. A confidential report is shown only
// with its receipt secret; without it, it is "not found", so its existence is not revealed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/domain/catalog.h"
#include "core/i18n/messages.h"
#include "core/store/server_store.h"

namespace aduan::server {

struct TrackingView {
  std::string tracking_code;
  std::string status;
  std::string classification;
  std::string category_id;
  std::string region_code;
  std::string agency_id;
  domain::Timestamp received_at = 0;
  struct Step {
    std::string status;
    domain::Timestamp at = 0;
    std::string agency_id;
  };
  std::vector<Step> timeline;
  struct Answer {
    std::string agency_id;
    domain::Timestamp at = 0;
    std::string text;
  };
  std::vector<Answer> answers;
  bool senders_view = false;  // title and body below are filled only then
  std::string title;
  std::string body;
};

// nullopt when there is no such report, or it is confidential and the secret does not match.
std::optional<TrackingView> make_tracking_view(const store::StoredReport& report,
                                               const std::vector<store::ServerEvent>& events,
                                               std::string_view receipt_secret);

std::string tracking_json(const TrackingView& view);

struct PageText {
  const i18n::Messages* messages = nullptr;
  std::string language = "id";
  const domain::Catalog* catalog = nullptr;
};
// The whole HTML page: the view, or a "not found" message when view is null; always with a
// form to look up another code.
std::string tracking_html(const TrackingView* view, std::string_view asked_code, const PageText& text);

std::string html_escape(std::string_view text);

// The start of every plain HTML page the server renders (this one and the form, lapor_page.h):
// doctype, language, viewport, title and the shared inline style, up to and including the
// <body> and its heading. `extra_css` is appended to the shared style. No script, ever.
std::string html_page_start(std::string_view language, std::string_view title, std::string_view extra_css = {});

}  // namespace aduan::server
