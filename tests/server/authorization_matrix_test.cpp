// The authorization matrix over real HTTP: every officer role x every workflow action x where
// the case sits relative to the officer (own agency, other agency, own region, other region),
// both the allowed and the refused cells, plus what each role sees in lists and details.
//
// The officers: a national admin; a regional admin of Jawa Barat (32); the agency admin of the
// Indramayu regency government (kab-32.12, whose units include kab-32.12-dinkes); a liaison
// officer of kab-32.12-dinkes; a village official serving 32.12, who takes no workflow action
// and sees no case (the officials' own work, creating officials, entering reports and revoking
// devices, has a table of its own at the end).
// Where a case sits:
//   own_agency    located in 32.12, held by kab-32.12-dinkes (the liaison's agency, a unit of
//                 the agency admin's), routed on to kab-32.12-pupr
//   other_agency  located in 32.12, held by prov-32-dinkes (in the region, outside kab-32.12),
//                 routed on to prov-32-disdik
//   own_region    located in 32.12, held by kemenkes (a national ministry), routed on to kemensos
//   other_region  located in 61.08 (Landak, Kalimantan Barat), held by kab-61.08-dinkes,
//                 routed on to kab-61.08-pupr
// Each cell gets a fresh case brought to a status from which the action is possible (so a
// refusal is about who and where, never about status), then the officer tries the action.
// kAllowed lists, per role and place, the actions that must succeed; every other action of
// workflow::kAllActions must be refused. A role or place missing from the table fails.
#include <gtest/gtest.h>

#include <signal.h>

#include <map>
#include <set>

#include "core/workflow/status.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

struct Place {
  std::string region, holder, target, holder_liaison_agency;
};

const std::map<std::string, Place>& places() {
  static const std::map<std::string, Place> table = {
      {"own_agency", {"32.12", "kab-32.12-dinkes", "kab-32.12-pupr", "kab-32.12-dinkes"}},
      {"other_agency", {"32.12", "prov-32-dinkes", "prov-32-disdik", "prov-32-dinkes"}},
      {"own_region", {"32.12", "kemenkes", "kemensos", "kemenkes"}},
      {"other_region", {"61.08", "kab-61.08-dinkes", "kab-61.08-pupr", "kab-61.08-dinkes"}},
  };
  return table;
}

const std::vector<std::string> kRoles = {"national_admin", "regional_admin", "agency_admin", "liaison_officer",
                                         "village_official"};

const std::string kAdminWork = "verify reject hold resume disposition redisposition archive";

// role -> place -> the actions that must succeed (space-separated).
const std::map<std::string, std::map<std::string, std::string>> kAllowed = {
    {"national_admin",
     {{"own_agency", kAdminWork}, {"other_agency", kAdminWork}, {"own_region", kAdminWork}, {"other_region", kAdminWork}}},
    {"regional_admin",
     {{"own_agency", kAdminWork},
      {"other_agency", kAdminWork},
      // Located in the region, so in view; but a national ministry is not in the region, so
      // the admin may not route there.
      {"own_region", "verify reject hold resume archive"},
      {"other_region", ""}}},
    {"agency_admin",
     {{"own_agency", "redisposition decline_authority follow_up respond"},
      {"other_agency", ""},
      {"own_region", ""},
      {"other_region", ""}}},
    {"liaison_officer",
     {{"own_agency", "decline_authority follow_up respond"}, {"other_agency", ""}, {"own_region", ""}, {"other_region", ""}}},
    // Enters reports for neighbours (api_officials_test.cpp); takes no workflow action anywhere,
    // not even on a case located in the region it serves (32.12).
    {"village_official", {{"own_agency", ""}, {"other_agency", ""}, {"own_region", ""}, {"other_region", ""}}},
};

