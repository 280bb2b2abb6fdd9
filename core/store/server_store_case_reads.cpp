// core/store/server_store_case_reads.cpp: the case index's reads (server_repository.h, schema
// v5): counts, the queue's pages, the newest reports, the statistics' monthly sums and the
// scheduler's due cases. The writes are in server_store_cases.cpp, their shared SQL in case_sql.h.
//
// Reading a filter: the cases of one holder come from the indexes that start with the holder;
// every other filter (everything, or a region with its agencies) from the ones that start with
// the queue class. The queue's order is not one index order (which cases are overdue depends on
// today in each zone, and a held case's due day moves with today), but within one queue class
// and zone it is (due_key, received_at, seq descending): such groups are read lazily, each in
// index order, and merged with the caller's order, so a page costs its offset plus its length
// in index steps, not a sort of every case.
#include <algorithm>
#include <map>
#include <queue>
#include <set>
#include <tuple>
#include <utility>
#include <variant>

#include "core/store/codec.h"
#include "core/store/server_store.h"
#include "core/store/case_sql.h"

namespace aduan::store {

using namespace case_sql;

// ---- Reading -----------------------------------------------------------------------------------

Status ServerStore::in_read_snapshot(const std::function<Status()>& work) {
  if (db_->in_transaction()) return work();
  if (auto begun = db_->begin_read_snapshot(); !begun) return begun;
  Status result = work();
  if (auto ended = db_->exec(result ? "COMMIT" : "ROLLBACK"); !ended && result) return ended;
  return result;
}

Result<std::int64_t> ServerStore::count_cases(const CaseFilter& filter) {
  std::int64_t total = 0;
  auto add_query = [&](const Sql& sql) -> Status {
    auto query = db_->prepare(sql.str());
    if (!query) return query.error();
    sql.bind(query.value());
    auto row = query.value().step();
    if (!row) return row.error();
    if (row.value()) total += query.value().column_int(0);
    return done();
  };
  // Whole holders (and everything) are counted from case_counts (a few rows each); a region's
  // share of a holder, or a regional scope, from index ranges of the rows themselves.
  std::vector<std::string> whole;
  for (const Part& part : plan(filter)) {
    if (part.holder && !part.in_region) {
      whole.push_back(*part.holder);
      continue;
    }
    if (!part.holder && !part.scoped) {
      Sql sql("SELECT coalesce(sum(cases), 0) FROM case_counts WHERE true");
      sql.and_status(filter.status);
      if (auto added = add_query(sql); !added) return added.error();
      continue;
    }
    if (part.scoped) {
      // The region's cases, then the region's agencies' cases located elsewhere: two ranges
      // rather than one OR, which SQLite would answer row by row.
      Sql located("SELECT count(*) FROM cases INDEXED BY cases_by_region WHERE true");
      located.and_region(filter.region).and_status(filter.status);
      if (auto added = add_query(located); !added) return added.error();
      const auto holders = unique_sorted(filter.holders);
      for (std::size_t at = 0; at < holders.size(); at += kMaxListParameters) {
        Sql elsewhere("SELECT count(*) FROM cases INDEXED BY cases_queue_by_holder WHERE holder IN (");
        const std::size_t end = std::min(holders.size(), at + kMaxListParameters);
        elsewhere.placeholders(holders, at, end);
        elsewhere.add(") AND NOT ").and_region_condition(filter.region).and_status(filter.status);
        if (auto added = add_query(elsewhere); !added) return added.error();
      }
      continue;
    }
    Sql sql("SELECT count(*) FROM cases WHERE true");
    add_part_conditions(sql, part, filter);
    if (auto added = add_query(sql); !added) return added.error();
  }
  for (std::size_t at = 0; at < whole.size(); at += kMaxListParameters) {
    Sql sql("SELECT coalesce(sum(cases), 0) FROM case_counts WHERE holder IN (");
    const std::size_t end = std::min(whole.size(), at + kMaxListParameters);
    sql.placeholders(whole, at, end);
    sql.add(")");
    sql.and_status(filter.status);
    if (auto added = add_query(sql); !added) return added.error();
  }
  return total;
}

namespace {

// One group of a merge: a statement read lazily, in its index order.
template <class Row>
struct Stream {
  SqlStatement statement;
  Row current{};
};

// Merges `streams` (each already in `before` order) and returns rows offset..offset+limit.
template <class Row, class Read, class Before>
Result<std::vector<Row>> merge(std::vector<Stream<Row>>& streams, const Read& read,
                               const Before& before, std::size_t offset, std::size_t limit) {
  auto later = [&](std::size_t a, std::size_t b) { return before(streams[b].current, streams[a].current); };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heads(later);
  auto advance = [&](std::size_t i) -> Status {
    auto row = streams[i].statement.step();
    if (!row) return row.error();
    if (row.value()) {
      streams[i].current = read(streams[i].statement);
      heads.push(i);
    }
    return done();
  };
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (auto first = advance(i); !first) return first.error();
  }
  std::vector<Row> page;
  std::size_t skipped = 0;
  while (!heads.empty() && page.size() < limit) {
    const std::size_t i = heads.top();
    heads.pop();
    if (skipped < offset) {
      ++skipped;
    } else {
      page.push_back(streams[i].current);
    }
    if (auto next = advance(i); !next) return next.error();
  }
  return page;
}

}  // namespace

