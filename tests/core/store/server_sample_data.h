// tests/core/store/server_sample_data.h: the data set every server fixture database holds
// (fixtures/server_vN.sqlite), written by the generator and expected after each fixture's
// upgrade, version by version. Kept apart from the schema tests that use it
// (server_store_schema_test.cpp) because it grows by a block with every schema version.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/cases/case_index.h"
#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"

namespace aduan::store::server_sample {

namespace fs = std::filesystem;

inline fs::path fixture_path(int version) {
  return fs::path(ADUAN_SOURCE_DIR) / "tests/core/store/fixtures" /
         ("server_v" + std::to_string(version) + ".sqlite");
}

inline domain::Report pushed(int n, domain::Report report) {
  report.tracking_code = domain::tracking_code_from_bits(static_cast<std::uint64_t>(n) * 7919);
  return report;
}

inline const std::string kPhoto(3000,
                                'p');  // the one attachment the sample data uploads completely

inline domain::Report report_with_photo() {
  domain::Report r = pushed(3, testing::minimal_report(3));
  r.attachments = {{"2f2e2d2c2b2a29282726252423222120", "image/jpeg", kPhoto.size(),
                    domain::sha256_hex(kPhoto)}};
  return r;
}

inline std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Schema v4: a kiosk binding, revoked (every column used), of a device of its own.
inline void write_v4_sample_data(ServerStore& store) {
  ASSERT_TRUE(store
                  .bind_kiosk({"device-k10sk", "kiosk-00112233aabbccdd", "dinas-pupr-indramayu",
                               "MPP Indramayu", "officer-17", 1700000070000, 1700000080000})
                  .ok());
}

inline void expect_v4_sample_data(ServerStore& store) {
  auto kiosk = store.kiosk_binding("device-k10sk");
  ASSERT_TRUE(kiosk.ok() && kiosk.value());
  EXPECT_EQ(kiosk.value()->office, "MPP Indramayu");
  EXPECT_EQ(kiosk.value()->revoked_at, 1700000080000);
  auto by_id = store.kiosk_by_id("kiosk-00112233aabbccdd");
  ASSERT_TRUE(by_id.ok() && by_id.value());
  EXPECT_EQ(by_id.value()->device_id, "device-k10sk");
}

// Schema v6: a village official's device (every column used) and a report it pushed for a
// citizen, who consented in writing before a witness; the reporter agreed to SMS news.
inline domain::Report assisted_report() {
  domain::Report r = pushed(4, testing::minimal_report(4));
  r.channel = domain::Channel::assisted;
  r.on_behalf = domain::OnBehalf{
      "Pak Darmin", "081298765432", {true, domain::ConsentMethod::written, "Bu Sri"}};
  r.sms_consent = true;
  return r;
}

inline void write_v6_sample_data(ServerStore& store) {
  ASSERT_TRUE(store
                  .put_official_device({"device-0ff1c", "official-00112233aabbccdd", "officer-51",
                                        1700000090000, 1702592090000, std::nullopt})
                  .ok());
  ASSERT_TRUE(store.revoke_official_device("device-0ff1c", 1700000095000).ok());
  const domain::Report batch[] = {assisted_report()};
  ASSERT_TRUE(store.store_batch("device-0ff1c", batch, 1700000091000, "officer-51").ok());
}

inline void expect_v6_sample_data(ServerStore& store) {
  auto binding = store.official_device("device-0ff1c");
  ASSERT_TRUE(binding.ok() && binding.value());
  EXPECT_EQ(*binding.value(),
            (OfficialDevice{"device-0ff1c", "official-00112233aabbccdd", "officer-51",
                            1700000090000, 1702592090000, 1700000095000}));
  auto by_id = store.official_device_by_id("official-00112233aabbccdd");
  ASSERT_TRUE(by_id.ok() && by_id.value());
  auto assisted = store.report(testing::fixed_id(4));
  ASSERT_TRUE(assisted.ok() && assisted.value());
  EXPECT_TRUE(assisted.value()->report.same_content(assisted_report()));
  EXPECT_EQ(assisted.value()->entered_by, "officer-51");
}

// Schema v8: two Open311 keys, one revoked.
inline void write_v8_sample_data(ServerStore& store) {
  ASSERT_TRUE(store
                  .add_open311_key({"o311-00112233aabbccdd", "Aplikasi Kota", std::string(64, 'c'),
                                    1700000100000, std::nullopt})
                  .ok());
  ASSERT_TRUE(store
                  .add_open311_key({"o311-99887766554433ff", "Pusat Panggilan",
                                    std::string(64, 'd'), 1700000101000, std::nullopt})
                  .ok());
  ASSERT_TRUE(store.revoke_open311_key("o311-99887766554433ff", 1700000102000).ok());
}

inline void expect_v8_sample_data(ServerStore& store) {
  auto keys = store.list_open311_keys();
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys.value(),
            (std::vector<Open311Key>{{"o311-00112233aabbccdd", "Aplikasi Kota",
                                      std::string(64, 'c'), 1700000100000, std::nullopt},
                                     {"o311-99887766554433ff", "Pusat Panggilan",
                                      std::string(64, 'd'), 1700000101000, 1700000102000}}));
  auto found = store.open311_key_by_hash(std::string(64, 'c'));
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->key_id, "o311-00112233aabbccdd");
}

