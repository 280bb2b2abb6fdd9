// The case index against the full event list: for thousands of randomized histories, what the
// store answers from its case rows (the queue's order, totals and pages, the statistics' sums
// and figures, newest-first pages, the scheduler's due cases) equals what core/workflow's case
// clock and due_system_actions and core/metrics compute from every case's events, at many
// later instants: working days and weekends, holidays, the hours when the three zones have
// different dates, holds that last across them, agencies that move to another zone or lose
// their parent, and events written by a connection without an indexer.
//
// The reference side is the code the server ran before the index existed, written out here:
// fold each timeline, take the zone of its holder, ask the clock, and sort or sum the result.
#include "core/cases/case_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <set>

#include "core/cases/history.h"
#include "core/domain/tracking_code.h"
#include "core/metrics/kpi.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "core/workflow/machine.h"
#include "tests/core/cases/case_index_world.h"
#include "tests/core/store/server_store_under_test.h"

namespace aduan::cases {
namespace {

using domain::Timestamp;
using store::testing::TempPath;
using namespace test_world;  // NOLINT(google-build-using-namespace): the tests' own reference world

constexpr Timestamp kHour = 3'600'000;
constexpr Timestamp kDay = 24 * kHour;

#ifdef __EMSCRIPTEN__
constexpr int kCases = 600;  // the same test under node, on a rollback journal: fewer cases
#else
constexpr int kCases = 3000;
#endif

// One case as the server read it before the index: its report, its events, its seq.
struct Case {
  std::int64_t seq = 0;
  store::StoredReport report;
  std::vector<store::ServerEvent> events;
};

class CaseIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::testing::open_server_store_under_test(path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_.emplace(std::move(opened.value()));
    indexer_ = std::make_shared<const CaseIndexer>(calendar_);
    ASSERT_TRUE(store_->set_case_indexer(indexer_).ok());
    for (const auto& agency : agencies()) {
      ASSERT_TRUE(store_->put_agency(agency).ok());
      world_.agencies[agency.id] = agency;
    }
  }

  // A request by whoever takes `action`, as the story tests do.
  workflow::ActionRequest request_for(workflow::Action action, const workflow::Case& current, Timestamp at) {
    workflow::ActionRequest request;
    request.action = action;
    switch (action) {
      case workflow::Action::follow_up:
      case workflow::Action::respond:
      case workflow::Action::decline_authority:
        request.actor = {workflow::Role::liaison_officer, current.holding_agency_id};
        break;
      case workflow::Action::reporter_reply:
      case workflow::Action::complete:
      case workflow::Action::rate:
        request.actor = {workflow::Role::reporter, ""};
        break;
      case workflow::Action::escalate_overdue:
      case workflow::Action::escalate_to_ombudsman:
        request.actor = {workflow::Role::system, ""};
        break;
      default:
        request.actor = {workflow::Role::national_admin, ""};
        break;
    }
    request.note = "Catatan untuk langkah ini.";
    if (action == workflow::Action::disposition || action == workflow::Action::redisposition)
      request.target_agency_id = kTargets[random_() % kTargets.size()];
    if (action == workflow::Action::escalate_overdue) request.target_agency_id = world_.parent_of(current.holding_agency_id);
    request.rating = 1 + static_cast<int>(random_() % 5);
    request.at = at;
    return request;
  }

  // Random histories: reports received over about five months, each followed by a random walk
  // through the flow (every step one decide() accepts) with gaps of hours to weeks, some
  // stopping at every stage, some untouched; system actions when due_system_actions has them.
  void generate(Timestamp start, Timestamp end, int count) {
    const int batch = 100;
    for (int first = 0; first < count; first += batch) {
      auto written = store_->in_transaction([&]() -> Status {
        for (int n = first; n < std::min(count, first + batch); ++n) {
          if (auto one = generate_case(n, start, end); !one) return one;
        }
        return done();
      });
      ASSERT_TRUE(written.ok()) << written.error().detail;
    }
  }