// role -> the places whose cases it sees in its queue and details.
const std::map<std::string, std::set<std::string>> kVisible = {
    {"national_admin", {"own_agency", "other_agency", "own_region", "other_region"}},
    {"regional_admin", {"own_agency", "other_agency", "own_region"}},
    {"agency_admin", {"own_agency"}},
    {"liaison_officer", {"own_agency"}},
    {"village_official", {}},
};

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.insert(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class AuthorizationMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(server_args({"--address-rate", "100000", "--scheduler-interval", "0"}));
    ASSERT_TRUE(server_->started()) << server_->output();
    sessions_ = new std::map<std::string, std::string>{
        {"national_admin", officer_session(*server_, "nasional", "national_admin", "", "")},
        {"regional_admin", officer_session(*server_, "jabar", "regional_admin", "", "32")},
        {"agency_admin", officer_session(*server_, "admin.indramayu", "agency_admin", "kab-32.12", "")},
        {"liaison_officer", officer_session(*server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "")},
        {"village_official", officer_session(*server_, "kades.sukamaju", "village_official", "", "32.12")},
    };
    for (const auto& [name, place] : places()) {
      if (place.holder_liaison_agency == "kab-32.12-dinkes") continue;
      (*sessions_)["helper:" + place.holder] =
          officer_session(*server_, "helper." + place.holder, "liaison_officer", place.holder_liaison_agency, "");
    }
    (*sessions_)["helper:kab-32.12-dinkes"] = (*sessions_)["liaison_officer"];
  }
  static void TearDownTestSuite() {
    delete server_;
    delete sessions_;
    server_ = nullptr;
    sessions_ = nullptr;
  }

  // Pushes one report per wanted case in one batch, addressed by the citizen to `agency`.
  std::vector<domain::Report> push_cases(const std::vector<std::pair<std::string, std::string>>& region_agency) {
    TestDevice device(*server_);
    EXPECT_TRUE(device.register_device());
    std::vector<domain::Report> reports;
    for (const auto& [region, agency] : region_agency) reports.push_back(report_at(++seed_, region, agency));
    auto pushed = device.push(reports);
    EXPECT_TRUE(pushed.has_value());
    return reports;
  }

  void must(const httplib::Result& result, const std::string& what) {
    ASSERT_TRUE(result) << what << ": " << httplib::to_string(result.error()) << " (server alive: " << (::kill(server_->pid(), 0) == 0) << ")";
    ASSERT_EQ(result->status, 200) << what << ": " << result->body;
  }

  // Brings `report` (pushed addressed to the place's holder, or to the intake agency for the
  // routed statuses) to a status from which `action` can be taken.
  void prepare(const domain::Report& report, const Place& place, workflow::Action action) {
    const std::string& national = sessions_->at("national_admin");
    const std::string& helper = sessions_->at("helper:" + place.holder);
    using workflow::Action;
    switch (action) {
      case Action::verify:
      case Action::reject:
      case Action::hold:
        return;
      case Action::resume:
        return must(act(*server_, national, report.id, {"hold", "menunggu data"}), "hold");
      case Action::disposition:
        return must(act(*server_, national, report.id, {"verify"}), "verify");
      case Action::archive:
        return must(act(*server_, national, report.id, {"reject", "bukan pelayanan publik"}), "reject");
      default:
        break;
    }
    must(act(*server_, national, report.id, {"verify"}), "verify");
    must(act(*server_, national, report.id, {"disposition", "", place.holder}), "disposition");
    if (action == Action::redisposition || action == Action::decline_authority || action == Action::follow_up ||
        action == Action::escalate_to_ombudsman || action == Action::escalate_overdue)
      return;
    must(act(*server_, helper, report.id, {"follow_up", "Kami tinjau."}), "follow_up");
    if (action == Action::respond) return;
    must(act(*server_, helper, report.id, {"respond", "Sudah diperbaiki."}), "respond");
    if (action == Action::reporter_reply || action == Action::complete) return;
    must(reporter_act(*server_, report, {"complete"}), "complete");
  }

  static ServerProcess* server_;
  static std::map<std::string, std::string>* sessions_;
  std::uint64_t seed_ = 5000;
};

ServerProcess* AuthorizationMatrix::server_ = nullptr;
std::map<std::string, std::string>* AuthorizationMatrix::sessions_ = nullptr;

TEST_F(AuthorizationMatrix, EveryRoleActionAndPlaceIsAllowedOrRefusedAsTheTableSays) {
  const std::set<std::string> refusal_codes = {"officer.out_of_scope", "workflow.role_not_permitted",
                                               "workflow.not_holding_agency", "workflow.target_out_of_scope"};
  // The cells, in a fixed order, and one case for each.
  struct Cell {
    std::string role, place;
    workflow::Action action;
  };
  std::vector<Cell> cells;
  std::vector<std::pair<std::string, std::string>> wanted;
  for (const auto& role : kRoles) {
    ASSERT_TRUE(kAllowed.count(role)) << "no row for role " << role;
    for (const auto& [place_name, place] : places()) {
      ASSERT_TRUE(kAllowed.at(role).count(place_name)) << "no cell for " << role << " x " << place_name;
      for (auto action : workflow::kAllActions) {
        cells.push_back({role, place_name, action});
        const bool routed = action != workflow::Action::verify && action != workflow::Action::reject &&
                            action != workflow::Action::hold && action != workflow::Action::resume &&
                            action != workflow::Action::disposition && action != workflow::Action::archive;
        wanted.emplace_back(place.region, routed ? "kemenpanrb-lapor" : place.holder);
      }
    }
  }
  const auto reports = push_cases(wanted);
  ASSERT_EQ(reports.size(), cells.size());
  int allowed_cells = 0, refused_cells = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Cell& cell = cells[i];
    const Place& place = places().at(cell.place);
    const std::string name = std::string(workflow::to_string(cell.action));
    SCOPED_TRACE(cell.role + " x " + name + " x " + cell.place);
    ASSERT_NO_FATAL_FAILURE(prepare(reports[i], place, cell.action));
    Act attempt{name, "Catatan petugas.", "", "", "", 0};
    if (cell.action == workflow::Action::disposition || cell.action == workflow::Action::redisposition)
      attempt.target = place.target;
    if (cell.action == workflow::Action::rate) attempt.rating = 4;
    auto result = act(*server_, sessions_->at(cell.role), reports[i].id, attempt);
    ASSERT_TRUE(result);
    const bool expected = words(kAllowed.at(cell.role).at(cell.place)).count(name) > 0;
    if (expected) {
      ++allowed_cells;
      EXPECT_EQ(result->status, 200) << result->body;
    } else {
      ++refused_cells;
      EXPECT_TRUE(result->status == 403 || result->status == 409) << result->status << " " << result->body;
      bool known_code = false;
      for (const auto& code : refusal_codes) known_code = known_code || contains(result, "\"" + code + "\"");
      EXPECT_TRUE(known_code) << "refused for who or where, not for status: " << result->body;
    }
  }
  EXPECT_EQ(allowed_cells + refused_cells,
            static_cast<int>(kRoles.size() * places().size() * workflow::kAllActions.size()));
  EXPECT_GT(allowed_cells, 40);
}

