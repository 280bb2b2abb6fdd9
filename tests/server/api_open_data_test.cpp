// The open data over real HTTP (shell/server/api_open_data.cpp) against records worked out by
// hand, with core/metrics' disclosure rule (at least 3 public records per category, month and
// region) applied to the regions.
//
// Seven reports pushed today:
// R1 and R2 were sent to Dinkes; the others with no agency ("Tidak tahu").
//   R1 kesehatan 32.12  verified, routed to Dinkes, followed up, answered, completed, rated 5
//   R2 kesehatan 32.12  verified, routed to Dinkes, followed up
//   R3 kesehatan 32.12  received
//   R4 kesehatan 32.13  rejected
//   R5 pendidikan 32.12 received
//   R6, R7 pendidikan 32.12, confidential: never published, never counted
// By hand: (kesehatan, 32.12) holds R1-R3: 3, published as 32.12. (kesehatan, 32.13) holds R4
// alone, but (kesehatan, 32) holds 4: R4 is published as 32 (Jawa Barat), coarsened.
// (pendidikan, 32.12) and (pendidikan, 32) hold R5 alone (R6 and R7 do not count): R5 is
// published with no region. Today's WIB date is every date that is set; R1 and R2 were followed
// up after 0 working days. Tests that add a report say so: a lone report held by a regency's
// agency (its name would name the regency the rule withheld), and a report a village official
// entered for a named citizen before a witness.
#include <gtest/gtest.h>

#include <set>

#include "core/json/json_reader.h"
#include "core/workflow/time_zone.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

constexpr const char* kDinkes = "kab-32.12-dinkes";

// The member is there and is null (absent would be a different answer).
bool is_null(const json::Value& value, std::string_view key) {
  const auto* member = value.get(key);
  return member && member->kind == json::Value::Kind::null;
}

class ApiOpenData : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    dinkes_ = officer_session(server_, "petugas.dinkes", "liaison_officer", kDinkes, "");
    const struct {
      const char* category;
      const char* region;
      bool confidential;
    } cast[] = {{"kesehatan", "32.12", false},  {"kesehatan", "32.12", false},
                {"kesehatan", "32.12", false},  {"kesehatan", "32.13", false},
                {"pendidikan", "32.12", false}, {"pendidikan", "32.12", true},
                {"pendidikan", "32.12", true}};
    for (std::size_t i = 0; i < std::size(cast); ++i) {
      auto report =
          report_at(701 + i, cast[i].region, i < 2 ? kDinkes : "", false, cast[i].confidential);
      report.category_id = cast[i].category;
      report.location.place = "Jl. Mawar 12 RT 03";
      reports_.push_back(report);
    }
    ASSERT_TRUE(device_.push(reports_));
    for (int i : {0, 1}) {
      ASSERT_EQ(act(server_, national_, reports_[i].id, {"verify"})->status, 200);
      ASSERT_EQ(act(server_, national_, reports_[i].id, {"disposition", "", kDinkes})->status, 200);
      ASSERT_EQ(act(server_, dinkes_, reports_[i].id, {"follow_up", "Kami tinjau."})->status, 200);
    }
    ASSERT_EQ(act(server_, dinkes_, reports_[0].id, {"respond", "Sudah diperbaiki."})->status, 200);
    ASSERT_EQ(reporter_act(server_, reports_[0], {"complete"})->status, 200);
    ASSERT_EQ(reporter_act(server_, reports_[0], {"rate", "Cepat.", "", "", "", 5})->status, 200);
    ASSERT_EQ(act(server_, national_, reports_[3].id, {"reject", "bukan pelayanan publik"})->status,
              200);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto today = workflow::local_date(now, workflow::TimeZone::wib);
    today_ = domain::to_string(today);
    year_ = today.year;
    month_ = today.month;
    period_ = "year=" + std::to_string(today.year) + "&month=" + std::to_string(today.month);
  }

  // The one CSV row whose category is `category`, or "" (the header and rows end in CRLF).
  std::string csv_row(const std::string& query, const std::string& category) {
    auto csv = get_as(server_, "", "/api/v1/open-data/reports.csv?" + query);
    EXPECT_TRUE(csv && csv->status == 200) << query;
    std::string found;
    if (!csv) return found;
    std::size_t at = 0;
    while (at < csv->body.size()) {
      const std::size_t end = csv->body.find("\r\n", at);
      const std::string row = csv->body.substr(at, end - at);
      if (row.find("," + category + ",") != std::string::npos) {
        EXPECT_TRUE(found.empty()) << "two rows of " << category;
        found = row;
      }
      if (end == std::string::npos) break;
      at = end + 2;
    }
    return found;
  }

  json::Value get_json(const std::string& path, int status = 200) {
    auto answer = get_as(server_, "", path);
    EXPECT_TRUE(answer);
    if (!answer) return {};
    EXPECT_EQ(answer->status, status) << path << ": " << answer->body;
    auto parsed = json::parse(answer->body);
    EXPECT_TRUE(parsed.ok()) << answer->body;
    return parsed ? parsed.value() : json::Value{};
  }

  // The records of one page, by tracking code; a coarsened record has none, and is named by
  // withheld(category, status) instead (unique in this fixture).
  static std::map<std::string, const json::Value*> by_code(const json::Value& page) {
    std::map<std::string, const json::Value*> records;
    if (const auto* list = page.get("records")) {
      for (const auto& record : list->items) {
        const std::string code = record.string_at("tracking_code");
        const std::string key =
            code.empty() ? withheld(record.string_at("category_id"), record.string_at("status"))
                         : code;
        EXPECT_TRUE(records.emplace(key, &record).second) << key << " twice";
      }
    }
    return records;
  }
  static std::string withheld(const std::string& category, const std::string& status) {
    return "withheld:" + category + ":" + status;
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  TestDevice device_{server_};
  std::string national_, dinkes_, today_, period_;
  int year_ = 0, month_ = 0;
  std::vector<domain::Report> reports_;
};