  Status generate_case(int n, Timestamp start, Timestamp end) {
    domain::Report report = store::testing::minimal_report(n + 1);
    report.tracking_code = domain::tracking_code_from_bits(static_cast<std::uint64_t>(n + 1) * 7919);
    report.location.region_code = kRegions[random_() % kRegions.size()];
    report.agency_id = kTargets[random_() % kTargets.size()];
    const Timestamp received = start + static_cast<Timestamp>(random_() % static_cast<std::uint64_t>(end - start));
    auto stored = store_->store_batch("device-1", std::span<const domain::Report>(&report, 1), received);
    if (!stored) return stored.error();
    workflow::Case current;
    current.holding_agency_id = report.agency_id;
    std::vector<workflow::Transition> history;
    Timestamp at = received;
    const int steps = static_cast<int>(random_() % 9);
    for (int step = 0; step < steps; ++step) {
      // Gaps from minutes to three weeks, often landing on weekends and holidays.
      const std::uint64_t shape = random_() % 4;
      at += shape == 0 ? static_cast<Timestamp>(random_() % (6 * kHour))
                       : static_cast<Timestamp>(random_() % ((shape == 3 ? 21 : 6) * kDay));
      if (at >= end) break;
      // The scheduler first, when something is due, as the server would have done.
      auto due = workflow::due_system_actions(current, history, received, calendar_,
                                              world_.zone_of_case(stored_report(report, current)), at,
                                              world_.parent_of(current.holding_agency_id));
      std::optional<workflow::ActionRequest> request;
      if (!due.empty() && random_() % 3 != 0) {
        request = due.front();
      } else {
        for (int attempt = 0; attempt < 12 && !request; ++attempt) {
          auto action = workflow::kAllActions[random_() % workflow::kAllActions.size()];
          auto candidate = request_for(action, current, at);
          if (workflow::decide(current, candidate).ok()) request = candidate;
        }
      }
      if (!request) break;
      auto decided = workflow::apply(current, *request);
      if (!decided) continue;
      const workflow::Transition& t = decided.value();
      history.push_back(t);
      store::ServerEvent event{0,
                               report.id,
                               std::string(workflow::to_string(t.to)),
                               std::string(workflow::to_string(t.action)),
                               t.at,
                               t.note,
                               t.after.holding_agency_id,
                               t.actor_role == workflow::Role::system ? "system" : "officer-1",
                               t.rating,
                               std::string(workflow::to_string(t.actor_role)),
                               t.target_agency_id};
      if (auto appended = store_->append_event(event); !appended) return appended.error();
    }
    return done();
  }

  static store::StoredReport stored_report(const domain::Report& report, const workflow::Case& current) {
    store::StoredReport stored;
    stored.report = report;
    stored.agency_id = current.holding_agency_id;
    stored.status = std::string(workflow::to_string(current.status));
    return stored;
  }

  // Every case read back the slow way: each report and its whole timeline.
  std::vector<Case> read_everything() {
    std::vector<Case> out;
    for (std::int64_t seq = 1;; ++seq) {
      auto report = store_->report_at(seq);
      EXPECT_TRUE(report.ok());
      if (!report.ok() || !report.value()) break;
      auto events = store_->timeline(report.value()->report.id);
      EXPECT_TRUE(events.ok());
      out.push_back({seq, *report.value(), events.value()});
    }
    return out;
  }

  workflow::CaseClock clock_of(const Case& c, Timestamp now) const {
    return workflow::case_clock(history_of(c.events), c.report.report.received_at.value_or(0), calendar_,
                                world_.zone_of_case(c.report), now);
  }

  metrics::CaseFacts facts_of(const Case& c, Timestamp now) const {
    return metrics::facts_of_case(c.report.agency_id, history_of(c.events), c.report.report.received_at.value_or(0),
                                  calendar_, world_.zone_of_case(c.report), now);
  }

  bool due_now(const Case& c, Timestamp now) const {
    const auto history = history_of(c.events);
    return !workflow::due_system_actions(case_of(c.report, history), history, c.report.report.received_at.value_or(0),
                                         calendar_, world_.zone_of_case(c.report), now,
                                         world_.parent_of(c.report.agency_id))
                .empty();
  }

