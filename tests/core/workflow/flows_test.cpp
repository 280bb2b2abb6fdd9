// Tests whole journeys of a case through the status machine, and the names the wire and the
// message catalog use (core/workflow/machine.h, core/workflow/status.h).
//
// Each journey is a sequence of requests applied one after another, as the server would apply
// a case's stored history; the history it returns is checked step by step.
#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/workflow/machine.h"
#include "core/workflow/status.h"
#include "core/workflow/working_days.h"

namespace aduan::workflow {

// GoogleTest prints these by name rather than as bytes in failure messages.
inline void PrintTo(Status value, std::ostream* out) { *out << to_string(value); }
inline void PrintTo(Action value, std::ostream* out) { *out << to_string(value); }
inline void PrintTo(Role value, std::ostream* out) { *out << to_string(value); }

namespace {

const Actor kAdmin{Role::national_admin, ""};
const Actor kRegionalAdmin{Role::regional_admin, ""};
const Actor kPuprAdmin{Role::agency_admin, "dinas-pupr"};
const Actor kPuprLiaison{Role::liaison_officer, "dinas-pupr"};
const Actor kUptdLiaison{Role::liaison_officer, "uptd-jalan"};
const Actor kDinkesLiaison{Role::liaison_officer, "dinkes"};
const Actor kReporter{Role::reporter, ""};
const Actor kSystem{Role::system, ""};

ActionRequest ask(Action action, Actor actor, std::string note = "", std::string target_agency = "",
                  int rating = 0) {
  ActionRequest request;
  request.action = action;
  request.actor = std::move(actor);
  request.note = std::move(note);
  request.target_agency_id = std::move(target_agency);
  request.rating = rating;
  return request;
}

// Applies the requests in order, stopping the test at the first refusal.
std::vector<Transition> run(Case& c, const std::vector<ActionRequest>& requests) {
  std::vector<Transition> history;
  Timestamp at = 1'700'000'000'000;
  for (ActionRequest request : requests) {
    request.at = at += 60'000;
    auto step = apply(c, request);
    EXPECT_TRUE(step.ok()) << to_string(request.action) << ": " << step.error().code;
    if (!step.ok()) break;
    history.push_back(std::move(step).value());
  }
  return history;
}

std::vector<Status> statuses_after(const std::vector<Transition>& history) {
  std::vector<Status> out;
  out.reserve(history.size());
  for (const Transition& step : history) out.push_back(step.to);
  return out;
}

TEST(Names, RoundTripForEveryValue) {
  std::set<std::string_view> seen;
  for (Status status : kAllStatuses) {
    EXPECT_EQ(parse_status(to_string(status)), status);
    EXPECT_EQ(message_key(status), "status." + std::string(to_string(status)));
    seen.insert(to_string(status));
  }
  for (Action action : kAllActions) {
    EXPECT_EQ(parse_action(to_string(action)), action);
    EXPECT_EQ(message_key(action), "action." + std::string(to_string(action)));
    seen.insert(to_string(action));
  }
  for (Role role : kAllRoles) {
    EXPECT_EQ(parse_role(to_string(role)), role);
    EXPECT_EQ(message_key(role), "role." + std::string(to_string(role)));
    seen.insert(to_string(role));
  }
  EXPECT_EQ(seen.size(), kAllStatuses.size() + kAllActions.size() + kAllRoles.size());
}

TEST(Names, AreTheStableSpellings) {
  EXPECT_EQ(to_string(Status::in_progress), "in_progress");
  EXPECT_EQ(message_key(Status::received), "status.received");
  EXPECT_EQ(to_string(Action::decline_authority), "decline_authority");
  EXPECT_EQ(to_string(Role::liaison_officer), "liaison_officer");
  EXPECT_FALSE(parse_status("Received"));
  EXPECT_FALSE(parse_status(""));
  EXPECT_FALSE(parse_action("unknown"));
  EXPECT_FALSE(parse_role("admin"));
  EXPECT_EQ(to_string(static_cast<Status>(99)), "unknown");
}

TEST(Names, ResolvedMeansNothingMoreIsOwed) {
  std::set<Status> resolved;
  for (Status status : kAllStatuses) {
    if (is_resolved(status)) resolved.insert(status);
  }
  EXPECT_EQ(resolved, (std::set<Status>{Status::rejected, Status::completed, Status::archived}));
}

TEST(Journey, HappyPathFromReceivedToArchived) {
  Case c;
  auto history = run(c, {
                            ask(Action::verify, kRegionalAdmin),
                            ask(Action::disposition, kRegionalAdmin, "", "dinas-pupr"),
                            ask(Action::follow_up, kPuprLiaison, "Tim survei dijadwalkan."),
                            ask(Action::respond, kPuprLiaison, "Jalan sudah ditambal."),
                            ask(Action::complete, kReporter),
                            ask(Action::rate, kReporter, "Cepat, terima kasih.", "", 5),
                            ask(Action::archive, kSystem),
                        });
  EXPECT_EQ(statuses_after(history),
            (std::vector<Status>{Status::verified, Status::dispositioned, Status::in_progress,
                                 Status::responded, Status::completed, Status::completed,
                                 Status::archived}));
  EXPECT_EQ(c.status, Status::archived);
  EXPECT_EQ(c.holding_agency_id, "dinas-pupr");  // kept: the record shows who resolved it
  EXPECT_EQ(c.rating, 5);
  ASSERT_EQ(history.size(), 7u);
  EXPECT_EQ(history[1].target_agency_id, "dinas-pupr");
  EXPECT_EQ(history[3].note, "Jalan sudah ditambal.");
  EXPECT_EQ(history[3].actor_agency_id, "dinas-pupr");
  EXPECT_EQ(history[5].rating, 5);
  EXPECT_LT(history[0].at, history[6].at);
}

TEST(Journey, NotOurAuthorityGoesBackForReRouting) {
  Case c;
  auto history = run(c, {
                            ask(Action::verify, kAdmin),
                            ask(Action::disposition, kAdmin, "", "dinkes"),
                            ask(Action::decline_authority, kDinkesLiaison, "Urusan jalan."),
                        });
  EXPECT_EQ(c.status, Status::verified);
  EXPECT_EQ(c.holding_agency_id, "");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2].actor_agency_id, "dinkes");
  // The agency that declined has no hold on it any more.
  EXPECT_FALSE(decide(c, ask(Action::follow_up, kDinkesLiaison, "x")).ok());
  EXPECT_EQ(available_actions(c, kAdmin),
            (std::vector<Action>{Action::reject, Action::disposition}));