TEST_F(AuthorizationMatrix, EachRoleSeesExactlyTheCasesOfItsScopeInListsAndDetails) {
  std::vector<std::pair<std::string, std::string>> wanted;
  std::vector<std::string> names;
  for (const auto& [name, place] : places()) {
    wanted.emplace_back(place.region, place.holder);
    names.push_back(name);
  }
  const auto reports = push_cases(wanted);
  for (const auto& role : kRoles) {
    ASSERT_TRUE(kVisible.count(role)) << "no visibility row for " << role;
    const std::string& session = sessions_->at(role);
    auto queue = get_as(*server_, session, "/api/v1/officer/queue?limit=500");
    ASSERT_TRUE(queue);
    ASSERT_EQ(queue->status, 200) << queue->body;
    auto wire_list = wire_answer<wire::OfficerReportsResponse>(server_->client().Post(
        "/api/v1/officer/reports", {{"X-Aduan-Session", session}}, wire_body(wire::OfficerReportsRequest{"", 500, 0}),
        kWireType));
    ASSERT_TRUE(wire_list);
    for (std::size_t i = 0; i < reports.size(); ++i) {
      SCOPED_TRACE(role + " x " + names[i]);
      const bool visible = kVisible.at(role).count(names[i]) > 0;
      EXPECT_EQ(contains(queue, reports[i].tracking_code), visible);
      bool listed = false;
      for (const auto& row : wire_list->reports) listed = listed || row.report.id == reports[i].id;
      EXPECT_EQ(listed, visible);
      auto detail = get_as(*server_, session, "/api/v1/officer/reports/" + reports[i].id.to_string());
      ASSERT_TRUE(detail);
      EXPECT_EQ(detail->status, visible ? 200 : 403) << detail->body;
    }
  }
}

// The village officials' own actions, per role and region: creating an official's account for a
// region, entering a report for a citizen there through a device bound to oneself, and revoking
// the device binding of an official of that region (for village_official: another official's;
// official_themself is the official whose binding it is, a row of its own).
// own_region is 32.12 (inside the regional admin's 32 and the official's 32.12), other_region
// 61.08. Every cell not listed must be refused.
const std::map<std::string, std::map<std::string, std::string>> kOfficialWork = {
    {"national_admin",
     {{"own_region", "create_official revoke_device"},
      {"other_region", "create_official revoke_device"}}},
    {"regional_admin", {{"own_region", "create_official revoke_device"}, {"other_region", ""}}},
    {"agency_admin", {{"own_region", ""}, {"other_region", ""}}},
    {"liaison_officer", {{"own_region", ""}, {"other_region", ""}}},
    {"village_official", {{"own_region", "enter_report"}, {"other_region", ""}}},
    {"official_themself", {{"own_region", "revoke_device"}, {"other_region", "revoke_device"}}},
};