TEST_F(ApiOpenData, RecordsMatchTheFixtureWorkedOutByHand) {
  const json::Value page = get_json("/api/v1/open-data/reports?" + period_);
  EXPECT_EQ(page.number_at("smallest_published_cell"), 3);
  const auto records = by_code(page);
  ASSERT_EQ(records.size(), 5u) << "the two confidential reports are left out";
  EXPECT_EQ(is_null(page, "next_cursor"), true);

  const json::Value& r1 = *records.at(reports_[0].tracking_code);
  EXPECT_EQ(r1.string_at("classification"),
            std::string(domain::to_string(reports_[0].classification)));
  EXPECT_EQ(r1.string_at("category_id"), "kesehatan");
  EXPECT_EQ(r1.string_at("category"), "Kesehatan");
  EXPECT_EQ(r1.string_at("agency_id"), kDinkes);
  EXPECT_EQ(r1.string_at("agency"), "Dinas Kesehatan Kabupaten Indramayu");
  EXPECT_EQ(r1.string_at("region_code"), "32.12");
  EXPECT_EQ(r1.string_at("region"), "Kab. Indramayu");
  EXPECT_EQ(r1.bool_at("region_coarsened"), false);
  EXPECT_EQ(r1.string_at("received_date"), today_);
  EXPECT_EQ(r1.string_at("first_follow_up_date"), today_);
  EXPECT_EQ(r1.string_at("completed_date"), today_);
  EXPECT_EQ(r1.string_at("status"), "completed");
  EXPECT_EQ(r1.number_at("working_days_to_follow_up"), 0);
  EXPECT_EQ(r1.number_at("rating"), 5);

  const json::Value& r2 = *records.at(reports_[1].tracking_code);
  EXPECT_EQ(r2.string_at("status"), "in_progress");
  EXPECT_EQ(r2.string_at("first_follow_up_date"), today_);
  EXPECT_TRUE(is_null(r2, "completed_date"));
  EXPECT_TRUE(is_null(r2, "rating"));

  const json::Value& r3 = *records.at(reports_[2].tracking_code);
  EXPECT_EQ(r3.string_at("status"), "received");
  EXPECT_TRUE(is_null(r3, "first_follow_up_date"));
  EXPECT_TRUE(is_null(r3, "working_days_to_follow_up"));
  EXPECT_EQ(r3.string_at("region_code"), "32.12");
  EXPECT_TRUE(is_null(r3, "agency_id")) << "no agency holds it yet";
  EXPECT_TRUE(is_null(r3, "agency"));

  // R4 and R5 keep no tracking code: the tracking page would show the region withheld.
  const json::Value& r4 = *records.at(withheld("kesehatan", "rejected"));
  EXPECT_TRUE(is_null(r4, "tracking_code"));
  EXPECT_EQ(r4.string_at("status"), "rejected");
  EXPECT_EQ(r4.string_at("region_code"), "32") << "one of its kind in Subang: its province";
  EXPECT_EQ(r4.string_at("region"), "Jawa Barat");
  EXPECT_EQ(r4.bool_at("region_coarsened"), true);

  const json::Value& r5 = *records.at(withheld("pendidikan", "received"));
  EXPECT_TRUE(is_null(r5, "tracking_code"));
  EXPECT_TRUE(is_null(r5, "region_code")) << "alone in its province: no region";
  EXPECT_TRUE(is_null(r5, "region"));
  EXPECT_EQ(r5.bool_at("region_coarsened"), true);
}