Result<std::vector<Part>> ServerStore::parts_with_cases(const CaseFilter& filter) {
  // A holder with no case (of the status asked for) needs no statements: case_counts says so.
  std::vector<Part> parts = plan(filter);
  std::set<std::string> holding;
  std::vector<std::string> holders;
  for (const Part& part : parts)
    if (part.holder) holders.push_back(*part.holder);
  for (std::size_t at = 0; at < holders.size(); at += kMaxListParameters) {
    Sql sql("SELECT DISTINCT holder FROM case_counts WHERE cases > 0 AND holder IN (");
    const std::size_t end = std::min(holders.size(), at + kMaxListParameters);
    sql.placeholders(holders, at, end);
    sql.add(")");
    sql.and_status(filter.status);
    auto query = db_->prepare(sql.str());
    if (!query) return query.error();
    sql.bind(query.value());
    for (;;) {
      auto row = query.value().step();
      if (!row) return row.error();
      if (!row.value()) break;
      holding.insert(query.value().column_text(0));
    }
  }
  std::erase_if(parts, [&](const Part& part) { return part.holder && holding.count(*part.holder) == 0; });
  return parts;
}

Result<std::vector<QueueEntry>> ServerStore::queue_page(const CaseFilter& filter, const QueueOrder& before,
                                                        std::size_t offset, std::size_t limit) {
  // The groups that hold cases, from case_counts: (status, queue_class, queue_zone) for a part
  // of any holder, the same per holder for the parts of one holder. Each becomes one stream,
  // an index range already in the queue's order within its class and zone.
  struct Group {
    std::optional<std::string> holder;
    std::string status;
    int queue_class = 0;
    int zone = 0;
  };
  std::vector<std::pair<Part, Group>> groups;
  std::vector<Part> holder_parts;
  for (const Part& part : plan(filter)) {
    if (part.holder) {
      holder_parts.push_back(part);
      continue;
    }
    Sql sql("SELECT DISTINCT status, queue_class, queue_zone FROM case_counts WHERE cases > 0");
    sql.and_status(filter.status);
    auto query = db_->prepare(sql.str());
    if (!query) return query.error();
    sql.bind(query.value());
    for (;;) {
      auto row = query.value().step();
      if (!row) return row.error();
      if (!row.value()) break;
      groups.push_back({part, Group{std::nullopt, query.value().column_text(0),
                                    static_cast<int>(query.value().column_int(1)),
                                    static_cast<int>(query.value().column_int(2))}});
    }
  }
  for (std::size_t at = 0; at < holder_parts.size(); at += kMaxListParameters) {
    const std::size_t end = std::min(holder_parts.size(), at + kMaxListParameters);
    std::map<std::string, const Part*> by_holder;
    Sql sql("SELECT holder, status, queue_class, queue_zone FROM case_counts WHERE cases > 0 AND holder IN (");
    for (std::size_t i = at; i < end; ++i) {
      sql.add(i == at ? "?" : ", ?");
      sql.text(*holder_parts[i].holder);
      by_holder[*holder_parts[i].holder] = &holder_parts[i];
    }
    sql.add(")");
    sql.and_status(filter.status);
    auto query = db_->prepare(sql.str());
    if (!query) return query.error();
    sql.bind(query.value());
    for (;;) {
      auto row = query.value().step();
      if (!row) return row.error();
      if (!row.value()) break;
      const std::string holder = query.value().column_text(0);
      groups.push_back({*by_holder.at(holder), Group{holder, query.value().column_text(1),
                                                     static_cast<int>(query.value().column_int(2)),
                                                     static_cast<int>(query.value().column_int(3))}});
    }
  }
  std::vector<Stream<QueueEntry>> streams;
  streams.reserve(groups.size());
  for (const auto& [part, group] : groups) {
    Sql sql(group.holder ? "SELECT seq, queue_class, queue_zone, due_key, received_at FROM cases "
                           "INDEXED BY cases_queue_by_holder WHERE holder = ? AND status = ? "
                           "AND queue_class = ? AND queue_zone = ?"
                         : "SELECT seq, queue_class, queue_zone, due_key, received_at FROM cases "
                           "INDEXED BY cases_queue WHERE status = ? AND queue_class = ? AND queue_zone = ?");
    if (group.holder) sql.text(*group.holder);
    sql.text(group.status).number(group.queue_class).number(group.zone);
    if (part.in_region) sql.and_region(filter.region);
    if (part.scoped) sql.and_scope(unique_sorted(filter.holders), filter.region);
    // The page needs at most offset + limit rows of any one stream. Said in the SQL, not only
    // by reading no further: PostgreSQL's client takes a statement's whole result at once.
    sql.add(" ORDER BY due_key, received_at, seq DESC LIMIT ?").number(clamp_to_column(offset + limit));
    auto prepared = db_->prepare(sql.str());
    if (!prepared) return prepared.error();
    sql.bind(prepared.value());
    streams.push_back({std::move(prepared).value(), {}});
  }
  auto read = [](const SqlStatement& s) {
    return QueueEntry{s.column_int(0), static_cast<int>(s.column_int(1)), static_cast<int>(s.column_int(2)),
                      s.column_int(3), s.column_int(4)};
  };
  return merge(streams, read, before, offset, limit);
}

