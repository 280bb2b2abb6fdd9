// The case index benchmark's data (case_index_data.h): the agencies, each case lived through
// event by event with core/workflow deciding every step, and the database written from them.
// measures such a folder again (give the same size) without building it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/cases/case_index.h"
#include "core/cases/history.h"
#include "core/store/server_store.h"
#include "core/workflow/case_clock.h"
#include "shell/cli/report_generator.h"
#include "shell/server/agency_scope.h"
#include "shell/server/config.h"
#include "shell/server/scheduler.h"
#include "shell/server/secure_random.h"
#include "shell/server/server_context.h"

#include "tests/bench/case_index_data.h"
#include "tests/server/server_process.h"

namespace aduan::bench {

namespace testing = aduan::testing;
using domain::CivilDate;

// The agencies: the catalog's, and for 40 regencies spread over the country a government with
// six dinas under its province's government.
std::vector<Agency> make_agencies(const domain::Catalog& catalog, std::mt19937_64& random) {
  std::vector<store::AgencyRecord> records = server::seed_records(catalog, 1);
  std::map<std::string, bool> known;
  for (const auto& record : records) known[record.id] = true;
  std::vector<const domain::Region*> regencies;
  for (const auto& region : catalog.regions())
    if (region.level() == domain::RegionLevel::regency) regencies.push_back(&region);
  std::vector<const domain::Region*> chosen;
  for (std::size_t i = 0; i < regencies.size() && chosen.size() < 40; i += regencies.size() / 40 + 1)
    chosen.push_back(regencies[i]);
  for (const auto* regency : chosen) {
    const std::string province = regency->code.substr(0, 2);
    const std::string province_id = "prov-" + province;
    if (!known[province_id]) {
      records.push_back({province_id, "Pemerintah Provinsi " + province, "", province, "province", 1});
      known[province_id] = true;
    }
    const std::string government = "kab-" + regency->code;
    if (!known[government]) {
      records.push_back({government, "Pemerintah " + regency->name, province_id, regency->code, "regency", 1});
      known[government] = true;
    }
    for (const char* unit : {"pupr", "dinkes", "disdik", "dukcapil", "dinsos", "dlh"}) {
      const std::string id = government + "-" + unit;
      if (known[id]) continue;
      records.push_back({id, std::string("Dinas ") + unit + " " + regency->name, government, regency->code, "unit", 1});
      known[id] = true;
    }
  }
  std::vector<Agency> out;
  for (auto& record : records) {
    const auto roll = random() % 100;
    const Speed speed = roll < 30 ? Speed::fast : roll < 80 ? Speed::normal : roll < 95 ? Speed::slow : Speed::silent;
    out.push_back({record, speed, workflow::zone_of_agency_region(record.region_code)});
  }
  return out;
}

namespace {

// One case being lived through: its state, its stored events, the clock to decide timing.
class CaseLife {
 public:
  CaseLife(const domain::Report& report, Timestamp received, const std::map<std::string, const Agency*>& agencies,
           const workflow::Calendar& calendar, Timestamp now, std::mt19937_64& random)
      : report_(report), received_(received), agencies_(agencies), calendar_(calendar), now_(now), random_(random) {
    current_.holding_agency_id = report.agency_id;
    events_.push_back({0, report.id, "received", "", received, "", report.agency_id, "system", 0, "", ""});
    at_ = received;
  }

