// Every string the server stores is checked first, over real HTTP: a report's hex fields by
// format and length, action notes and agency names by length and UTF-8 (400 with a clear
// error, nothing stored, nothing echoed as invalid UTF-8), and formula-like agency names
// neutralised in the public CSV files (the statistics and the open data).
#include <gtest/gtest.h>

#include "core/i18n/utf8.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

class StoredText : public DeviceAndTwoOfficers {
 protected:
  domain::Report routed(std::uint64_t seed, const std::string& agency,
                        const std::string& category = "") {
    domain::Report report = report_at(seed, "32.12", agency);
    if (!category.empty()) report.category_id = category;
    EXPECT_TRUE(device_.push({report}));
    EXPECT_EQ(act(server_, national_, report.id, {"verify"})->status, 200);
    EXPECT_EQ(act(server_, national_, report.id, {"disposition", "", agency})->status, 200);
    return report;
  }

  httplib::Result edit_agency(const std::string& id, const httplib::Params& form) {
    drain(server_);
    return server_.client().Post("/api/v1/officer/agencies/" + id, {{"X-Aduan-Session", national_}},
                                 form);
  }
};

TEST_F(StoredText, AReportWithBadHexFieldsIsRejectedAndNotStored) {
  domain::Report bad_secret = report_at(31, "32.12", "");
  bad_secret.receipt_secret = "' OR 1=1 --";
  domain::Report bad_attachment = report_at(32, "32.12", "");
  bad_attachment.attachments.push_back(
      {"../../etc/passwd", "image/jpeg", 100, std::string(64, 'A')});
  auto verdicts = device_.push({bad_secret, bad_attachment});
  ASSERT_TRUE(verdicts);
  ASSERT_EQ(verdicts->verdicts.size(), 2u);
  EXPECT_EQ(verdicts->verdicts[0].kind, wire::VerdictKind::rejected);
  ASSERT_FALSE(verdicts->verdicts[0].problems.empty());
  EXPECT_EQ(verdicts->verdicts[0].problems[0].code, "rules.receipt_secret.invalid");
  EXPECT_EQ(verdicts->verdicts[1].kind, wire::VerdictKind::rejected);
  std::vector<std::string> codes;
  for (const auto& problem : verdicts->verdicts[1].problems) codes.push_back(problem.code);
  EXPECT_EQ(codes,
            (std::vector<std::string>{"rules.attachment.bad_id", "rules.attachment.bad_sha256"}));
  EXPECT_EQ(
      get_as(server_, national_, "/api/v1/officer/reports/" + bad_secret.id.to_string())->status,
      404);
}

TEST_F(StoredText, ANoteThatIsNotUtf8OrTooLongIsRefusedAndNeverStored) {
  const auto report = routed(41, "kab-32.12-dinkes");
  const std::string invalid = "Kami tinjau \xFF\xFE besok";
  for (const std::string& note :
       {invalid, std::string("Kami tinjau\x1b[2J"), std::string(5001, 'a')}) {
    auto refused = act(server_, liaison_, report.id, {"follow_up", note});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400);
    EXPECT_TRUE(contains(refused, "\"code\":\"officer.bad_note\"")) << refused->body;
  }
  auto citizen = reporter_act(server_, report, {"reporter_reply", invalid});
  EXPECT_EQ(citizen->status, 400) << citizen->body;
  auto detail = get_as(server_, liaison_, "/api/v1/officer/reports/" + report.id.to_string());
  EXPECT_TRUE(contains(detail, "\"status\":\"dispositioned\"")) << "nothing was applied";
  EXPECT_FALSE(contains(detail, "Kami tinjau"));
  // The same note, readable and 5000 characters long, is taken.
  EXPECT_EQ(act(server_, liaison_, report.id, {"follow_up", std::string(5000, 'a')})->status, 200);
}