TEST_F(ApiOpenData, NoPersonTextPlaceOrConfidentialReportInEitherFormat) {
  for (const std::string& path :
       {"/api/v1/open-data/reports?" + period_, "/api/v1/open-data/reports.csv?" + period_}) {
    auto answer = get_as(server_, "", path);
    ASSERT_TRUE(answer && answer->status == 200) << path;
    for (const auto& report : reports_) {
      for (const std::string& private_text : {report.title, report.body, report.location.place})
        EXPECT_EQ(answer->body.find(private_text), std::string::npos)
            << path << ": " << private_text;
    }
    for (const char* person : {"Siti Rahmawati", "081234567890", "siti@example.id", "nasional",
                               "petugas.dinkes", "Kami tinjau", "Cepat."})
      EXPECT_EQ(answer->body.find(person), std::string::npos) << path << ": " << person;
    for (int i : {3, 4, 5, 6})
      EXPECT_EQ(answer->body.find(reports_[i].tracking_code), std::string::npos)
          << path << ": confidential, or its region coarsened";
  }
}

TEST_F(ApiOpenData, PagesFollowTheCursorWithoutGapsOrRepeats) {
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const json::Value page = get_json("/api/v1/open-data/reports?" + period_ + "&limit=2" +
                                      (cursor.empty() ? "" : "&cursor=" + cursor));
    for (const auto& [code, record] : by_code(page))
      EXPECT_TRUE(seen.insert(code).second) << code << " twice";
    cursor = is_null(page, "next_cursor") ? "" : page.string_at("next_cursor");
    ASSERT_LT(++pages, 5);
  } while (!cursor.empty());
  EXPECT_EQ(seen.size(), 5u);

  auto csv = get_as(server_, "", "/api/v1/open-data/reports.csv?" + period_ + "&limit=2");
  ASSERT_TRUE(csv && csv->status == 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(csv->get_header_value("Content-Disposition")
                  .starts_with("attachment; filename=\"aduan-open-data-"));
  const std::string link = csv->get_header_value("Link");
  EXPECT_TRUE(link.starts_with("</api/v1/open-data/reports.csv?") &&
              link.ends_with(">; rel=\"next\""))
      << link;
  EXPECT_NE(link.find("cursor="), std::string::npos) << link;
  EXPECT_TRUE(csv->body.starts_with(
      "tracking_code,classification,category_id,category,agency_id,agency,region_code,"
      "region,region_coarsened,received_date,first_follow_up_date,completed_date,"
      "status,working_days_to_follow_up,rating\r\n"))
      << csv->body;
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 3) << "a header and two records";
}