// Schema v9: an SMS that made report 2 (its number's hash kept as the reporter), a number that
// said BERHENTI, and two outgoing messages: one sent (its number cleared), one still queued.
inline void write_v9_sample_data(ServerStore& store) {
  ASSERT_TRUE(
      store
          .record_sms_inbound({"inbound:gw-0001", std::string(64, 'e'), std::string(64, 'f'),
                               1700000200000, "report", testing::fixed_id(2)})
          .ok());
  ASSERT_TRUE(store.set_sms_reporter(testing::fixed_id(2), std::string(64, 'e')).ok());
  ASSERT_TRUE(store.stop_sms(std::string(64, '9'), 1700000201000).ok());
  const SmsOutgoing sent{
      "reply:0001", "+6281234567890",     std::string(64, 'e'), "Kode: laporan diterima",
      "reply",      testing::fixed_id(2), 1700000200000,        0};
  const SmsOutgoing queued{
      "news:7",        "+6281234567890",     std::string(64, 'e'), "Kode: diteruskan",
      "dispositioned", testing::fixed_id(2), 1700000210000,        0};
  ASSERT_TRUE(store.enqueue_sms(sent, 1700000200000).ok());
  ASSERT_TRUE(store.enqueue_sms(queued, 1700000210000).ok());
  auto leased = store.lease_due_sms("sender-fixture", 1700000200500, 1700000260000, 1);
  ASSERT_TRUE(leased.ok() && leased.value().size() == 1u);
  ASSERT_TRUE(store.sms_sent("reply:0001", "sender-fixture", 1700000201000).ok());
}

inline void expect_v9_sample_data(ServerStore& store) {
  auto key = store.sms_number_key();
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key.value().size(), 64u);
  auto seen = store.sms_inbound_seen("inbound:gw-0001", "", "", 0);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen.value());
  auto reporter = store.sms_reporter(testing::fixed_id(2));
  ASSERT_TRUE(reporter.ok() && reporter.value());
  EXPECT_EQ(*reporter.value(), std::string(64, 'e'));
  auto stopped = store.sms_stopped(std::string(64, '9'));
  ASSERT_TRUE(stopped.ok());
  EXPECT_TRUE(stopped.value());
  auto stats = store.sms_queue_stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats.value().sent, 1);
  EXPECT_EQ(stats.value().queued, 1);
  auto replies = store.sms_replies_for(std::string(64, 'e'), 0);
  ASSERT_TRUE(replies.ok());
  EXPECT_EQ(replies.value(), 1) << "the news is not a reply";
}

// The number of reports in a fixture of `version`: schema v6 added the assisted one.
inline int sample_reports(int version) {
  return version >= 6 ? 4 : 3;
}