TEST_F(AuthorizationMatrix, VillageOfficialWorkIsAllowedOrRefusedAsItsTableSays) {
  const std::map<std::string, std::string> regions = {{"own_region", "32.12"}, {"other_region", "61.08"}};
  const std::map<std::string, std::string> agencies = {{"own_region", "kab-32.12-dinkes"},
                                                       {"other_region", "kab-61.08-dinkes"}};
  int cells = 0;
  for (const auto& role : kRoles) {
    ASSERT_TRUE(kOfficialWork.count(role)) << "no row for role " << role;
    const std::string& session = sessions_->at(role);
    for (const auto& [place, region] : regions) {
      ASSERT_TRUE(kOfficialWork.at(role).count(place)) << "no cell for " << role << " x " << place;
      const auto allowed = words(kOfficialWork.at(role).at(place));
      SCOPED_TRACE(role + " x " + place);
      const std::string username = "kades." + std::to_string(++seed_);
      auto created = server_->client().Post("/api/v1/officer/officials", {{"X-Aduan-Session", session}},
                                            "username=" + username + "&password=kata-sandi-panjang&region_code=" + region,
                                            "application/x-www-form-urlencoded");
      ASSERT_TRUE(created);
      EXPECT_EQ(created->status, allowed.count("create_official") ? 201 : 403) << created->body;

      TestDevice device(*server_);
      ASSERT_TRUE(device.register_device());
      auto bound = bind_official_device(*server_, device, session);
      ASSERT_TRUE(bound);
      bool entered = false;
      if (bound->status == 201) {
        domain::Report report = report_at(++seed_, region, agencies.at(place));
        report.channel = domain::Channel::assisted;
        report.on_behalf = domain::OnBehalf{"", "", {true, domain::ConsentMethod::spoken, ""}};
        auto pushed = device.push({report});
        ASSERT_TRUE(pushed);
        entered = pushed->verdicts.at(0).kind == wire::VerdictKind::stored;
      } else {
        EXPECT_EQ(bound->status, 403) << bound->body;
      }
      EXPECT_EQ(entered, allowed.count("enter_report") > 0);
      cells += 2;
    }
  }
  EXPECT_EQ(cells, static_cast<int>(kRoles.size() * regions.size() * 2));
}

// Each cell: the national admin makes an official of the place, who signs in on a fresh device
// (the binding), then the role tries to revoke that binding; allowed, the device is refused from
// then on; refused (403 official.forbidden), it still works.
TEST_F(AuthorizationMatrix, RevokingAnOfficialsDeviceIsAllowedOrRefusedAsItsTableSays) {
  const std::map<std::string, std::string> regions = {{"own_region", "32.12"},
                                                      {"other_region", "61.08"}};
  std::vector<std::string> actors = kRoles;
  actors.push_back("official_themself");
  int cells = 0;
  for (const auto& actor : actors) {
    ASSERT_TRUE(kOfficialWork.count(actor)) << "no row for " << actor;
    for (const auto& [place, region] : regions) {
      ASSERT_TRUE(kOfficialWork.at(actor).count(place))
          << "no cell for " << actor << " x " << place;
      SCOPED_TRACE(actor + " x " + place);
      drain(*server_);
      const std::string username = "kades.cabut." + std::to_string(++seed_);
      auto created = server_->client().Post(
          "/api/v1/officer/officials", {{"X-Aduan-Session", sessions_->at("national_admin")}},
          "username=" + username + "&password=kata-sandi-panjang&region_code=" + region,
          "application/x-www-form-urlencoded");
      ASSERT_TRUE(created);
      ASSERT_EQ(created->status, 201) << created->body;
      auto login = wire_answer<wire::OfficerLoginResponse>(server_->client().Post(
          "/api/v1/officer/login",
          wire_body(wire::OfficerLoginRequest{username, "kata-sandi-panjang"}), kWireType));
      ASSERT_TRUE(login);
      TestDevice device(*server_);
      ASSERT_TRUE(device.register_device());
      auto bound = bind_official_device(*server_, device, login->session_token);
      ASSERT_TRUE(bound);
      ASSERT_EQ(bound->status, 201) << bound->body;
      const auto at = bound->body.find("\"binding_id\":\"") + 14;
      const std::string binding = bound->body.substr(at, bound->body.find('"', at) - at);
      ASSERT_TRUE(binding.starts_with("official-")) << bound->body;

      const std::string& session =
          actor == "official_themself" ? login->session_token : sessions_->at(actor);
      auto revoked = server_->client().Post(
          "/api/v1/officer/official-devices/" + binding + "/revoke", {{"X-Aduan-Session", session}},
          "", "application/x-www-form-urlencoded");
      ASSERT_TRUE(revoked);
      const bool allowed = words(kOfficialWork.at(actor).at(place)).count("revoke_device") > 0;
      EXPECT_EQ(revoked->status, allowed ? 200 : 403) << revoked->body;
      EXPECT_EQ(contains(revoked, "\"official.forbidden\""), !allowed) << revoked->body;
      auto own = server_->client().Get("/api/v1/official", device.headers());
      EXPECT_TRUE(contains(own, allowed ? "\"revoked\":true" : "\"revoked\":false"))
          << (own ? own->body : "");
      ++cells;
    }
  }
  EXPECT_EQ(cells, static_cast<int>(actors.size() * regions.size()));
}

}  // namespace
}  // namespace aduan::testing