  // Lives the case up to now; returns its events after "received".
  std::vector<store::ServerEvent> live() {
    // Verification: most within the 3 working days, some late; a few rejected or held first.
    const auto roll = pick(100);
    if (roll < 3) {
      if (!act(workflow::Action::hold, working_days(pick(2)), "admin")) return done();
      const auto next = pick(10);
      if (!act(next < 5 ? workflow::Action::resume : workflow::Action::verify, working_days(2 + pick(8)), "admin"))
        return done();
      if (current_.status == workflow::Status::received && !act(workflow::Action::verify, working_days(pick(2)), "admin"))
        return done();
    } else if (roll < 8) {
      act(workflow::Action::reject, working_days(pick(3)), "admin");
      archive_later();
      return done();
    } else if (!act(workflow::Action::verify, working_days(roll < 90 ? pick(3) : 3 + pick(6)), "admin")) {
      return done();
    }
    if (!route(report_.agency_id.empty() ? any_unit() : report_.agency_id, hours(pick(20)))) return done();
    if (pick(100) < 8 && !route(sibling_of(current_.holding_agency_id), working_days(1 + pick(3)))) return done();
    if (pick(100) < 4) {
      if (!act(workflow::Action::decline_authority, working_days(pick(4)), "liaison")) return done();
      if (!route(any_unit(), working_days(1 + pick(2)))) return done();
    }
    // The agency's follow-up, at its own speed (a silent agency never answers).
    const Speed speed = speed_of(current_.holding_agency_id);
    if (speed == Speed::silent || pick(100) < 4) return done();
    const int follow_up_days = speed == Speed::fast   ? static_cast<int>(pick(3))
                               : speed == Speed::slow ? 3 + static_cast<int>(pick(12))
                                                      : 1 + static_cast<int>(pick(6));
    if (!act(workflow::Action::follow_up, working_days(follow_up_days), "liaison")) return done();
    for (int round = 0; round < 3; ++round) {
      if (pick(100) < 4) return done();  // never answered
      if (!act(workflow::Action::respond, hours(24 + pick(24 * 20)), "liaison")) return done();
      const auto reply = pick(100);
      if (reply < 10) {
        if (!act(workflow::Action::reporter_reply, hours(2 + pick(24 * 8)), "reporter")) return done();
        continue;
      }
      if (reply < 65) {
        if (!act(workflow::Action::complete, hours(1 + pick(24 * 9)), "reporter")) return done();
        if (pick(2) == 0) act(workflow::Action::rate, hours(pick(48)), "reporter");
      } else {
        // Nobody replies: the system completes it when the 10 working days are up.
        wait_for_system(now_);
      }
      break;
    }
    archive_later();
    return done();
  }