// The data set of every server fixture: a device, three reports (every field used, the
// smallest, one with a completed upload), officer events, and an upload left halfway.
inline void write_sample_data(ServerStore& store) {
  // Schema v5: the case rows of the sample reports, computed as the server would (weekends only).
  ASSERT_TRUE(
      store.set_case_indexer(std::make_shared<const cases::CaseIndexer>(workflow::Calendar()))
          .ok());
  ASSERT_TRUE(
      store.register_device("device-6f1c", std::string(64, 'a'), "web", 1700000000000).ok());
  const domain::Report batch[] = {pushed(1, testing::sample_report(1)),
                                  pushed(2, testing::minimal_report(2)), report_with_photo()};
  ASSERT_TRUE(store.store_batch("device-6f1c", batch, 1700000050000).ok());
  ServerEvent verified{0,  testing::fixed_id(1),   "verified",   "verify", 1700000060000,
                       "", "dinas-pupr-indramayu", "officer-17", 0,        "national_admin",
                       ""};
  ASSERT_TRUE(store.append_event(verified).ok());
  // Schema v3: an agency, an audit row of the verification, and its applied action id.
  const AgencyRecord agency{
      "dinas-pupr-indramayu", "Dinas PUPR Kabupaten Indramayu", "", "32.12", "regency",
      1700000000000};
  ASSERT_TRUE(store.put_agency(agency).ok());
  ASSERT_TRUE(store
                  .append_audit({0, 1700000060000, "officer-17", "national_admin", "verify",
                                 testing::fixed_id(1), "", "received", "verified", "",
                                 "dinas-pupr-indramayu", "32.12", ""})
                  .ok());
  ASSERT_TRUE(store
                  .record_applied_action({"action-0001", "officer-17", testing::fixed_id(1), 4,
                                          "verified", "dinas-pupr-indramayu", 1700000060000})
                  .ok());
  const domain::Attachment& photo = batch[2].attachments[0];
  ASSERT_TRUE(store
                  .begin_upload({testing::fixed_id(3).to_string(), photo.id, photo.size_bytes,
                                 photo.sha256_hex, 0, false})
                  .ok());
  ASSERT_TRUE(
      store.append_chunk(testing::fixed_id(3).to_string(), photo.id, 0, bytes_of(kPhoto)).ok());
  const domain::Attachment& halfway = batch[0].attachments[1];
  ASSERT_TRUE(store
                  .begin_upload({testing::fixed_id(1).to_string(), halfway.id, halfway.size_bytes,
                                 halfway.sha256_hex, 0, false})
                  .ok());
  ASSERT_TRUE(store
                  .append_chunk(testing::fixed_id(1).to_string(), halfway.id, 0,
                                bytes_of(std::string(500, 'h')))
                  .ok());
  write_v4_sample_data(store);
  write_v6_sample_data(store);
  write_v8_sample_data(store);
  write_v9_sample_data(store);
}

// The rows of schema v3 and later; an older fixture has none of them after its upgrade.
inline void expect_v3_sample_data(ServerStore& store) {
  auto agencies = store.list_agencies();
  ASSERT_TRUE(agencies.ok());
  ASSERT_EQ(agencies.value().size(), 1u);
  EXPECT_EQ(agencies.value()[0].region_code, "32.12");
  auto audit = store.audit_entries(testing::fixed_id(1), 0, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit.value().size(), 1u);
  EXPECT_EQ(audit.value()[0].status_after, "verified");
  auto applied = store.applied_action("action-0001");
  ASSERT_TRUE(applied.ok() && applied.value());
  EXPECT_EQ(applied.value()->event_seq, 4);
  auto events = store.timeline(testing::fixed_id(1));
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events.value().back().actor_role, "national_admin");
}