TEST_F(StoredText, WhatAClientSentIsNeverEchoedAsInvalidUtf8) {
  const auto report = routed(51, "kab-32.12-dinkes");
  auto unknown_action = act(server_, liaison_, report.id, {"tindak\xC3"});
  ASSERT_TRUE(unknown_action);
  EXPECT_EQ(unknown_action->status, 400);
  EXPECT_TRUE(i18n::is_valid_utf8(unknown_action->body)) << unknown_action->body;
  EXPECT_TRUE(contains(unknown_action, "tindak\xEF\xBF\xBD")) << "quoted, with U+FFFD";
  auto bad_id = act(server_, liaison_, report.id, {"follow_up", "Kami tinjau.", "", "", "id\xFF"});
  EXPECT_EQ(bad_id->status, 400);
  EXPECT_TRUE(contains(bad_id, "officer.bad_action_id"));
  auto page = get_as(server_, "", "/t/ABCD%FF%FE");
  ASSERT_TRUE(page);
  EXPECT_TRUE(i18n::is_valid_utf8(page->body));
  auto queue = get_as(server_, liaison_, "/api/v1/officer/queue?status=%FF");
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 400);
  EXPECT_TRUE(i18n::is_valid_utf8(queue->body)) << queue->body;
}

TEST_F(StoredText, AgencyNamesAreOneReadableLine) {
  for (const std::string& name :
       {std::string("Dinas\x07Kesehatan"), std::string("Dinas\nKesehatan"),
        std::string("Dinas \xC0\xAF Kesehatan"), std::string(201, 'D')}) {
    auto refused = edit_agency("kab-32.12-dinkes", {{"name", name}});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << refused->body;
    EXPECT_TRUE(contains(refused, "agency.bad_input"));
  }
  auto created = server_.client().Post("/api/v1/officer/agencies", {{"X-Aduan-Session", national_}},
                                       httplib::Params{{"id", "kab-32.12-x"},
                                                       {"name", "Unit\x1b[31m"},
                                                       {"parent_id", "kab-32.12"},
                                                       {"kind", "unit"}});
  EXPECT_EQ(created->status, 400);
  auto list = get_as(server_, national_, "/api/v1/officer/agencies");
  EXPECT_FALSE(contains(list, "kab-32.12-x"));
  EXPECT_TRUE(contains(list, "\"id\":\"kab-32.12-dinkes\",\"name\":\"Dinas Kesehatan"))
      << "the name is unchanged";
}

TEST_F(StoredText, FormulaLikeAgencyNamesAreNeutralisedInThePublicCsvFiles) {
  ASSERT_EQ(
      edit_agency("kab-32.12-dinkes", {{"name", "=HYPERLINK(\"http://x.example\",\"Dinkes\")"}})
          ->status,
      200);
  ASSERT_EQ(edit_agency("kab-32.12-pupr", {{"name", "@SUM(A1) PUPR"}})->status, 200);
  // One cell of 3 (a category in Indramayu this month): the open data publishes its region and
  // so its regency's agencies (a lone record would name neither, docs/api.md "Open data").
  routed(61, "kab-32.12-dinkes", "kesehatan");
  routed(62, "kab-32.12-pupr", "kesehatan");
  routed(63, "kab-32.12-pupr", "kesehatan");
  // The statistics and the open data's records (both public CSV files).
  for (const char* path : {"/api/v1/stats.csv", "/api/v1/open-data/reports.csv"}) {
    auto csv = get_as(server_, "", path);
    ASSERT_TRUE(csv);
    ASSERT_EQ(csv->status, 200) << csv->body;
    EXPECT_TRUE(contains(csv, ",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Dinkes\"\")\","))
        << path << csv->body;
    EXPECT_TRUE(contains(csv, ",\"'@SUM(A1) PUPR\",")) << path << csv->body;
    EXPECT_FALSE(contains(csv, ",=HYPERLINK")) << path;
    EXPECT_FALSE(contains(csv, ",@SUM")) << path;
    EXPECT_FALSE(contains(csv, ",\"=HYPERLINK")) << path;
  }
}

}  // namespace
}  // namespace aduan::testing