 private:
  std::uint64_t pick(std::uint64_t n) { return random_() % n; }
  Timestamp hours(std::uint64_t n) { return at_ + static_cast<Timestamp>(n) * kHour + static_cast<Timestamp>(pick(3600)) * 1000; }
  workflow::TimeZone zone() const {
    auto found = agencies_.find(current_.holding_agency_id);
    return found != agencies_.end() ? found->second->zone
                                    : workflow::zone_of_agency_region(report_.location.region_code);
  }
  // Office hours, `n` working days after the current day.
  Timestamp working_days(std::uint64_t n) {
    const CivilDate today = workflow::local_date(at_, zone());
    const CivilDate day = calendar_.add_working_days(today, static_cast<int>(n));
    Timestamp when = workflow::start_of_local_day(day, zone()) + 8 * kHour + static_cast<Timestamp>(pick(8 * 3600)) * 1000;
    return std::max(when, at_ + 60'000);
  }
  Speed speed_of(const std::string& id) const {
    auto found = agencies_.find(id);
    return found == agencies_.end() ? Speed::normal : found->second->speed;
  }
  std::string any_unit() {
    auto it = agencies_.begin();
    std::advance(it, static_cast<long>(pick(agencies_.size())));
    return it->first;
  }
  std::string sibling_of(const std::string& id) {
    auto found = agencies_.find(id);
    if (found == agencies_.end() || found->second->record.parent_id.empty()) return any_unit();
    return found->second->record.parent_id;
  }
  std::string parent_of(const std::string& id) const {
    auto found = agencies_.find(id);
    return found == agencies_.end() ? "" : found->second->record.parent_id;
  }

  // What the scheduler would have done before `until`, at the day due_system_actions names.
  void wait_for_system(Timestamp until) {
    for (int guard = 0; guard < 8; ++guard) {
      store::CaseSource source{0,
                               report_.id,
                               received_,
                               report_.location.region_code,
                               current_.holding_agency_id,
                               std::string(workflow::to_string(current_.status)),
                               events_,
                               agencies_.count(current_.holding_agency_id) > 0,
                               "",
                               parent_of(current_.holding_agency_id)};
      if (source.holder_known) source.holder_region = agencies_.at(current_.holding_agency_id)->record.region_code;
      const auto row = cases::case_row(source, calendar_);
      if (!row.next_action_at) return;
      // The scheduler runs every few minutes: a little after the day starts.
      const Timestamp when = std::max(*row.next_action_at + static_cast<Timestamp>(pick(600)) * 1000, at_ + 1000);
      if (when >= until || when >= now_) return;
      const auto history = cases::history_of(events_);
      auto due = workflow::due_system_actions(current_, history, received_, calendar_, zone(), when,
                                              parent_of(current_.holding_agency_id));
      if (due.empty()) return;
      at_ = when;
      record(due.front(), "system");
    }
  }

  bool act(workflow::Action action, Timestamp when, const std::string& who) {
    wait_for_system(when);
    if (when >= now_ || (workflow::is_resolved(current_.status) && action != workflow::Action::rate &&
                             action != workflow::Action::archive)) {
      return false;
    }
    workflow::ActionRequest request;
    request.action = action;
    if (who == "admin") request.actor = {workflow::Role::national_admin, ""};
    else if (who == "liaison") request.actor = {workflow::Role::liaison_officer, current_.holding_agency_id};
    else request.actor = {workflow::Role::reporter, ""};
    request.note = action == workflow::Action::follow_up || action == workflow::Action::respond
                       ? "Laporan sudah kami terima dan sedang ditindaklanjuti oleh petugas lapangan."
                       : "Catatan petugas.";
    request.rating = 1 + static_cast<int>(pick(5));
    request.at = when;
    at_ = when;
    return record(request, who);
  }

  bool route(const std::string& target, Timestamp when) {
    wait_for_system(when);
    if (when >= now_) return false;
    workflow::ActionRequest request;
    request.action = current_.status == workflow::Status::verified ? workflow::Action::disposition
                                                                   : workflow::Action::redisposition;
    request.actor = {workflow::Role::national_admin, ""};
    request.target_agency_id = target == current_.holding_agency_id ? sibling_of(target) : target;
    request.at = when;
    at_ = when;
    return record(request, "admin");
  }

  void archive_later() {
    if (pick(100) < 20) act(workflow::Action::archive, hours(24 * (30 + pick(60))), "admin");
  }

  bool record(const workflow::ActionRequest& request, const std::string& who) {
    auto step = workflow::apply(current_, request);
    if (!step) return false;
    const workflow::Transition& t = step.value();
    events_.push_back({0, report_.id, std::string(workflow::to_string(t.to)), std::string(workflow::to_string(t.action)),
                       t.at, t.note, t.after.holding_agency_id,
                       who == "system" ? "system" : who == "reporter" ? "reporter" : "officer-" + who, t.rating,
                       std::string(workflow::to_string(t.actor_role)), t.target_agency_id});
    return true;
  }

  std::vector<store::ServerEvent> done() {
    wait_for_system(now_);
    return std::vector<store::ServerEvent>(events_.begin() + 1, events_.end());
  }

  const domain::Report& report_;
  Timestamp received_;
  const std::map<std::string, const Agency*>& agencies_;
  const workflow::Calendar& calendar_;
  Timestamp now_;
  std::mt19937_64& random_;
  workflow::Case current_;
  std::vector<store::ServerEvent> events_;
  Timestamp at_ = 0;
};

}  // namespace

// Writes `count` reports with their histories into a new database in `data_dir`.
Built build(int count, const domain::Catalog& catalog, const workflow::Calendar& calendar, Timestamp now) {
  Built built;
  built.data_dir = testing::make_temp_dir("aduan-bench-index-");
  std::mt19937_64 random(20261206 + static_cast<std::uint64_t>(count));
  built.agencies = make_agencies(catalog, random);
  std::map<std::string, const Agency*> by_id;
  std::vector<const Agency*> national, provinces, local;
  for (const auto& agency : built.agencies) {
    by_id[agency.record.id] = &agency;
    (agency.record.kind == "national" || agency.record.region_code.empty() ? national
     : agency.record.kind == "province"                                    ? provinces
                                                                           : local)
        .push_back(&agency);
  }
  std::vector<std::string> regions_of_province;  // region codes by province prefix
  std::vector<const domain::Region*> regencies;
  for (const auto& region : catalog.regions())
    if (region.level() == domain::RegionLevel::regency) regencies.push_back(&region);

  auto opened = store::ServerStore::open(built.data_dir + "/aduan.db");
  if (!opened) {
    std::fprintf(stderr, "cannot open: %s\n", opened.error().detail.c_str());
    std::exit(1);
  }
  store::ServerStore& store = opened.value();
  for (const auto& agency : built.agencies) (void)store.put_agency(agency.record);
  (void)store.register_device("bench-device", std::string(64, 'a'), "web", now);

  const auto started = Clock::now();
  const Timestamp span = 730 * kDay;
  constexpr int kChunk = 500;
  for (int first = 0; first < count; first += kChunk) {
    auto written = store.in_transaction([&]() -> Status {
      for (int n = first; n < std::min(count, first + kChunk); ++n) {
        // Received evenly over two years, mostly in office hours on weekdays.
        Timestamp received = now - span + static_cast<Timestamp>(static_cast<double>(n) / count * static_cast<double>(span));
        received += static_cast<Timestamp>(random() % (10 * kHour / 1000)) * 1000;
        if (received >= now) received = now - kHour;
        domain::Report report = cli::generate_report(catalog, random, received);
        const auto kind = random() % 100;
        const Agency* agency = kind < 20 ? national[random() % national.size()]
                               : kind < 35 ? provinces[random() % provinces.size()]
                                           : local[random() % local.size()];
        report.agency_id = random() % 10 == 0 ? std::string() : agency->record.id;
        const std::string& region = agency->record.region_code;
        if (!region.empty()) {
          std::vector<const domain::Region*> inside;
          if (region.size() > 2) {
            report.location.region_code = region;
          } else {
            const auto* regency = regencies[random() % regencies.size()];
            report.location.region_code =
                regency->code.rfind(region + ".", 0) == 0 ? regency->code : region + ".01";
          }
        }
        auto stored = store.store_batch("bench-device", std::span<const domain::Report>(&report, 1), received);
        if (!stored) return stored.error();
        CaseLife life(report, received, by_id, calendar, now, random);
        for (const auto& event : life.live()) {
          auto seq = store.append_event(event);
          if (!seq) return seq.error();
          ++built.events;
          store::AuditEntry audit{0, event.at, event.actor, event.actor_role, event.action, report.id, "", "",
                                  event.status, "", event.agency_id, report.location.region_code, event.note};
          if (auto audited = store.append_audit(audit); !audited) return audited.error();
        }
      }
      return done();
    });
    if (!written) {
      std::fprintf(stderr, "build failed: %s\n", written.error().detail.c_str());
      std::exit(1);
    }
    if ((first / kChunk) % 200 == 199)
      std::fprintf(stderr, "  %d reports written (%.0f s)\n", first + kChunk, seconds_since(started));
  }
  built.write_seconds = seconds_since(started);

  // The case index, as the server fills it after the schema v5 migration.
  const auto indexing = Clock::now();
  if (!store.set_case_indexer(std::make_shared<const cases::CaseIndexer>(calendar))) std::exit(1);
  for (;;) {
    auto batch = store.reindex_stale_cases(5000);
    if (!batch) {
      std::fprintf(stderr, "index failed: %s\n", batch.error().detail.c_str());
      std::exit(1);
    }
    if (batch.value() == 0) break;
  }
  built.index_seconds = seconds_since(indexing);
  (void)store.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  // What the histories left: cases per status, and the running clocks.
  auto statuses = store.database().prepare(
      "SELECT status, sum(cases) FROM case_counts GROUP BY status HAVING sum(cases) > 0 ORDER BY 2 DESC");
  if (statuses) {
    std::string line;
    for (;;) {
      auto row = statuses.value().step();
      if (!row || !row.value()) break;
      line += (line.empty() ? "" : ", ") + statuses.value().column_text(0) + " " +
              std::to_string(statuses.value().column_int(1));
    }
    std::printf("cases by status: %s\n", line.c_str());
  }
  auto running = store.database().query_int("SELECT count(*) FROM cases WHERE queue_class < 2");
  auto held = store.database().query_int("SELECT count(*) FROM cases WHERE queue_class = 1");
  if (running && held)
    std::printf("running clocks: %lld (%lld on hold)\n", static_cast<long long>(running.value()),
                static_cast<long long>(held.value()));
  return built;
}

}  // namespace aduan::bench
