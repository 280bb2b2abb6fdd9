// tests/core/workflow/story.h: a case's history written as a story of dated steps.
//
// The clock and scheduler tests need real histories; building them through apply() keeps them
// honest (every step is one the machine allows) and keeps each test to the dates that matter.
// Times are local wall-clock hours in the story's zone, turned into UTC milliseconds here.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/domain/report.h"
#include "core/workflow/machine.h"
#include "core/workflow/time_zone.h"

namespace aduan::workflow::testing {

// `hour` o'clock local time on `date` in `zone`, as UTC milliseconds.
inline domain::Timestamp at(const domain::CivilDate& date, int hour, TimeZone zone) {
  return start_of_local_day(date, zone) + static_cast<domain::Timestamp>(hour) * 3'600'000;
}

struct Story {
  TimeZone zone = TimeZone::wib;
  domain::Timestamp received_at = 0;
  Case current;
  std::vector<Transition> history;

  Story(const domain::CivilDate& received, TimeZone z, int hour = 10)
      : zone(z), received_at(at(received, hour, z)) {}

  // Takes `action` on `date` at `hour`; fails the test if the machine refuses it.
  Story& then(Action action, const domain::CivilDate& date, int hour = 10,
              const std::string& target = "") {
    ActionRequest request;
    request.action = action;
    switch (action) {
      case Action::follow_up:
      case Action::respond:
      case Action::decline_authority:
        request.actor = {Role::liaison_officer, current.holding_agency_id};
        break;
      case Action::reporter_reply:
      case Action::complete:
      case Action::rate: request.actor = {Role::reporter, ""}; break;
      case Action::escalate_overdue:
      case Action::escalate_to_ombudsman: request.actor = {Role::system, ""}; break;
      default: request.actor = {Role::national_admin, ""}; break;
    }
    request.note = "Catatan petugas untuk langkah ini.";
    request.target_agency_id = target;
    request.rating = action == Action::rate ? 4 : 0;
    request.at = at(date, hour, zone);
    auto step = apply(current, request);
    EXPECT_TRUE(step.ok()) << to_string(action) << ": "
                           << (step.ok() ? "" : step.error().code + " " + step.error().detail);
    if (step.ok()) history.push_back(step.value());
    return *this;
  }

  // Applies what the scheduler returned, as the server would.
  void apply_all(const std::vector<ActionRequest>& requests) {
    for (const ActionRequest& request : requests) {
      auto step = apply(current, request);
      EXPECT_TRUE(step.ok()) << to_string(request.action);
      if (step.ok()) history.push_back(step.value());
    }
  }
};

}  // namespace aduan::workflow::testing