Result<std::vector<std::int64_t>> ServerStore::newest_page(const CaseFilter& filter, std::size_t offset,
                                                           std::size_t limit) {
  struct Newest {
    std::int64_t seq = 0;
    domain::Timestamp received_at = 0;
  };
  auto parts = parts_with_cases(filter);
  if (!parts) return parts.error();
  std::vector<Stream<Newest>> streams;
  for (const Part& part : parts.value()) {
    Sql sql("");
    if (part.holder) {
      sql.add("SELECT seq, received_at FROM cases INDEXED BY cases_newest_by_holder WHERE true");
      add_part_conditions(sql, part, filter);
    } else {
      // Every holder: the reports table's own newest-first indexes, as list_reports reads it.
      sql.add("SELECT seq, received_at FROM reports WHERE true");
      if (part.scoped) sql.and_scope(unique_sorted(filter.holders), filter.region, "current_agency_id");
      sql.and_status(filter.status);
    }
    sql.add(" ORDER BY received_at DESC, seq DESC LIMIT ?").number(clamp_to_column(offset + limit));
    auto prepared = db_->prepare(sql.str());
    if (!prepared) return prepared.error();
    sql.bind(prepared.value());
    streams.push_back({std::move(prepared).value(), {}});
  }
  auto read = [](const SqlStatement& s) { return Newest{s.column_int(0), s.column_int(1)}; };
  auto newer = [](const Newest& a, const Newest& b) {
    return a.received_at != b.received_at ? a.received_at > b.received_at : a.seq > b.seq;
  };
  auto page = merge(streams, read, newer, offset, limit);
  if (!page) return page.error();
  std::vector<std::int64_t> seqs;
  seqs.reserve(page.value().size());
  for (const Newest& row : page.value()) seqs.push_back(row.seq);
  return seqs;
}