  // The queue as api_console.cpp sorted it: list_reports' order (newest first), then a stable
  // sort by overdue, due day and received.
  std::vector<std::int64_t> reference_queue(const std::vector<Case>& everything, const store::CaseFilter& filter,
                                            Timestamp now) const {
    struct Row {
      const Case* c;
      workflow::CaseClock clock;
    };
    std::vector<Row> rows;
    for (const Case& c : everything) {
      if (in_filter(filter, c.report)) rows.push_back({&c, clock_of(c, now)});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      const auto ra = a.c->report.report.received_at.value_or(0), rb = b.c->report.report.received_at.value_or(0);
      return ra != rb ? ra > rb : a.c->seq > b.c->seq;
    });
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      const bool a_running = a.clock.kind != workflow::ClockKind::none;
      const bool b_running = b.clock.kind != workflow::ClockKind::none;
      if (a.clock.deadline.overdue != b.clock.deadline.overdue && a_running && b_running)
        return a.clock.deadline.overdue;
      if (a_running != b_running) return a_running;
      if (a_running && a.clock.deadline.due != b.clock.deadline.due) return a.clock.deadline.due < b.clock.deadline.due;
      return a.c->report.report.received_at.value_or(0) < b.c->report.report.received_at.value_or(0);
    });
    std::vector<std::int64_t> out;
    for (const Row& row : rows) out.push_back(row.c->seq);
    return out;
  }

  std::vector<metrics::CaseFacts> reference_facts(const std::vector<Case>& everything, const store::CaseFilter& filter,
                                                  Timestamp now) const {
    std::vector<metrics::CaseFacts> out;
    for (const Case& c : everything) {
      if (in_filter(filter, c.report)) out.push_back(facts_of(c, now));
    }
    return out;
  }

  // Everything the index answers, at `now`, against the reference.
  void check_at(Timestamp now, const std::vector<store::CaseFilter>& filters) {
    SCOPED_TRACE("now = " + std::to_string(now) + " (" + domain::to_string(workflow::local_date(now, workflow::TimeZone::wib)) + " WIB)");
    const auto everything = read_everything();
    ASSERT_EQ(everything.size(), static_cast<std::size_t>(kCases));
    const auto today = zones_today(calendar_, now);
    // Row by row: the clock's overdue and due day, and whether the scheduler has work.
    std::set<std::int64_t> due_expected;
    int running = 0, overdue = 0;
    for (const Case& c : everything) {
      auto row = store_->case_row(c.report.report.id);
      ASSERT_TRUE(row.ok() && row.value()) << c.seq;
      const auto clock = clock_of(c, now);
      const bool is_running = clock.kind != workflow::ClockKind::none;
      running += is_running;
      overdue += is_running && clock.deadline.overdue;
      ASSERT_EQ(overdue_on(*row.value(), today), is_running && clock.deadline.overdue)
          << c.seq << " " << c.report.status << " due " << domain::to_string(clock.deadline.due);
      const auto key = queue_key({c.seq, row.value()->queue_class, row.value()->queue_class < 2 ? row.value()->zone : 0,
                                  row.value()->due_key, row.value()->received_at},
                                 today);
      ASSERT_EQ(key.running, is_running) << c.seq;
      if (is_running) {
        ASSERT_EQ(key.due_number, calendar_.working_day_number(clock.deadline.due)) << c.seq;
      }
      const bool due = due_now(c, now);
      ASSERT_EQ(row.value()->next_action_at && *row.value()->next_action_at <= now, due)
          << c.seq << " " << c.report.status;
      if (due) due_expected.insert(c.seq);
      const auto facts = facts_of(c, now);
      ASSERT_EQ(row.value()->year, facts.received.year);
      ASSERT_EQ(row.value()->month, facts.received.month);
      ASSERT_EQ(row.value()->resolved, facts.resolved);
    }
    std::cout << "[          ] " << running << " running clocks, " << overdue << " overdue, " << due_expected.size()
              << " due for the scheduler\n";
    // The scheduler's candidates.
    std::set<std::int64_t> due_found;
    Timestamp after_at = std::numeric_limits<Timestamp>::min();
    std::int64_t after_seq = 0;
    for (;;) {
      auto page = store_->cases_due(now, after_at, after_seq, 97);
      ASSERT_TRUE(page.ok());
      for (const auto& due : page.value()) due_found.insert(due.seq);
      if (page.value().size() < 97) break;
      after_at = page.value().back().next_action_at;
      after_seq = page.value().back().seq;
    }
    EXPECT_EQ(due_found, due_expected);

    for (const auto& filter : filters) {
      SCOPED_TRACE("filter: everything=" + std::to_string(filter.everything) + " region=" + filter.region +
                   " holders=" + std::to_string(filter.holders.size()) + " within=" +
                   std::to_string(filter.within ? filter.within->size() : 0) + " status=" + filter.status);
      // The queue: the total, and pages at several offsets, in the old order exactly.
      const auto expected = reference_queue(everything, filter, now);
      auto count = store_->count_cases(filter);
      ASSERT_TRUE(count.ok());
      EXPECT_EQ(count.value(), static_cast<std::int64_t>(expected.size()));
      for (std::size_t offset : {std::size_t{0}, std::size_t{37}, expected.size() / 2, expected.size()}) {
        auto page = store_->queue_page(filter, queue_order(calendar_, now), offset, 50);
        ASSERT_TRUE(page.ok()) << page.error().detail;
        std::vector<std::int64_t> seqs;
        for (const auto& entry : page.value()) seqs.push_back(entry.seq);
        const std::vector<std::int64_t> want(expected.begin() + static_cast<std::ptrdiff_t>(std::min(offset, expected.size())),
                                             expected.begin() + static_cast<std::ptrdiff_t>(std::min(offset + 50, expected.size())));
        ASSERT_EQ(seqs, want) << "offset " << offset;
      }
      // Newest first.
      std::vector<const Case*> newest;
      for (const Case& c : everything)
        if (in_filter(filter, c.report)) newest.push_back(&c);
      std::sort(newest.begin(), newest.end(), [](const Case* a, const Case* b) {
        const auto ra = a->report.report.received_at.value_or(0), rb = b->report.report.received_at.value_or(0);
        return ra != rb ? ra > rb : a->seq > b->seq;
      });
      for (std::size_t offset : {std::size_t{0}, newest.size() / 3}) {
        auto page = store_->newest_page(filter, offset, 40);
        ASSERT_TRUE(page.ok());
        std::vector<std::int64_t> want;
        for (std::size_t i = offset; i < newest.size() && i < offset + 40; ++i) want.push_back(newest[i]->seq);
        ASSERT_EQ(page.value(), want) << "offset " << offset;
      }
      // The statistics: every figure of every period core/metrics computes, from the sums.
      if (!filter.status.empty()) continue;
      const auto facts = reference_facts(everything, filter, now);
      auto sums = store_->case_sums(filter, today);
      ASSERT_TRUE(sums.ok()) << sums.error().detail;
      const auto monthly = monthly_sums(sums.value());
      EXPECT_EQ(monthly, metrics::monthly_sums(facts, calendar_));
      for (metrics::Period period : {metrics::Period{2026, 0}, metrics::Period{2026, 3}, metrics::Period{2026, 6},
                                     metrics::Period{2025, 12}}) {
        EXPECT_EQ(metrics::kpi_for(monthly, period, ""), metrics::kpi_for(facts, calendar_, period, ""));
        EXPECT_EQ(metrics::kpis_by_agency(monthly, period), metrics::kpis_by_agency(facts, calendar_, period));
        EXPECT_EQ(metrics::kpis_rolled_up(monthly, period, world_.parent_map()),
                  metrics::kpis_rolled_up(facts, calendar_, period, world_.parent_map()));
        EXPECT_EQ(metrics::monthly_trend(monthly, period.year, ""),
                  metrics::monthly_trend(facts, calendar_, period.year, ""));
      }
    }
  }

  std::vector<store::CaseFilter> filters() const {
    std::vector<store::CaseFilter> out;
    store::CaseFilter all;
    all.everything = true;
    out.push_back(all);
    store::CaseFilter indramayu;  // an agency admin of the regency: it and its units
    indramayu.holders = {"kab-32.12", "kab-32.12-pupr", "kab-32.12-pupr-bina"};
    out.push_back(indramayu);
    store::CaseFilter unknown;  // staff of an agency the table does not know
    unknown.holders = {"dinas-tak-dikenal"};
    out.push_back(unknown);
    store::CaseFilter jabar;  // a regional admin: the region's agencies and places
    jabar.region = "32";
    jabar.holders = {"prov-32", "prov-32-dinkes", "kab-32.12", "kab-32.12-pupr", "kab-32.12-pupr-bina"};
    out.push_back(jabar);
    store::CaseFilter regency = jabar;
    regency.region = "32.12";
    regency.holders = {"kab-32.12", "kab-32.12-pupr", "kab-32.12-pupr-bina"};
    regency.within = std::vector<std::string>{"kab-32.12-pupr", "nas", "prov-91-pupr"};
    out.push_back(regency);
    store::CaseFilter national_within = all;
    national_within.within = std::vector<std::string>{"prov-73", "prov-73-dinkes"};
    out.push_back(national_within);
    store::CaseFilter dispositioned = all;
    dispositioned.status = "dispositioned";
    out.push_back(dispositioned);
    store::CaseFilter held = jabar;
    held.status = "on_hold";
    out.push_back(held);
    return out;
  }

  TempPath path_;
  std::optional<store::ServerStore> store_;
  workflow::Calendar calendar_ = test_calendar();
  std::shared_ptr<const CaseIndexer> indexer_;
  World world_;
  std::mt19937_64 random_{20261206};
};

