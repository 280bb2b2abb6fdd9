// shell/portal/official_entry_state.h: the state each report of the village official's list
// shows (official_state.h), a pure function of what the device's store knows of the report, so
// that all four states are tested without a browser (tests/shell/official_entry_state_test.cpp);
// the browser test can catch "saved", "acknowledged" and "answered", never the moment of "sent".
#pragma once

#include <string_view>
#include <vector>

#include "core/store/records.h"

namespace aduan::app {

// The catalog key of the state:
//   official.state_answered      an agency answered: the timeline holds responded, completed or
//                                archived (whatever the outbox says)
//   official.state_saved         queued: saved on this device, not sent yet
//   official.state_sent          sending: a request carries it now
//   official.state_acknowledged  delivered: the server stored it
//   outbox.rejected              the server refused it (its problems are the outbox screen's)
std::string_view official_entry_state(const store::ReportSummary& summary,
                                      const std::vector<store::TimelineEvent>& events);

}  // namespace aduan::app