TEST_F(ApiOpenData, TheAgencyFilterAndTheCsvRowsByHand) {
  const auto records =
      by_code(get_json("/api/v1/open-data/reports?" + period_ + "&agency=" + kDinkes));
  EXPECT_EQ(records.size(), 2u) << "R1 and R2 are held by Dinkes";
  EXPECT_TRUE(records.count(reports_[0].tracking_code) && records.count(reports_[1].tracking_code));
  auto csv = get_as(server_, "", "/api/v1/open-data/reports.csv?" + period_ + "&agency=" + kDinkes);
  ASSERT_TRUE(csv && csv->status == 200);
  EXPECT_NE(csv->body.find(reports_[0].tracking_code + "," +
                           std::string(domain::to_string(reports_[0].classification)) +
                           ",kesehatan,Kesehatan," + kDinkes +
                           ",Dinas Kesehatan Kabupaten Indramayu,32.12,"
                           "Kab. Indramayu,false," +
                           today_ + "," + today_ + "," + today_ + ",completed,0,5\r\n"),
            std::string::npos)
      << csv->body;
}

TEST_F(ApiOpenData, TheCsvWithoutALimitIsTheWholePeriodInOneFile) {
  // 230 more public reports: the whole period's file is read 100 at a time on the server.
  std::vector<domain::Report> more;
  for (int i = 0; i < 230; ++i) {
    more.push_back(report_at(900 + i, "32.12", "", false, false));
    more.back().category_id = "kesehatan";
  }
  ASSERT_TRUE(device_.push(more));
  auto csv = get_as(server_, "", "/api/v1/open-data/reports.csv?" + period_);
  ASSERT_TRUE(csv && csv->status == 200);
  EXPECT_TRUE(csv->get_header_value("Link").empty()) << "nothing follows the whole period";
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 1 + 5 + 230)
      << "a header and every record";
  EXPECT_EQ(csv->body.find("tracking_code,", 1), std::string::npos) << "one header";
  for (const auto& report : more)
    EXPECT_NE(csv->body.find(report.tracking_code + ","), std::string::npos);
}

TEST_F(ApiOpenData, ACoarsenedRecordDoesNotNameTheRegencysAgencyHoldingIt) {
  // R8: the only environment report of the month, in Indramayu, routed to Indramayu's health
  // office: published with no region, and "Dinas Kesehatan Kabupaten Indramayu" would name it.
  domain::Report lone = report_at(801, "32.12", kDinkes, false, false);
  lone.category_id = "lingkungan";
  ASSERT_TRUE(device_.push({lone}));
  ASSERT_EQ(act(server_, national_, lone.id, {"verify"})->status, 200);
  ASSERT_EQ(act(server_, national_, lone.id, {"disposition", "", kDinkes})->status, 200);
  const json::Value page = get_json("/api/v1/open-data/reports?" + period_);
  const json::Value* r8 = nullptr;
  for (const auto& record : page.get("records")->items)
    if (record.string_at("category_id") == "lingkungan") r8 = &record;
  ASSERT_NE(r8, nullptr) << "it is published";
  EXPECT_EQ(r8->bool_at("region_coarsened"), true);
  EXPECT_TRUE(is_null(*r8, "region_code"));
  EXPECT_TRUE(is_null(*r8, "tracking_code"));
  EXPECT_TRUE(is_null(*r8, "agency_id")) << "a regency's agency below no region";
  EXPECT_TRUE(is_null(*r8, "agency"));
  // The CSV likewise: no tracking code, then agency_id, agency, region_code and region empty.
  const std::string row = csv_row(period_, "lingkungan");
  EXPECT_TRUE(row.starts_with(",")) << row;
  EXPECT_NE(row.find(",lingkungan,Lingkungan hidup dan kebersihan,,,,,true,"), std::string::npos)
      << row;
  EXPECT_EQ(row.find("Indramayu"), std::string::npos) << row;
  EXPECT_EQ(row.find(kDinkes), std::string::npos) << row;
  // Nor does asking for that agency's records reveal it: R8 is left out of them.
  const auto held =
      by_code(get_json("/api/v1/open-data/reports?" + period_ + "&agency=" + kDinkes));
  EXPECT_EQ(held.size(), 2u) << "R1 and R2 only";
  EXPECT_EQ(csv_row(period_ + "&agency=" + kDinkes, "lingkungan"), "");
  // R1 and R2 (a cell of 3 in Indramayu) still name their agency.
  const auto all = by_code(page);
  EXPECT_EQ(all.at(reports_[0].tracking_code)->string_at("agency_id"), kDinkes);
}

