// The village official's list and home in plain words, without a browser: the state each report
// shows (shell/portal/official_entry_state.h: saved here, sent, acknowledged, answered, and
// refused), and the sync failure of a revoked or expired official device named as such
// (shell/ui/app_format.cpp's error_key) rather than as the generic "register again".
#include "shell/portal/official_entry_state.h"

#include <gtest/gtest.h>

#include "shell/ui/app_context.h"

namespace aduan::app {
namespace {

store::ReportSummary in(store::OutboxState state) {
  store::ReportSummary summary;
  summary.state = state;
  return summary;
}

store::TimelineEvent event(const char* status) {
  store::TimelineEvent e;
  e.status = status;
  return e;
}

TEST(OfficialEntryState, EachOutboxStateHasItsOwnWords) {
  EXPECT_EQ(official_entry_state(in(store::OutboxState::queued), {}), "official.state_saved");
  EXPECT_EQ(official_entry_state(in(store::OutboxState::sending), {}), "official.state_sent");
  EXPECT_EQ(official_entry_state(in(store::OutboxState::delivered), {}),
            "official.state_acknowledged");
  EXPECT_EQ(official_entry_state(in(store::OutboxState::rejected), {}), "outbox.rejected");
}

TEST(OfficialEntryState, AnAgencysAnswerOrItsEndIsAnsweredAndOnlyThat) {
  const auto delivered = in(store::OutboxState::delivered);
  for (const char* status : {"received", "verified", "dispositioned", "in_progress"})
    EXPECT_EQ(official_entry_state(delivered, {event("received"), event(status)}),
              "official.state_acknowledged")
        << status;
  for (const char* status : {"responded", "completed", "archived"})
    EXPECT_EQ(official_entry_state(delivered, {event("received"), event(status)}),
              "official.state_answered")
        << status;
}

TEST(OfficialSyncProblem, ARevokedOrExpiredDeviceIsSaidSoAndOther403sStayGeneric) {
  EXPECT_EQ(error_key("http 403 official.revoked: this device was revoked by an admin"),
            "official.revoked");
  EXPECT_EQ(error_key("http 403 official.expired: the official's sign-in on this device has "
                      "expired; sign in again"),
            "official.expired");
  EXPECT_EQ(error_key("http 403 kiosk.revoked: this kiosk was revoked"), "error.auth");
  EXPECT_EQ(error_key("http 401 device.unknown"), "error.auth");
}

}  // namespace
}  // namespace aduan::app