  run(c, {
             ask(Action::disposition, kAdmin, "", "dinas-pupr"),
             ask(Action::follow_up, kPuprLiaison, "Diterima."),
         });
  EXPECT_EQ(c.status, Status::in_progress);
  EXPECT_EQ(c.holding_agency_id, "dinas-pupr");
}

TEST(Journey, AgencyAdminPassesDownToAUnitWhichAnswers) {
  Case c;
  run(c, {
             ask(Action::verify, kAdmin),
             ask(Action::disposition, kAdmin, "", "dinas-pupr"),
             ask(Action::follow_up, kPuprAdmin, "Diteruskan ke UPTD."),
             ask(Action::redisposition, kPuprAdmin, "Wilayah UPTD jalan.", "uptd-jalan"),
         });
  EXPECT_EQ(c.status, Status::dispositioned);  // the unit follows up afresh
  EXPECT_EQ(c.holding_agency_id, "uptd-jalan");
  EXPECT_FALSE(decide(c, ask(Action::follow_up, kPuprLiaison, "x")).ok());
  run(c, {
             ask(Action::follow_up, kUptdLiaison, "Survei besok."),
             ask(Action::respond, kUptdLiaison, "Selesai ditambal."),
         });
  EXPECT_EQ(c.status, Status::responded);
}

