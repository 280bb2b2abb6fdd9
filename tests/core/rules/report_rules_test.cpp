// Tests of validate_report (core/rules/report_rules.h): table-driven, one broken rule per row,
// each expected to yield exactly its {field, code}; then several at once.
#include "core/rules/report_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <string_view>

namespace aduan::rules {

// Readable failures: "{title, rules.title.too_short}" instead of object bytes.
void PrintTo(const Problem& problem, std::ostream* out) {
  *out << "{" << problem.field << ", " << problem.code << "}";
}

namespace {

using domain::Attachment;
using domain::CivilDate;
using domain::Report;
using domain::ReporterContact;

constexpr CivilDate kToday{2024, 3, 15};

const domain::Catalog& catalog() {
  static const domain::Catalog instance = [] {
    auto parsed = domain::Catalog::parse(
        "32\tJawa Barat\n32.12\tKab. Indramayu\n32.12.01\tHaurgeulis\n",
        "prov-32\tPemerintah Provinsi Jawa Barat\t\t32\tprovince\n"
        "kab-32.12\tPemerintah Kabupaten Indramayu\t\t32.12\tregency\n"
        "kab-32.12-pupr\tDinas PUPR Kabupaten Indramayu\tkab-32.12\t32.12\tunit\n",
        "infrastruktur\tInfrastruktur\tInfrastructure\nlainnya\tLainnya\tOther\n");
    EXPECT_TRUE(parsed.ok()) << parsed.error().detail;
    return std::move(parsed).value();
  }();
  return instance;
}

Attachment photo(std::uint64_t size = 200'000, std::string type = "image/jpeg") {
  return Attachment{"0123456789abcdef0123456789abcdef", std::move(type), size,
                    std::string(64, 'a')};
}

Report valid_report() {
  Report report;
  report.id = domain::ReportId::random();
  report.receipt_secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  report.classification = domain::Classification::complaint;
  report.title = "Jalan berlubang di depan SDN 1";
  report.body = "Jalan di depan sekolah berlubang besar sejak dua minggu dan membahayakan anak.";
  report.incident_date = {2024, 3, 1};
  report.location.region_code = "32.12";
  report.location.place = "Jl. Raya Haurgeulis, depan SDN 1";
  report.location.coordinates = domain::Coordinates{-6.45, 108.1};
  report.category_id = "infrastruktur";
  report.agency_id = "kab-32.12-pupr";
  report.attachments = {photo(), photo(4'000'000, "application/pdf")};
  report.contact = ReporterContact{"Siti", "0812-3456-7890", "siti@contoh.id"};
  return report;
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

struct Row {
  const char* name;
  std::function<void(Report&)> breaks;
  Problem expected;
};

// Makes `r` a valid assisted report (a named citizen who consented aloud before a witness) and
// returns its on-behalf details for one rule to break.
domain::OnBehalf& assisted(Report& r) {
  r.channel = domain::Channel::assisted;
  r.on_behalf = domain::OnBehalf{"Pak Darmin", "081298765432", {true, domain::ConsentMethod::spoken, "Bu Sri"}};
  return *r.on_behalf;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      {"receipt secret missing",
       [](Report& r) { r.receipt_secret.clear(); },
       {"receipt_secret", "rules.receipt_secret.invalid"}},
      {"receipt secret short",
       [](Report& r) { r.receipt_secret.pop_back(); },
       {"receipt_secret", "rules.receipt_secret.invalid"}},
      {"receipt secret upper case",
       [](Report& r) { r.receipt_secret[1] = 'B'; },
       {"receipt_secret", "rules.receipt_secret.invalid"}},
      {"receipt secret not hex",
       [](Report& r) { r.receipt_secret[0] = 'g'; },
       {"receipt_secret", "rules.receipt_secret.invalid"}},
      {"title empty", [](Report& r) { r.title = ""; }, {"title", "rules.title.required"}},
      {"title blank", [](Report& r) { r.title = "   "; }, {"title", "rules.title.required"}},
      {"title 9 chars",
       [](Report& r) { r.title = "Jalan rus"; },
       {"title", "rules.title.too_short"}},
      {"title short after trim",
       [](Report& r) { r.title = "   Jalan rus   "; },
       {"title", "rules.title.too_short"}},
      {"title 151 chars",
       [](Report& r) { r.title = repeat("a", 151); },
       {"title", "rules.title.too_long"}},
      {"title newline",
       [](Report& r) { r.title = "Jalan rusak\nparah"; },
       {"title", "rules.title.bad_text"}},
      {"title bad UTF-8",
       [](Report& r) { r.title = "Jalan rusak \xC3"; },
       {"title", "rules.title.bad_text"}},
      {"body empty", [](Report& r) { r.body.clear(); }, {"body", "rules.body.required"}},
      {"body 29 chars",
       [](Report& r) { r.body = repeat("b", 29); },
       {"body", "rules.body.too_short"}},
      {"body 5001 chars",
       [](Report& r) { r.body = repeat("b", 5001); },
       {"body", "rules.body.too_long"}},
      {"body NUL",
       [](Report& r) { r.body += std::string(1, '\0'); },
       {"body", "rules.body.bad_text"}},
      {"body C1 control", [](Report& r) { r.body += "\xC2\x85"; }, {"body", "rules.body.bad_text"}},
      {"body carriage return", [](Report& r) { r.body += "\r"; }, {"body", "rules.body.bad_text"}},
      {"classification",
       [](Report& r) { r.classification = domain::Classification{7}; },
       {"classification", "rules.classification.invalid"}},
      {"date missing",
       [](Report& r) { r.incident_date = {}; },
       {"incident_date", "rules.incident_date.required"}},
      {"date 30 Feb",
       [](Report& r) {
         r.incident_date = {2024, 2, 30};
       },
       {"incident_date", "rules.incident_date.invalid"}},
      {"date month 13",
       [](Report& r) {
         r.incident_date = {2023, 13, 1};
       },
       {"incident_date", "rules.incident_date.invalid"}},
      {"date tomorrow",
       [](Report& r) {
         r.incident_date = {2024, 3, 16};
       },
       {"incident_date", "rules.incident_date.in_future"}},
      {"date 10 years and a day",
       [](Report& r) {
         r.incident_date = {2014, 3, 14};
       },
       {"incident_date", "rules.incident_date.too_old"}},
      {"date typo year",
       [](Report& r) {
         r.incident_date = {1024, 3, 1};
       },
       {"incident_date", "rules.incident_date.too_old"}},
      {"region missing",
       [](Report& r) { r.location.region_code.clear(); },
       {"location.region_code", "rules.region.required"}},
      {"region unknown",
       [](Report& r) { r.location.region_code = "32.99"; },
       {"location.region_code", "rules.region.unknown"}},
      {"place 201 chars",
       [](Report& r) { r.location.place = repeat("p", 201); },
       {"location.place", "rules.place.too_long"}},
      {"place tab",
       [](Report& r) { r.location.place = "Jl.\tRaya"; },
       {"location.place", "rules.place.bad_text"}},
      {"coordinates 0,0",
       [](Report& r) {
         r.location.coordinates = domain::Coordinates{0, 0};
       },
       {"location.coordinates", "rules.coordinates.outside_indonesia"}},
      {"coordinates Darwin",
       [](Report& r) {
         r.location.coordinates = domain::Coordinates{-12.46, 130.84};
       },
       {"location.coordinates", "rules.coordinates.outside_indonesia"}},
      {"coordinates Manila",
       [](Report& r) {
         r.location.coordinates = domain::Coordinates{14.6, 121.0};
       },
       {"location.coordinates", "rules.coordinates.outside_indonesia"}},
      {"coordinates swapped",
       [](Report& r) {
         r.location.coordinates = domain::Coordinates{108.1, -6.45};
       },
       {"location.coordinates", "rules.coordinates.outside_indonesia"}},
      {"date 29 Feb of a common year",
       [](Report& r) {
         r.incident_date = {2023, 2, 29};
       },
       {"incident_date", "rules.incident_date.invalid"}},
      {"coordinates NaN",
       [](Report& r) {
         r.location.coordinates =
             domain::Coordinates{std::numeric_limits<double>::quiet_NaN(), 108.1};
       },
       {"location.coordinates", "rules.coordinates.outside_indonesia"}},
      {"category missing",
       [](Report& r) { r.category_id.clear(); },
       {"category_id", "rules.category.required"}},
      {"category unknown",
       [](Report& r) { r.category_id = "politik"; },
       {"category_id", "rules.category.unknown"}},
      {"agency unknown",
       [](Report& r) { r.agency_id = "kab-99.99"; },
       {"agency_id", "rules.agency.unknown"}},
      {"six attachments",
       [](Report& r) { r.attachments.assign(6, photo()); },
       {"attachments", "rules.attachments.too_many"}},
      {"attachment type",
       [](Report& r) { r.attachments[1].media_type = "video/mp4"; },
       {"attachments[1]", "rules.attachment.bad_type"}},
      {"attachment type case",
       [](Report& r) { r.attachments[0].media_type = "IMAGE/JPEG"; },
       {"attachments[0]", "rules.attachment.bad_type"}},
      {"attachment too large",
       [](Report& r) { r.attachments[0].size_bytes = kMaxAttachmentBytes + 1; },
       {"attachments[0]", "rules.attachment.too_large"}},
      {"attachment empty",
       [](Report& r) { r.attachments[1].size_bytes = 0; },
       {"attachments[1]", "rules.attachment.empty"}},
      {"attachment id short",
       [](Report& r) { r.attachments[0].id = "2f"; },
       {"attachments[0]", "rules.attachment.bad_id"}},
      {"attachment id with a path",
       [](Report& r) { r.attachments[0].id = "../../0123456789abcdef0123456789"; },
       {"attachments[0]", "rules.attachment.bad_id"}},
      {"attachment SHA-256 upper case",
       [](Report& r) { r.attachments[1].sha256_hex = std::string(64, 'A'); },
       {"attachments[1]", "rules.attachment.bad_sha256"}},
      {"attachment SHA-256 short",
       [](Report& r) { r.attachments[1].sha256_hex = std::string(63, 'a'); },
       {"attachments[1]", "rules.attachment.bad_sha256"}},
      {"contact name only",
       [](Report& r) {
         r.contact = ReporterContact{"Siti", "", ""};
       },
       {"contact", "rules.contact.unreachable"}},
      {"contact name too long",
       [](Report& r) { r.contact->name = repeat("n", 101); },
       {"contact.name", "rules.contact_name.too_long"}},
      {"contact name control",
       [](Report& r) { r.contact->name = "Siti\x1b"; },
       {"contact.name", "rules.contact_name.bad_text"}},
      {"phone foreign",
       [](Report& r) { r.contact->phone = "+1 415 555 0100"; },
       {"contact.phone", "rules.phone.invalid"}},
      {"email no domain",
       [](Report& r) { r.contact->email = "siti@"; },
       {"contact.email", "rules.email.invalid"}},
      {"assisted without whom",
       [](Report& r) { r.channel = domain::Channel::assisted; },
       {"on_behalf", "rules.on_behalf.required"}},
      {"on behalf from the web",
       [](Report& r) { r.on_behalf = domain::OnBehalf{}; },
       {"on_behalf", "rules.on_behalf.not_assisted"}},
      {"citizen name too long",
       [](Report& r) { assisted(r).citizen_name = repeat("n", 101); },
       {"on_behalf.citizen_name", "rules.on_behalf_name.too_long"}},
      {"citizen name control",
       [](Report& r) { assisted(r).citizen_name = "Darmin\x07"; },
       {"on_behalf.citizen_name", "rules.on_behalf_name.bad_text"}},
      {"citizen phone foreign",
       [](Report& r) { assisted(r).citizen_phone = "+1 415 555 0100"; },
       {"on_behalf.citizen_phone", "rules.phone.invalid"}},
      {"citizen named without consent",
       [](Report& r) { assisted(r).consent.given = false; },
       {"on_behalf.consent", "rules.consent.needed_for_identity"}},
      {"consent method out of range",
       [](Report& r) { assisted(r).consent.method = static_cast<domain::ConsentMethod>(7); },
       {"on_behalf.consent.method", "rules.consent.bad_method"}},
      {"witness too long",
       [](Report& r) { assisted(r).consent.witness = repeat("w", 101); },
       {"on_behalf.consent.witness", "rules.consent_witness.too_long"}},
      {"witness control",
       [](Report& r) { assisted(r).consent.witness = "Sri\x1b"; },
       {"on_behalf.consent.witness", "rules.consent_witness.bad_text"}},
  };
  return table;
}

TEST(ValidateReport, AValidReportHasNoProblems) {
  EXPECT_EQ(validate_report(valid_report(), catalog(), kToday), std::vector<Problem>{});
}

TEST(ValidateReport, EachBrokenRuleYieldsExactlyItsProblem) {
  for (const auto& row : rows()) {
    auto report = valid_report();
    row.breaks(report);
    auto problems = validate_report(report, catalog(), kToday);
    ASSERT_EQ(problems.size(), 1u) << row.name;
    EXPECT_EQ(problems[0], row.expected)
        << row.name << ": got " << problems[0].field << " " << problems[0].code;
  }
}

TEST(ValidateReport, TheTableCoversEveryProblemCode) {
  std::set<std::string> covered;
  for (const auto& row : rows()) covered.insert(row.expected.code);
  for (auto code : problem_codes()) EXPECT_TRUE(covered.count(std::string(code))) << code;
  EXPECT_EQ(covered.size(), problem_codes().size());
}

TEST(ValidateReport, AssistedReportsWithOrWithoutConsentAreValid) {
  auto named = valid_report();
  assisted(named);
  EXPECT_EQ(validate_report(named, catalog(), kToday), std::vector<Problem>{});
  // Consent refused: the report still goes, with nothing that identifies the citizen.
  auto refused = valid_report();
  assisted(refused) = domain::OnBehalf{"", "", {false, domain::ConsentMethod::spoken, ""}};
  EXPECT_EQ(validate_report(refused, catalog(), kToday), std::vector<Problem>{});
  auto written = valid_report();
  assisted(written).consent.method = domain::ConsentMethod::written;
  EXPECT_EQ(validate_report(written, catalog(), kToday), std::vector<Problem>{});
}

TEST(ValidateReport, BoundsAreInclusive) {
  auto report = valid_report();
  report.title = repeat("\xC3\xA9", kTitleMinChars);  // code points, not bytes
  report.body = repeat("b", kBodyMaxChars) + "\n";    // the trailing newline is trimmed
  report.location.place = repeat("p", kPlaceMaxChars);
  report.incident_date = {2014, 3, 15};  // exactly 10 years
  report.attachments.assign(kMaxAttachments, photo(kMaxAttachmentBytes, "image/webp"));
  report.location.coordinates = domain::Coordinates{kIndonesiaBox.south, kIndonesiaBox.east};
  EXPECT_EQ(validate_report(report, catalog(), kToday), std::vector<Problem>{});
  report.title = repeat("\xC3\xA9", kTitleMaxChars);
  report.body = "Baris satu\n\tBaris dua yang cukup panjang untuk isi laporan.";
  report.incident_date = kToday;
  EXPECT_EQ(validate_report(report, catalog(), kToday), std::vector<Problem>{});
}

TEST(ValidateReport, ContactIsNeverRequired) {
  auto report = valid_report();
  report.contact.reset();
  report.anonymous = true;
  report.confidential = true;
  EXPECT_TRUE(validate_report(report, catalog(), kToday).empty());
  report.contact = ReporterContact{" ", "", "\t"};  // an empty form counts as none
  EXPECT_TRUE(validate_report(report, catalog(), kToday).empty());
  report.contact = ReporterContact{"", "", "siti@contoh.id"};  // e-mail alone is enough
  EXPECT_TRUE(validate_report(report, catalog(), kToday).empty());
  report.anonymous = false;
  report.contact = ReporterContact{"", "+62 21 5551234", ""};  // phone alone too
  EXPECT_TRUE(validate_report(report, catalog(), kToday).empty());
}

TEST(ValidateReport, NotSureAgencyAndNoCoordinatesAreFine) {
  auto report = valid_report();
  report.agency_id.clear();
  report.location.coordinates.reset();
  report.location.place.clear();
  report.attachments.clear();
  report.location.region_code = "32.12.01";  // any level of the catalog
  report.classification = domain::Classification::information_request;
  EXPECT_TRUE(validate_report(report, catalog(), kToday).empty());
}

TEST(ValidateReport, ReportsEveryProblemAtOnceInFormOrder) {
  Report report;  // nothing filled in (the receipt secret is the device's, never typed)
  report.receipt_secret = valid_report().receipt_secret;
  auto problems = validate_report(report, catalog(), kToday);
  std::vector<Problem> expected = {
      {"title", "rules.title.required"},
      {"body", "rules.body.required"},
      {"incident_date", "rules.incident_date.required"},
      {"location.region_code", "rules.region.required"},
      {"category_id", "rules.category.required"},
  };
  EXPECT_EQ(problems, expected);

  report = valid_report();
  report.title = "Rusak";
  report.attachments = {photo(0, "text/plain"), photo(), photo(kMaxAttachmentBytes + 1)};
  report.contact = ReporterContact{"Siti", "12345", "siti.contoh.id"};
  problems = validate_report(report, catalog(), kToday);
  expected = {
      {"title", "rules.title.too_short"},
      {"attachments[0]", "rules.attachment.bad_type"},
      {"attachments[0]", "rules.attachment.empty"},
      {"attachments[2]", "rules.attachment.too_large"},
      {"contact.phone", "rules.phone.invalid"},
      {"contact.email", "rules.email.invalid"},
  };
  EXPECT_EQ(problems, expected);
}

// The type of a file is what its first bytes say, whatever it is named or declared as: the
// portal's chooser and the server's evidence route both decide with this.
TEST(MediaTypeBySignature, KnowsTheFourAllowedTypesAndNothingElse) {
  using namespace std::string_view_literals;
  EXPECT_EQ(media_type_by_signature("\xFF\xD8\xFF\xE0rest of a JPEG"sv), "image/jpeg");
  EXPECT_EQ(media_type_by_signature("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"sv), "image/png");
  EXPECT_EQ(media_type_by_signature("RIFF\x10\0\0\0WEBPVP8 "sv), "image/webp");
  EXPECT_EQ(media_type_by_signature("%PDF-1.7\n"sv), "application/pdf");
  EXPECT_EQ(media_type_by_signature(""sv), "");
  EXPECT_EQ(media_type_by_signature("%PDF"sv), "") << "cut before the signature ends";
  EXPECT_EQ(media_type_by_signature("RIFF\x10\0\0\0WAVEfmt "sv), "") << "RIFF but not WebP";
  EXPECT_EQ(media_type_by_signature("<svg xmlns='http://www.w3.org/2000/svg'/>"sv), "");
  EXPECT_EQ(media_type_by_signature("<html><body>%PDF-1.4</body></html>"sv), "")
      << "a signature counts only at the start";
  EXPECT_EQ(media_type_by_signature(" \xFF\xD8\xFF"sv), "");
}

}  // namespace
}  // namespace aduan::rules
