// shell/portal/official_entry_state.cpp: the state of one report of the village official's list
// (official_entry_state.h). An answer outranks the outbox: the timeline only has events of
// reports the server holds, and "answered" is what the official tells the citizen next.
#include "shell/portal/official_entry_state.h"

namespace aduan::app {

std::string_view official_entry_state(const store::ReportSummary& summary,
                                      const std::vector<store::TimelineEvent>& events) {
  for (const auto& event : events)
    if (event.status == "responded" || event.status == "completed" || event.status == "archived")
      return "official.state_answered";
  switch (summary.state) {
    case store::OutboxState::queued: return "official.state_saved";
    case store::OutboxState::sending: return "official.state_sent";
    case store::OutboxState::delivered: return "official.state_acknowledged";
    case store::OutboxState::rejected: return "outbox.rejected";
  }
  return "official.state_saved";
}

}  // namespace aduan::app