// 2026-01-05 .. 2026-06-01 in UTC milliseconds.
constexpr Timestamp kStart = 1767571200000;
constexpr Timestamp kEnd = 1780272000000;

TEST_F(CaseIndexTest, RandomHistoriesGiveTheSameAnswersAsTheFullEventList) {
  generate(kStart, kEnd, kCases);
  // Agencies change under their cases: Sulawesi's health office moves to Papua (WITA to WIT),
  // the Indramayu public works office loses its parent (no escalation any more), a unit is
  // created for cases already routed to its id.
  auto moved = world_.agencies["prov-73-dinkes"];
  moved.region_code = "91";
  auto orphan = world_.agencies["kab-32.12-pupr"];
  orphan.parent_id = "";
  const store::AgencyRecord created{"dinas-tak-dikenal", "Dinas Baru", "prov-73", "73", "unit", 2};
  for (const auto& agency : {moved, orphan, created}) {
    ASSERT_TRUE(store_->put_agency(agency).ok());
    world_.agencies[agency.id] = agency;
  }
  // A clock that only counts: the latest event, then days and hours after it.
  const Timestamp last = kEnd;
  for (Timestamp now : {last + kHour, last + 16 * kHour + 30 * 60'000 /* 23:30 WIB: WIT's next day */,
                        last + 2 * kDay + 5 * kHour, last + 6 * kDay, last + 9 * kDay + 16 * kHour,
                        last + 17 * kDay, last + 47 * kDay + 15 * kHour + 20 * 60'000, last + 120 * kDay}) {
    check_at(now, filters());
    if (HasFatalFailure()) return;
  }
}

TEST_F(CaseIndexTest, EventsWrittenWithoutAnIndexerAreRecomputedLater) {
  generate(kStart, kEnd, 200);
  // Another connection, as a tool without the catalog would open it, appends events.
  auto other = store::testing::open_server_store_under_test(path_.str());
  ASSERT_TRUE(other.ok());
  auto everything = read_everything();
  int written = 0;
  for (const Case& c : everything) {
    if (c.report.status != "received") continue;
    store::ServerEvent verify{0, c.report.report.id, "verified", "verify", kEnd + kHour, "", c.report.agency_id,
                              "officer-1", 0, "national_admin", ""};
    ASSERT_TRUE(other.value().append_event(verify).ok());
    ++written;
  }
  ASSERT_GT(written, 0);
  auto stale = store_->stale_cases();
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale.value(), written);
  while (store_->reindex_stale_cases(7).value() > 0) {
  }
  EXPECT_EQ(store_->stale_cases().value(), 0);
  // The same checks as above on the cases of this test.
  everything = read_everything();
  for (const Case& c : everything) {
    auto row = store_->case_row(c.report.report.id);
    ASSERT_TRUE(row.ok() && row.value());
    EXPECT_EQ(row.value()->status, c.report.status);
    const auto clock = clock_of(c, kEnd + 3 * kDay);
    EXPECT_EQ(overdue_on(*row.value(), zones_today(calendar_, kEnd + 3 * kDay)),
              clock.kind != workflow::ClockKind::none && clock.deadline.overdue);
  }
}

TEST_F(CaseIndexTest, AnotherCalendarRecomputesEveryCase) {
  generate(kStart, kEnd, 50);
  EXPECT_EQ(store_->stale_cases().value(), 0);
  workflow::Calendar more = calendar_;
  more.add_non_working_day({2026, 3, 10});
  auto reopened = store::testing::open_server_store_under_test(path_.str());
  ASSERT_TRUE(reopened.ok());
  ASSERT_TRUE(reopened.value().set_case_indexer(std::make_shared<const CaseIndexer>(more)).ok());
  EXPECT_EQ(reopened.value().stale_cases().value(), 50) << "every row was made with the old holidays";
  EXPECT_EQ(reopened.value().reindex_stale_cases(1000).value(), 50);
  // The same calendar again changes nothing.
  ASSERT_TRUE(reopened.value().set_case_indexer(std::make_shared<const CaseIndexer>(more)).ok());
  EXPECT_EQ(reopened.value().stale_cases().value(), 0);
}

}  // namespace
}  // namespace aduan::cases
