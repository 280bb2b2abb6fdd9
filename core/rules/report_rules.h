// core/rules/report_rules.h: what makes a report acceptable, as a list of problems.
//
// Owns validating a whole report against the catalog and a date, as a pure function: the same
// call runs in the browser before the outbox accepts a report and on the server before it
// stores one, so both always agree. Does not own showing problems (the UI looks each code up
// in the message catalog, core/i18n), drafts, or workflow rules about status changes.
//
// Shape: every problem at once, each a {field, code}. A person on a slow phone should fix the
// whole form in one pass, not discover problems one submit at a time. `field` names the
// Report member ("title", "location.region_code", "attachments[2]") so the form can mark it;
// `code` is a stable message key ("rules.title.too_short").
//
// The bounds below are this service's choices, documented in assets/README.md:
//  - title 10..150 and body 30..5000 characters, counted in code points after trimming: a
//    title must say what happened, and a body long enough to act on without a follow-up; the
//    caps keep a report readable in one sitting and bounded in storage and on the wire;
//  - place at most 200 characters; contact name at most 100;
//  - text must be valid UTF-8 without control characters (newline and tab only in the body);
//  - incident date: a real calendar date, not after `today` (the device's local date), and
//    not more than 10 years before it: older dates are almost always a mistyped year, and a
//    matter that old belongs to the courts rather than a service complaint;
//  - up to 5 attachments, each 1 byte..5 MiB, of type image/jpeg, image/png, image/webp or
//    application/pdf: what phone cameras and scanners produce and browsers can show inline.
//    kMaxAttachmentBytes is the one cap of a file everywhere: the device's store, the server's
//    store and its upload route use it too, so a file one accepts is never refused by another;
//  - coordinates, if given, inside Indonesia's bounding box (with a margin for coastal
//    waters): 11.5 S..6.5 N, 94.5 E..141.5 E; (0, 0), a common GPS failure, falls outside;
//  - region and category required and in the catalog; the agency may be empty ("not sure",
//    the admin routes it) but otherwise must be in the catalog;
//  - the receipt secret and every attachment id are 32 lowercase hex digits (128 random bits,
//    as the device makes them), an attachment's SHA-256 64 of them;
//  - contact never required (anonymous or not); if any contact field is filled, there must be
//    a plausible phone or e-mail (contact_rules.h), and each one given must be plausible;
//  - on-behalf details exactly on the assisted channel; the citizen's name (at most 100) and
//    phone only with consent given; a witness name at most 100.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/catalog.h"
#include "core/domain/report.h"

namespace aduan::rules {

struct Problem {
  std::string field;
  std::string code;
  friend bool operator==(const Problem&, const Problem&) = default;
};

inline constexpr std::size_t kTitleMinChars = 10;
inline constexpr std::size_t kTitleMaxChars = 150;
inline constexpr std::size_t kBodyMinChars = 30;
inline constexpr std::size_t kBodyMaxChars = 5000;
inline constexpr std::size_t kPlaceMaxChars = 200;
inline constexpr std::size_t kContactNameMaxChars = 100;
inline constexpr int kMaxIncidentAgeYears = 10;
inline constexpr std::size_t kReceiptSecretHexDigits = 32;
inline constexpr std::size_t kAttachmentIdHexDigits = 32;
inline constexpr std::size_t kMaxAttachments = 5;
inline constexpr std::uint64_t kMaxAttachmentBytes = 5 * 1024 * 1024;
inline constexpr std::string_view kAllowedMediaTypes[] = {"image/jpeg", "image/png", "image/webp",
                                                          "application/pdf"};

// Which of kAllowedMediaTypes the bytes' signature shows, or empty for anything else. A file's
// type is decided by its content, never by its name or a declared type: the portal's chooser
// and the server's evidence route both ask here, so they agree on what is a PDF or a photo.
std::string_view media_type_by_signature(std::string_view bytes);

struct LatLonBox {
  double south, north, west, east;
};
inline constexpr LatLonBox kIndonesiaBox = {-11.5, 6.5, 94.5, 141.5};

// Every problem in `report`, in form order (title first, contact last); empty when it is
// acceptable. `today` is the reporter's local calendar date.
std::vector<Problem> validate_report(const domain::Report& report, const domain::Catalog& catalog,
                                     domain::CivilDate today);

// The details a report that came from another system (Open311; SMS) may arrive without, which
// the verifying admins complete before verifying it (DESIGN: one mechanism for both channels):
// "region" while location.region_code is empty, "category" while category_id is. Empty for every
// report the form or a device made, since validate_report requires them. The server stores such a
// report with the detail empty; its console asks for it, and verifying waits until nothing is
// pending.
std::vector<std::string> pending_details(const domain::Report& report);

// Every code validate_report can emit, for tests and tools (each needs a message in every
// language catalog).
std::span<const std::string_view> problem_codes();

}  // namespace aduan::rules