Result<std::optional<StoredReport>> ServerStore::report_at(std::int64_t seq) {
  static const std::string sql = "SELECT " + std::string(kReportColumns) +
                                 ", device_id, status, current_agency_id, entered_by FROM reports WHERE seq = ?1";
  auto query = statement(Query::report_by_seq, sql);
  if (!query) return query.error();
  query.value()->bind_int(1, seq);
  auto found = read_reports(*query.value());
  if (!found) return found.error();
  if (found.value().empty()) return std::optional<StoredReport>();
  return std::optional<StoredReport>(std::move(found.value().front()));
}

Result<std::vector<CaseMonthSums>> ServerStore::case_sums(const CaseFilter& filter,
                                                          std::span<const ZoneToday> today) {
  SumsByMonth sums;
  auto run = [&](const Sql& sql, const std::function<void(const SqlStatement&)>& each) {
    return case_sql::for_each_row(*db_, sql, each);
  };
  // Whole holders (or every case): the totals kept by the triggers, and the overdue cases
  // counted from the index of running clocks, one range per class and zone.
  auto whole = [&](const std::optional<std::string>& holder) -> Status {
    Sql totals(
        "SELECT holder, year, month, received, followed_up, working_days_to_follow_up, completed, "
        "calendar_days_to_completion, resolved FROM case_totals WHERE received > 0");
    if (holder) totals.add(" AND holder = ?").text(*holder);
    auto read_totals = [&](const SqlStatement& s) {
      CaseMonthSums more{s.column_text(0), static_cast<int>(s.column_int(1)), static_cast<int>(s.column_int(2)),
                         s.column_int(3), s.column_int(4), s.column_int(5), s.column_int(6), s.column_int(7),
                         s.column_int(8), 0};
      add_sums(month_of(sums, more.holder, more.year, more.month), more);
    };
    if (auto read = run(totals, read_totals); !read) return read;
    for (const ZoneToday& zone : today) {
      for (int queue_class : {0, 1}) {
        Sql overdue(
            "SELECT holder, year, month, count(*) FROM cases INDEXED BY cases_running "
            "WHERE queue_class < 2 AND queue_class = ? AND queue_zone = ?");
        overdue.number(queue_class).number(zone.zone);
        if (holder) overdue.add(" AND holder = ?").text(*holder);
        overdue.add(" AND due_key < ? GROUP BY holder, year, month").number(overdue_below(queue_class, zone));
        auto read_overdue = [&](const SqlStatement& s) {
          month_of(sums, s.column_text(0), static_cast<int>(s.column_int(1)), static_cast<int>(s.column_int(2)))
              .overdue += s.column_int(3);
        };
        if (auto read = run(overdue, read_overdue); !read) return read;
      }
    }
    return done();
  };
  // A region's share of a holder, a regional scope or a status: the rows themselves, summed
  // here (consecutive rows of an index range mostly share their holder and month).
  CaseMonthSums* last = nullptr;
  auto read_row = [&](const SqlStatement& s) {
    const std::string holder = s.column_text(0);
    const int year = static_cast<int>(s.column_int(1));
    const int month = static_cast<int>(s.column_int(2));
    if (last == nullptr || last->holder != holder || last->year != year || last->month != month)
      last = &month_of(sums, holder, year, month);
    CaseMonthSums& slot = *last;
    slot.received += 1;
    slot.followed_up += s.column_int(3);
    slot.working_days_to_follow_up += s.column_int(4);
    slot.completed += s.column_int(5);
    slot.calendar_days_to_completion += s.column_int(6);
    slot.resolved += s.column_int(7);
    const int queue_class = static_cast<int>(s.column_int(8));
    const int zone = static_cast<int>(s.column_int(9));
    if (queue_class < 2) {
      for (const ZoneToday& day : today) {
        if (day.zone == zone && s.column_int(10) < overdue_below(queue_class, day)) ++slot.overdue;
      }
    }
  };
  const std::string columns =
      "SELECT holder, year, month, followed_up, working_days_to_follow_up, completed, "
      "calendar_days_to_completion, resolved, queue_class, zone, due_key FROM cases ";
  auto rows = [&](const Part& part) -> Status {
    if (!part.scoped) {
      Sql sql(columns + "WHERE true");
      add_part_conditions(sql, part, filter);
      return run(sql, read_row);
    }
    // A regional scope: the region's cases summed by SQL along the covering index on places
    // (in its order, so no sort), overdue by the same comparisons as above; then the cases of
    // the region's agencies located elsewhere (few), row by row.
    Sql located(
        "SELECT holder, year, month, count(*), sum(followed_up), sum(working_days_to_follow_up), "
        "sum(completed), sum(calendar_days_to_completion), sum(resolved), sum(CASE WHEN false");
    for (const ZoneToday& day : today) {
      for (int queue_class : {0, 1}) {
        located.add(" OR (queue_class = ? AND zone = ? AND due_key < ?)")
            .number(queue_class)
            .number(day.zone)
            .number(overdue_below(queue_class, day));
      }
    }
    located.add(" THEN 1 ELSE 0 END) FROM cases INDEXED BY cases_by_region WHERE true");
    located.and_region(filter.region).and_status(filter.status);
    located.add(" GROUP BY region_code, holder, year, month");
    auto read_group = [&](const SqlStatement& s) {
      CaseMonthSums more{s.column_text(0), static_cast<int>(s.column_int(1)), static_cast<int>(s.column_int(2)),
                         s.column_int(3), s.column_int(4), s.column_int(5), s.column_int(6), s.column_int(7),
                         s.column_int(8), s.column_int(9)};
      add_sums(month_of(sums, more.holder, more.year, more.month), more);
    };
    if (auto read = run(located, read_group); !read) return read;
    const auto holders = unique_sorted(filter.holders);
    for (std::size_t at = 0; at < holders.size(); at += kMaxListParameters) {
      Sql elsewhere(columns + "INDEXED BY cases_queue_by_holder WHERE holder IN (");
      const std::size_t end = std::min(holders.size(), at + kMaxListParameters);
      elsewhere.placeholders(holders, at, end);
      elsewhere.add(") AND NOT ").and_region_condition(filter.region).and_status(filter.status);
      if (auto read = run(elsewhere, read_row); !read) return read;
    }
    return done();
  };
  for (const Part& part : plan(filter)) {
    const bool by_totals = filter.status.empty() && !part.in_region && !part.scoped;
    if (auto read = by_totals ? whole(part.holder) : rows(part); !read) return read.error();
  }
  std::vector<CaseMonthSums> out;
  out.reserve(sums.size());
  for (auto& [key, value] : sums) {
    if (value.received > 0) out.push_back(std::move(value));
  }
  return out;
}

Result<std::vector<DueCase>> ServerStore::cases_due(domain::Timestamp now, domain::Timestamp after_at,
                                                    std::int64_t after_seq, std::size_t limit) {
  auto query = db_->prepare(
      "SELECT c.seq, c.next_action_at, r.id FROM cases c INDEXED BY cases_due "
      "JOIN reports r ON r.seq = c.seq "
      "WHERE c.next_action_at IS NOT NULL AND c.next_action_at <= ?1 "
      "AND (c.next_action_at > ?2 OR (c.next_action_at = ?2 AND c.seq > ?3)) "
      "ORDER BY c.next_action_at, c.seq LIMIT ?4");
  if (!query) return query.error();
  SqlStatement& s = query.value();
  s.bind_int(1, now).bind_int(2, after_at).bind_int(3, after_seq);
  s.bind_int(4, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1u << 30)));
  std::vector<DueCase> out;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!row.value()) return out;
    auto id = report_id_from_blob(s.column_blob(2));
    if (!id) return id.error();
    out.push_back({s.column_int(0), id.value(), s.column_int(1)});
  }
}

}  // namespace aduan::store
