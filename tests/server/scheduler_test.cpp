// The deadline scheduler driven by `aduan-server run-scheduler --at <time>` on a running
// server's database: auto-completion on the 10th working day after an unanswered response,
// escalation to the parent agency the day after a missed follow-up, the Ombudsman marker
// after 60 working days; each exactly once however often the pass runs, with its event and
// audit row signed by the system.
//
// The dates are counted from today with the catalog's own holiday calendar (the counting itself
// is core/workflow's, tested there); what is tested here is that the server applies what is
// due, on the right day and not the day before, and never twice.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "core/domain/catalog.h"
#include "core/workflow/time_zone.h"
#include "core/workflow/working_days.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

workflow::Calendar catalog_calendar() {
  std::ifstream in(catalog_dir() + "/holidays.tsv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto holidays = domain::parse_holidays(text);
  EXPECT_TRUE(holidays.ok());
  workflow::Calendar calendar;
  if (holidays.ok())
    for (const auto& day : holidays.value()) calendar.add_non_working_day(day.date);
  return calendar;
}

// Noon in Jakarta (WIB) on `day`.
std::string noon(const domain::CivilDate& day) { return domain::to_string(day) + "T12:00:00+07:00"; }

class Scheduler : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    liaison_ = officer_session(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
  }

  // Runs one pass at `at` and returns its JSON summary line.
  std::string run_at(const std::string& at) { return run_scheduler_at(server_, at); }

  std::string detail(const domain::Report& report) {
    return get_as(server_, national_, "/api/v1/officer/reports/" + report.id.to_string())->body;
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  TestDevice device_{server_};
  std::string national_, liaison_;
};

TEST_F(Scheduler, RunSchedulerAppliesEachDueSystemActionOnItsDayAndOnlyOnce) {
  const workflow::Calendar calendar = catalog_calendar();
  const domain::CivilDate today = workflow::local_date(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count(),
      workflow::TimeZone::wib);
  const auto answered = report_at(301, "32.12", "kab-32.12-dinkes");
  const auto ignored = report_at(302, "32.12", "kab-32.12-dinkes");
  const auto untouched = report_at(303, "32.12", "kab-32.12-dinkes");
  ASSERT_TRUE(device_.push({answered, ignored, untouched}));
  for (const auto* report : {&answered, &ignored}) {
    ASSERT_EQ(act(server_, national_, report->id, {"verify"})->status, 200);
    ASSERT_EQ(act(server_, national_, report->id, {"disposition", "", "kab-32.12-pupr"})->status, 200);
    ASSERT_EQ(act(server_, national_, report->id, {"redisposition", "", "kab-32.12-dinkes"})->status, 200);
  }
  ASSERT_EQ(act(server_, liaison_, answered.id, {"follow_up", "Kami tinjau."})->status, 200);
  ASSERT_EQ(act(server_, liaison_, answered.id, {"respond", "Sudah diperbaiki."})->status, 200);

  const domain::CivilDate follow_up_due = calendar.add_working_days(today, 5);
  const domain::CivilDate completion_day = calendar.add_working_days(today, 10);
  const domain::CivilDate ombudsman_day = calendar.add_working_days(today, 60);

  EXPECT_NE(run_at(noon(follow_up_due)).find("\"completed\":0,\"escalated\":0,\"ombudsman\":0"), std::string::npos)
      << "on the due day the follow-up is not late yet";
  const std::string escalated = run_at(noon(workflow::add_days(follow_up_due, 1)));
  EXPECT_NE(escalated.find("\"escalated\":1"), std::string::npos) << escalated;
  EXPECT_NE(run_at(noon(workflow::add_days(follow_up_due, 1))).find("\"escalated\":0"), std::string::npos);
  EXPECT_NE(detail(ignored).find("\"escalated_to_agency_id\":\"kab-32.12\""), std::string::npos) << detail(ignored);
  EXPECT_NE(detail(ignored).find("\"status\":\"dispositioned\""), std::string::npos) << "the holder keeps the case";

  const domain::CivilDate day_before = calendar.add_working_days(today, 9);
  EXPECT_NE(run_at(noon(day_before)).find("\"completed\":0"), std::string::npos);
  const std::string completed = run_at(noon(completion_day));
  EXPECT_NE(completed.find("\"completed\":1"), std::string::npos) << completed;
  EXPECT_NE(run_at(noon(completion_day)).find("\"completed\":0"), std::string::npos);
  const std::string answered_detail = detail(answered);
  EXPECT_NE(answered_detail.find("\"status\":\"completed\""), std::string::npos) << answered_detail;
  EXPECT_NE(answered_detail.find("\"action\":\"complete\",\"status\":\"completed\",\"agency_id\":\"kab-32.12-dinkes\","
                                 "\"actor\":\"system\",\"actor_role\":\"system\""),
            std::string::npos)
      << answered_detail;

  const std::string before_ombudsman = run_at(noon(workflow::add_days(ombudsman_day, -1)));
  EXPECT_NE(before_ombudsman.find("\"ombudsman\":0"), std::string::npos) << before_ombudsman;
  const std::string ombudsman = run_at(noon(ombudsman_day));
  EXPECT_NE(ombudsman.find("\"ombudsman\":2"), std::string::npos) << "the ignored and the untouched case: " << ombudsman;
  EXPECT_NE(run_at(noon(ombudsman_day)).find("\"ombudsman\":0"), std::string::npos);
  EXPECT_NE(detail(untouched).find("\"escalated_to_ombudsman\":true"), std::string::npos) << detail(untouched);
  EXPECT_NE(detail(answered).find("\"escalated_to_ombudsman\":false"), std::string::npos) << "resolved in time";

  auto audit = get_as(server_, national_, "/api/v1/officer/audit?limit=1000");
  std::size_t system_rows = 0;
  for (std::size_t at = 0; (at = audit->body.find("\"actor\":\"system\"", at)) != std::string::npos; ++at)
    ++system_rows;
  EXPECT_EQ(system_rows, 4u) << "one escalation, one completion, two Ombudsman markers";
}

TEST_F(Scheduler, ABadTimeIsRefusedWithAMessage) {
  const std::string command = server_binary() + " run-scheduler --at 2026-13-45 --catalog-dir " +
                              catalog_dir() + " --data-dir " + server_.data_dir() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  EXPECT_NE(pclose(pipe), 0);
  EXPECT_NE(out.find("ISO time"), std::string::npos) << out;
}

}  // namespace
}  // namespace aduan::testing