TEST_F(ApiOpenData, ThePeriodFilterLeavesOtherMonthsAndYearsOut) {
  const std::string year = "year=" + std::to_string(year_);
  EXPECT_EQ(by_code(get_json("/api/v1/open-data/reports?" + year)).size(), 5u) << "the whole year";
  for (const std::string& other :
       {year + "&month=" + std::to_string(month_ % 12 + 1), "year=" + std::to_string(year_ - 1),
        "year=" + std::to_string(year_ - 1) + "&month=" + std::to_string(month_)}) {
    const json::Value page = get_json("/api/v1/open-data/reports?" + other);
    ASSERT_TRUE(page.get("records")) << other;
    EXPECT_EQ(page.get("records")->items.size(), 0u) << other;
    auto csv = get_as(server_, "", "/api/v1/open-data/reports.csv?" + other);
    ASSERT_TRUE(csv && csv->status == 200) << other;
    EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 1) << other << ": the header";
  }
}

TEST_F(ApiOpenData, AnAssistedReportIsPublishedWithoutTheCitizenTheWitnessOrTheOfficial) {
  // A village official's bound phone enters a report for Pak Darmin, who consented in writing
  // before Bu Sri: in open data it is a record like any other, without any of them.
  const std::string official =
      officer_session(server_, "kades.sukamaju", "village_official", "", "32.12");
  TestDevice phone{server_};
  ASSERT_TRUE(phone.register_device());
  ASSERT_EQ(bind_official_device(server_, phone, official)->status, 201);
  domain::Report assisted = report_at(802, "32.12", kDinkes);
  assisted.category_id = "kesehatan";
  assisted.channel = domain::Channel::assisted;
  assisted.on_behalf = domain::OnBehalf{
      "Pak Darmin", "081298765432", {true, domain::ConsentMethod::written, "Bu Sri"}};
  auto pushed = phone.push({assisted});
  ASSERT_TRUE(pushed);
  ASSERT_EQ(pushed->verdicts.at(0).kind, wire::VerdictKind::stored);
  const auto records = by_code(get_json("/api/v1/open-data/reports?" + period_));
  ASSERT_TRUE(records.count(assisted.tracking_code)) << "(kesehatan, 32.12) now holds 4";
  for (const std::string& path :
       {"/api/v1/open-data/reports?" + period_, "/api/v1/open-data/reports.csv?" + period_}) {
    auto answer = get_as(server_, "", path);
    ASSERT_TRUE(answer && answer->status == 200) << path;
    EXPECT_NE(answer->body.find(assisted.tracking_code), std::string::npos) << path;
    for (const std::string& private_text :
         {std::string("Pak Darmin"), std::string("081298765432"), std::string("Bu Sri"),
          std::string("kades.sukamaju"), assisted.title, assisted.body})
      EXPECT_EQ(answer->body.find(private_text), std::string::npos) << path << ": " << private_text;
  }
}

TEST_F(ApiOpenData, BadQueriesGetAClearError) {
  for (const auto& [query, code] : std::vector<std::pair<std::string, std::string>>{
           {"year=1999", "open_data.bad_period"},
           {"year=2026&month=13", "open_data.bad_period"},
           {"agency=tidak-ada", "open_data.unknown_agency"},
           {"limit=0", "open_data.bad_limit"},
           {"limit=1001", "open_data.bad_limit"},
           {"limit=-1", "open_data.bad_limit"},
           {"cursor=abc", "open_data.bad_cursor"},
           {"cursor=", "open_data.bad_cursor"}}) {
    const json::Value error = get_json("/api/v1/open-data/reports?" + query, 400);
    ASSERT_TRUE(error.get("error")) << query;
    EXPECT_EQ(error.get("error")->string_at("code"), code) << query;
  }
}

}  // namespace
}  // namespace aduan::testing
