// shell/server/lapor_page.h: the plain HTML report form at /lapor and its receipt, as HTML.
//
// Owns the two pages' markup: every field of the portal's form, each problem of core/rules
// beside the field it names (its message from the catalogs, in Bahasa Indonesia or English),
// the language link, and the receipt with the tracking code (and the secret of a confidential
// report), and the page for a submit refused before its body is read. Does not own reading the
// request, the rules or storing (api_lapor.cpp).
//
// Shaped for the phones the portal cannot reach (Opera Mini's data-saving mode, KaiOS, old
// WebViews): no script, one small inline style, one <form> with a file input, and at most
// 15 KB with any set of errors, so the region is a text field matched on the server (the 552
// regions as a <select> would be 20 KB) and only the few regions a typed name matches are
// offered as a choice, and a large catalog's agencies are narrowed to the named region's and
// the national ones (lapor_page.cpp).
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>
#include <vector>

#include "core/domain/catalog.h"
#include "core/rules/report_rules.h"
#include "shell/server/tracking.h"

namespace aduan::server {

class ServerContext;

// The form's body cap, when --max-body-bytes is lower: the proxy's client_max_body_size
// (deploy/nginx). Without JavaScript a phone sends its photos as the camera made them, and the
// server shrinks them anyway, so the form takes all the proxy passes on; the form says "5 MB".
inline constexpr std::size_t kFormMinBodyCap = 5 * 1024 * 1024;

// What the citizen typed, echoed back when the form has problems. Names are the form's.
struct LaporForm {
  std::string token;    // random; the report's id and receipt are made from it (api_lapor.cpp)
  std::string started;  // when the form was rendered (ms): the report's created_at
  std::string classification = "pengaduan";
  std::string title, body, incident_date, region, place, category, agency;
  bool anonymous = false;
  bool confidential = false;
  std::string contact_name, contact_phone, contact_email;
  bool sms_consent = false;  // "Kirim kabar lewat SMS" to contact_phone (never when anonymous)
  std::vector<const domain::Region*> region_choices;  // when the typed region matched several
  std::string region_code;      // the region the text named, if one: a large catalog's agencies
  bool photos_dropped = false;  // photos were chosen, but the form had problems: choose again
};

struct LaporReceipt {
  std::string tracking_code;
  std::string receipt_secret;  // shown only when confidential
  bool confidential = false;
  bool sent_before = false;  // a repeated submit of the same form: the first one's receipt
  std::size_t photos = 0;
};

// Problems whose field is none of the form's (a forged token, say) are listed at the top.
std::string lapor_form_html(const LaporForm& form, const std::vector<rules::Problem>& problems,
                            const PageText& text);
std::string lapor_receipt_html(const LaporReceipt& receipt, const PageText& text);
// A whole page with one message (too many requests, the database down), and a link back.
std::string lapor_message_html(std::string_view message_key, const PageText& text);

// A /lapor request refused before any route ran, as a page in the form's language (its query's
// `lang`: the English form posts to /lapor?lang=en) with a link back: 413 "the photos are too
// large", 429 "too many reports". Sets the status; keeps the headers already set (Retry-After).
// api_lapor.cpp.
void answer_lapor_refusal(ServerContext& context, const httplib::Request& request,
                          httplib::Response& response, int status);

// The message of `key` in the page's language, the key itself when there is none.
std::string page_say(const PageText& text, std::string_view key);

}  // namespace aduan::server