TEST(Journey, ReporterRepliesUntilSatisfiedThenTheSystemCompletes) {
  Case c;
  c.status = Status::in_progress;
  c.holding_agency_id = "dinas-pupr";
  auto history = run(c, {
                            ask(Action::respond, kPuprLiaison, "Sudah ditambal."),
                            ask(Action::reporter_reply, kReporter, "Masih berlubang."),
                            ask(Action::respond, kPuprLiaison, "Ditambal ulang."),
                            ask(Action::reporter_reply, kReporter, "Sisi kiri belum."),
                            ask(Action::respond, kPuprLiaison, "Sisi kiri selesai."),
                            ask(Action::complete, kSystem),
                        });
  EXPECT_EQ(statuses_after(history),
            (std::vector<Status>{Status::responded, Status::in_progress, Status::responded,
                                 Status::in_progress, Status::responded, Status::completed}));
  EXPECT_EQ(c.holding_agency_id, "dinas-pupr");
  EXPECT_EQ(history[3].actor_role, Role::reporter);
}

TEST(Journey, HoldThenResumeOrVerify) {
  Case c;
  run(c, {
             ask(Action::hold, kAdmin, "Lokasi kurang jelas."),
             ask(Action::resume, kAdmin),
             ask(Action::hold, kAdmin, "Foto tidak terbaca."),
             ask(Action::verify, kAdmin, "Dilengkapi pelapor."),
         });
  EXPECT_EQ(c.status, Status::verified);
  run(c, {ask(Action::reject, kAdmin, "Bukan pelayanan publik."), ask(Action::archive, kAdmin)});
  EXPECT_EQ(c.status, Status::archived);
}

TEST(Journey, EscalationMarkerTravelsWithTheCase) {
  Case c;
  c.status = Status::dispositioned;
  c.holding_agency_id = "dinas-pupr";
  run(c, {
             ask(Action::escalate_to_ombudsman, kSystem),
             ask(Action::follow_up, kPuprLiaison, "Ditindaklanjuti."),
             ask(Action::respond, kPuprLiaison, "Selesai."),
             ask(Action::complete, kReporter),
         });
  EXPECT_TRUE(c.escalated_to_ombudsman);
  EXPECT_EQ(c.status, Status::completed);
  EXPECT_FALSE(decide(c, ask(Action::escalate_to_ombudsman, kSystem)).ok());
}

TEST(SystemDue, AutoCompletesTenWorkingDaysAfterTheResponse) {
  Calendar calendar;
  Case c;
  c.status = Status::responded;
  CivilDate responded_on{2024, 3, 1};  // a Friday
  EXPECT_FALSE(auto_complete_due(c, calendar, responded_on, {2024, 3, 14}));
  EXPECT_TRUE(auto_complete_due(c, calendar, responded_on, {2024, 3, 15}));
  c.status = Status::in_progress;  // the reporter replied: the clock no longer applies
  EXPECT_FALSE(auto_complete_due(c, calendar, responded_on, {2024, 4, 15}));
}

TEST(SystemDue, EscalatesOnceSixtyWorkingDaysPassUnresolved) {
  Calendar calendar;
  Case c;
  c.status = Status::in_progress;
  CivilDate received_on{2024, 1, 1};  // a Monday
  CivilDate due = calendar.add_working_days(received_on, kOmbudsmanAfterWorkingDays);
  EXPECT_EQ(due, (CivilDate{2024, 3, 25}));
  EXPECT_FALSE(ombudsman_escalation_due(c, calendar, received_on, {2024, 3, 22}));
  EXPECT_TRUE(ombudsman_escalation_due(c, calendar, received_on, due));
  c.escalated_to_ombudsman = true;
  EXPECT_FALSE(ombudsman_escalation_due(c, calendar, received_on, due));
  c.escalated_to_ombudsman = false;
  c.status = Status::completed;
  EXPECT_FALSE(ombudsman_escalation_due(c, calendar, received_on, due));
}

}  // namespace
}  // namespace aduan::workflow