// The case index of schema v5: a row per report, kept totals. A fixture of an older version has
// its reports listed as stale by the upgrade instead; they are computed here as the server does
// at start-up (server_context.cpp), with the generator's calendar.
inline void expect_v5_sample_data(ServerStore& store, int version) {
  if (version < 5) {
    EXPECT_EQ(store.stale_cases().value(), 3) << "the migration lists every existing report";
    ASSERT_TRUE(
        store.set_case_indexer(std::make_shared<const cases::CaseIndexer>(workflow::Calendar()))
            .ok());
    auto filled = store.reindex_stale_cases(100);
    ASSERT_TRUE(filled.ok()) << filled.error().detail;
    EXPECT_EQ(filled.value(), 3);
  }
  auto verified = store.case_row(testing::fixed_id(1));
  ASSERT_TRUE(verified.ok() && verified.value());
  EXPECT_EQ(verified.value()->status, "verified");
  EXPECT_EQ(verified.value()->holder, "dinas-pupr-indramayu");
  EXPECT_EQ(verified.value()->zone, 7);
  EXPECT_EQ(verified.value()->queue_class, 0) << "the verify clock runs";
  CaseFilter all;
  all.everything = true;
  EXPECT_EQ(store.count_cases(all).value(), sample_reports(version));
  all.status = "received";
  EXPECT_EQ(store.count_cases(all).value(), sample_reports(version) - 1);
  EXPECT_EQ(store.stale_cases().value(), 0);
}

// Schema v7: the reports counted by channel, from the kept totals (every case) and from the
// rows (a status), both agreeing with the sample data of `version`.
inline void expect_v7_sample_data(ServerStore& store, int version) {
  CaseFilter all;
  all.everything = true;
  for (const std::string& status : {std::string(), std::string("received")}) {
    SCOPED_TRACE("status '" + status + "'");
    all.status = status;
    auto counts = store.channel_counts(all);
    ASSERT_TRUE(counts.ok()) << counts.error().detail;
    std::int64_t total = 0, assisted = 0;
    for (const auto& count : counts.value()) {
      total += count.received;
      if (count.channel == "assisted") assisted += count.received;
    }
    EXPECT_EQ(total, sample_reports(version) - (status.empty() ? 0 : 1));
    EXPECT_EQ(assisted, version >= 6 ? 1 : 0);
  }
}

inline void expect_sample_data(ServerStore& store, int version) {
  if (version >= 3) expect_v3_sample_data(store);
  if (version >= 4) expect_v4_sample_data(store);
  expect_v5_sample_data(store, version);
  if (version >= 6) expect_v6_sample_data(store);
  if (version >= 8) expect_v8_sample_data(store);
  if (version >= 9) expect_v9_sample_data(store);
  expect_v7_sample_data(store, version);
  auto count = store.count_reports();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count.value(), sample_reports(version));
  auto first = store.report(testing::fixed_id(1));
  ASSERT_TRUE(first.ok() && first.value());
  domain::Report expected = pushed(1, testing::sample_report(1));
  expected.received_at = 1700000050000;
  EXPECT_EQ(first.value()->report, expected);
  EXPECT_EQ(first.value()->status, "verified");
  EXPECT_EQ(first.value()->device_id, "device-6f1c");
  EXPECT_EQ(first.value()->entered_by, "");
  auto minimal = store.report_by_tracking_code(pushed(2, testing::minimal_report(2)).tracking_code);
  ASSERT_TRUE(minimal.ok() && minimal.value());
  EXPECT_TRUE(minimal.value()->report.same_content(pushed(2, testing::minimal_report(2))));
  auto events = store.events_for_device("device-6f1c", 0, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events.value().size(), 4u);
  EXPECT_EQ(events.value()[3].actor, "officer-17");
  auto photo = store.attachment_bytes(testing::fixed_id(3).to_string(),
                                      report_with_photo().attachments[0].id);
  ASSERT_TRUE(photo.ok() && photo.value());
  EXPECT_EQ(*photo.value(), kPhoto);
  const domain::Attachment halfway = testing::sample_report(1).attachments[1];
  auto resumed = store.begin_upload({testing::fixed_id(1).to_string(), halfway.id,
                                     halfway.size_bytes, halfway.sha256_hex, 0, false});
  ASSERT_TRUE(resumed.ok()) << resumed.error().detail;
  EXPECT_EQ(resumed.value().bytes_held, 500u);
  auto secret = store.device_secret_hash("device-6f1c");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret.value(), std::string(64, 'a'));
}

}  // namespace aduan::store::server_sample
