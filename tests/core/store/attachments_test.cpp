// Tests of attachment bytes on the device (LocalStore, schema v2): a report is saved with its
// photos and its outbox row in one transaction; bad photos (over the cap, a wrong hash or
// size, missing, unknown) are refused with their own error and nothing is written; content
// reads back chunk by chunk across row boundaries; upload state moves as the engine reports
// it; forgetting a report drops its bytes; failures injected with triggers, as in
// interrupted_writes_test.cpp, leave no half-saved photo (natively only: the browser's SQLite
// has no triggers). Also the storage figure per photo.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/domain/sha256.h"
#include "core/rules/report_rules.h"
#include "core/store/local_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/local_store_fixture.h"

namespace aduan::store {
namespace {

class Attachments : public FreshLocalStore {
 protected:
  void SetUp() override {
    FreshLocalStore::SetUp();
    report_ = testing::report_with_photos(1, photo_, small_);
  }
  std::vector<AttachmentContent> contents() const {
    return {{report_.attachments[0].id, photo_}, {report_.attachments[1].id, small_}};
  }
  Status save(const domain::Report& report, const std::vector<AttachmentContent>& contents,
              std::string_view draft = {}) {
    return store().save_report(report, contents, 500, 10, draft);
  }
  std::int64_t count(const std::string& table) {
    auto db = Database::open(path_.str());
    EXPECT_TRUE(db.ok());
    auto n = db.value().query_int("SELECT count(*) FROM " + table);
    EXPECT_TRUE(n.ok());
    return n.ok() ? n.value() : -1;
  }
  void exec_aside(const std::string& sql) {
    auto db = Database::open(path_.str());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value().exec(sql).ok());
  }
  void expect_nothing_saved() {
    EXPECT_EQ(count("reports"), 0);
    EXPECT_EQ(count("attachments"), 0);
    EXPECT_EQ(count("attachment_content"), 0);
    EXPECT_EQ(count("outbox"), 0);
  }
  void deliver(const domain::ReportId& id) {
    ASSERT_TRUE(store().mark_delivered(id, "LPR-" + id.to_string().substr(26), 20, 20).ok());
  }

  domain::Report report_;
  std::vector<std::uint8_t> photo_, small_;
};

TEST_F(Attachments, ReportPhotosAndOutboxRowAreSavedTogether) {
  ASSERT_TRUE(store().save_draft(testing::sample_draft()).ok());
  ASSERT_TRUE(save(report_, contents(), "draft-1").ok());
  auto saved = store().report(report_.id);
  ASSERT_TRUE(saved.ok() && saved.value());
  EXPECT_EQ(*saved.value(), report_);
  auto draft = store().draft("draft-1");
  ASSERT_TRUE(draft.ok());
  EXPECT_FALSE(draft.value());
  EXPECT_EQ(count("attachment_content"), 3);  // 65,536 + 4,464 bytes, and 1,000

  auto progress = store().upload_progress(report_.id);
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress.value().size(), 2u);
  EXPECT_EQ(progress.value()[0],
            (UploadProgress{report_.attachments[0].id, 70'000, 0, UploadState::pending, "", true}));
  auto uploads = store().report_uploads(report_.id);
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().pending, 2);
  EXPECT_EQ(uploads.value().total_bytes, 71'000u);
  EXPECT_EQ(uploads.value().sent_bytes, 0u);
  EXPECT_FALSE(uploads.value().finished());
  auto totals = store().upload_totals();
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals.value(), (UploadTotals{2, 71'000, 0}));

  // A second tap on "Kirim" changes nothing.
  ASSERT_TRUE(save(report_, contents()).ok());
  EXPECT_EQ(count("attachment_content"), 3);
}

TEST_F(Attachments, ContentReadsBackChunkByChunkAcrossRows) {
  ASSERT_TRUE(save(report_, contents()).ok());
  const std::string& id = report_.attachments[0].id;
  for (std::uint64_t offset : {0ull, 1ull, 65'535ull, 65'536ull, 69'999ull}) {
    for (std::size_t max : {1u, 1'000u, 65'536u, 100'000u}) {
      SCOPED_TRACE(std::to_string(offset) + "+" + std::to_string(max));
      auto bytes = store().attachment_content(report_.id, id, offset, max);
      ASSERT_TRUE(bytes.ok()) << bytes.error().detail;
      const std::size_t want = std::min<std::size_t>(max, 70'000 - offset);
      EXPECT_EQ(bytes.value(),
                std::vector<std::uint8_t>(photo_.begin() + offset, photo_.begin() + offset + want));
    }
  }
  auto at_end = store().attachment_content(report_.id, id, 70'000, 10);
  ASSERT_TRUE(at_end.ok());
  EXPECT_TRUE(at_end.value().empty());
  auto past = store().attachment_content(report_.id, id, 70'001, 10);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, kErrorInvalidArgument);
  auto unknown = store().attachment_content(report_.id, "ffff", 0, 10);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, kErrorNotFound);
  auto matches = store().content_matches(report_.id, id);
  ASSERT_TRUE(matches.ok());
  EXPECT_TRUE(matches.value());

  // A damaged row is found out, not sent.
  exec_aside("UPDATE attachment_content SET bytes = zeroblob(length(bytes)) WHERE start = 65536");
  matches = store().content_matches(report_.id, id);
  ASSERT_TRUE(matches.ok());
  EXPECT_FALSE(matches.value());
  exec_aside("DELETE FROM attachment_content WHERE start = 65536");
  auto hole = store().attachment_content(report_.id, id, 60'000, 10'000);
  ASSERT_FALSE(hole.ok());
  EXPECT_EQ(hole.error().code, kErrorCorrupt);
}

TEST_F(Attachments, BadPhotosAreRefusedWithTheirOwnErrorAndNothingIsWritten) {
  ASSERT_TRUE(store().save_draft(testing::sample_draft()).ok());
  auto expect_refused = [&](const domain::Report& report,
                            const std::vector<AttachmentContent>& given, std::string_view code) {
    auto s = save(report, given, "draft-1");
    ASSERT_FALSE(s.ok()) << code;
    EXPECT_EQ(s.error().code, code) << s.error().detail;
    EXPECT_NE(s.error().detail.find("attachment"), std::string::npos) << s.error().detail;
    expect_nothing_saved();
    auto draft = store().draft("draft-1");
    ASSERT_TRUE(draft.ok());
    EXPECT_TRUE(draft.value().has_value());  // what was typed is kept
  };
  domain::Report wrong_hash = report_;
  wrong_hash.attachments[1].sha256_hex = domain::sha256_hex(std::string_view("lain"));
  expect_refused(wrong_hash, contents(), kErrorAttachmentHash);

  domain::Report wrong_size = report_;
  wrong_size.attachments[1].size_bytes = 999;
  expect_refused(wrong_size, contents(), kErrorAttachmentSize);

  expect_refused(report_, {{report_.attachments[0].id, photo_}}, kErrorAttachmentMissing);
  std::vector<AttachmentContent> extra = contents();
  extra.push_back({"4f4e4d4c4b4a49484746454443424140", small_});
  expect_refused(report_, extra, kErrorAttachmentUnknown);
  std::vector<AttachmentContent> twice = contents();
  twice.push_back(twice[1]);
  expect_refused(report_, twice, kErrorAttachmentUnknown);

  const std::vector<std::uint8_t> empty;
  domain::Report zero = report_;
  zero.attachments[1].size_bytes = 0;
  zero.attachments[1].sha256_hex = domain::sha256_hex(empty);
  expect_refused(zero, {contents()[0], {report_.attachments[1].id, empty}}, kErrorAttachmentSize);

  // One byte over the cap, with a true size and hash: refused before anything is hashed.
  const std::vector<std::uint8_t> huge(rules::kMaxAttachmentBytes + 1, 0x5a);
  domain::Report too_large = report_;
  too_large.attachments[1].size_bytes = huge.size();
  too_large.attachments[1].sha256_hex = domain::sha256_hex(huge);
  expect_refused(too_large, {contents()[0], {report_.attachments[1].id, huge}},
                 kErrorAttachmentTooLarge);

  // Exactly at the cap is accepted.
  const std::vector<std::uint8_t> largest(rules::kMaxAttachmentBytes, 0x5a);
  domain::Report at_cap = too_large;
  at_cap.attachments[1].size_bytes = largest.size();
  at_cap.attachments[1].sha256_hex = domain::sha256_hex(largest);
  ASSERT_TRUE(save(at_cap, {contents()[0], {report_.attachments[1].id, largest}}).ok());
  EXPECT_EQ(count("attachment_content"),
            2 + static_cast<int>(rules::kMaxAttachmentBytes / kContentRowBytes));
}

TEST_F(Attachments, SavingWithoutBytesKeepsTheOldBehaviour) {
  ASSERT_TRUE(store().save_report(report_, 500, 10).ok());
  auto progress = store().upload_progress(report_.id);
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress.value()[0].state, UploadState::absent);
  auto bytes = store().attachment_content(report_.id, report_.attachments[0].id, 0, 10);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, kErrorNotFound);
  deliver(report_.id);
  auto next = store().next_upload(100);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next.value()) << "the engine cannot send bytes the device never had";
  auto uploads = store().report_uploads(report_.id);
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().absent, 2);
  EXPECT_TRUE(uploads.value().finished());
}

TEST_F(Attachments, UploadsFollowDeliveryAndRecordWhatTheServerSaid) {
  ASSERT_TRUE(save(report_, contents()).ok());
  auto next = store().next_upload(100);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next.value()) << "not before the report is delivered";
  deliver(report_.id);
  next = store().next_upload(100);
  ASSERT_TRUE(next.ok() && next.value());
  EXPECT_EQ(*next.value(), (UploadTask{report_.id, report_.attachments[0].id, 70'000,
                                       report_.attachments[0].sha256_hex, 0, 0}));

  const std::string& first = report_.attachments[0].id;
  ASSERT_TRUE(store().mark_upload_failed(report_.id, first, "http 503", 5'000).ok());
  next = store().next_upload(100);
  ASSERT_TRUE(next.ok() && next.value());
  EXPECT_EQ(next.value()->attachment_id, report_.attachments[1].id);  // the other is due
  auto due = store().next_upload_due();
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due.value(), 0);
  ASSERT_TRUE(store().mark_upload_done(report_.id, report_.attachments[1].id, true).ok());
  due = store().next_upload_due();
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due.value(), 5'000);
  auto uploads = store().report_uploads(report_.id);
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().last_error, "http 503");
  EXPECT_EQ(uploads.value().sent_bytes, 1'000u);

  ASSERT_EQ(store().retry_uploads_now(200).value(), 1);
  next = store().next_upload(200);
  ASSERT_TRUE(next.ok() && next.value());
  EXPECT_EQ(next.value()->attempts, 1);
  ASSERT_TRUE(store().set_upload_progress(report_.id, first, 65'536).ok());
  next = store().next_upload(200);
  ASSERT_TRUE(next.ok() && next.value());
  EXPECT_EQ(next.value()->attempts, 0);  // progress: the link works again
  EXPECT_EQ(next.value()->bytes_sent, 65'536u);
  uploads = store().report_uploads(report_.id);
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().last_error, "");

  ASSERT_TRUE(store().mark_upload_done(report_.id, first, false).ok());
  auto progress = store().upload_progress(report_.id);
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress.value()[0], (UploadProgress{first, 70'000, 70'000, UploadState::done, "",
                                                 false}));  // dropped, metadata kept
  EXPECT_TRUE(progress.value()[1].content_on_device);       // kept when asked to
  auto unfinished = store().unfinished_uploads();
  ASSERT_TRUE(unfinished.ok());
  EXPECT_TRUE(unfinished.value().empty());
  auto unknown = store().mark_upload_failed(report_.id, "ffff", "x", 1);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, kErrorNotFound);
}

TEST_F(Attachments, ForgettingAReportDropsItsBytesButNotBeforeTheyAreSent) {
  ASSERT_TRUE(save(report_, contents()).ok());
  deliver(report_.id);
  auto refused = store().forget_report(report_.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kErrorInvalidState);
  EXPECT_EQ(count("attachment_content"), 3);

  ASSERT_TRUE(store().mark_upload_done(report_.id, report_.attachments[0].id, true).ok());
  ASSERT_TRUE(store().mark_upload_refused(report_.id, report_.attachments[1].id, "too large").ok());
  ASSERT_TRUE(store().forget_report(report_.id).ok());
  EXPECT_EQ(count("attachment_content"), 0);
  EXPECT_EQ(count("attachments"), 0);
}

TEST_F(Attachments, PhotosOfARejectedReportStopWaiting) {
  ASSERT_TRUE(save(report_, contents()).ok());
  ASSERT_TRUE(store().mark_rejected(report_.id, "rejected", {}, 20).ok());
  auto uploads = store().report_uploads(report_.id);
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads.value().refused, 2);
  EXPECT_EQ(uploads.value().last_error, "report refused");
  EXPECT_EQ(store().upload_totals().value(), (UploadTotals{}));
  ASSERT_TRUE(store().forget_report(report_.id).ok());
  EXPECT_EQ(count("attachment_content"), 0);
}

// ---- Injected failures (natively only: the browser's SQLite has no triggers) -----------------

TEST_F(Attachments, AFailedContentRowLeavesNoReportAndNoBytes) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(store().save_draft(testing::sample_draft()).ok());
  exec_aside(
      "CREATE TRIGGER injected_fault BEFORE INSERT ON attachment_content WHEN NEW.start = 65536 "
      "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
  auto s = save(report_, contents(), "draft-1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, kErrorConstraint);
  expect_nothing_saved();
  EXPECT_TRUE(store().draft("draft-1").value().has_value());
  exec_aside("DROP TRIGGER injected_fault");
  ASSERT_TRUE(save(report_, contents(), "draft-1").ok());
  EXPECT_EQ(count("attachment_content"), 3);
}

TEST_F(Attachments, AFailedOutboxRowLeavesNoBytes) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  exec_aside(
      "CREATE TRIGGER injected_fault BEFORE INSERT ON outbox "
      "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
  ASSERT_FALSE(save(report_, contents()).ok());
  expect_nothing_saved();
}

TEST_F(Attachments, ConfirmationIsAllOrNothing) {
  ADUAN_SKIP_WITHOUT_TRIGGERS();
  ASSERT_TRUE(save(report_, contents()).ok());
  deliver(report_.id);
  exec_aside(
      "CREATE TRIGGER injected_fault BEFORE DELETE ON attachment_content "
      "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
  ASSERT_FALSE(store().mark_upload_done(report_.id, report_.attachments[0].id, false).ok());
  auto progress = store().upload_progress(report_.id);
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress.value()[0].state, UploadState::pending);  // not "done" without the drop
  EXPECT_EQ(count("attachment_content"), 3);
}

// Not a pass/fail figure: how much the database file grows per photo kept on the device, and
// how long saving a report with its photo takes (hash and writes, synchronous=FULL).
TEST_F(Attachments, StorageGrowthPerPhoto) {
  auto file_bytes = [&] {
    auto db = Database::open(path_.str());
    EXPECT_TRUE(db.ok());
    return db.value().query_int("PRAGMA page_count").value() *
           db.value().query_int("PRAGMA page_size").value();
  };
  const std::int64_t before = file_bytes();
  constexpr int kPhotos = 8;
  constexpr std::size_t kPhotoBytes = 1'500'000;  // a downscaled phone photo
  double slowest_ms = 0;
  for (int n = 1; n <= kPhotos; ++n) {
    domain::Report r = testing::sample_report(100 + n);
    const auto bytes = testing::sample_photo(n, kPhotoBytes);
    r.attachments = {{"5f5e5d5c5b5a59585756555453525150", "image/jpeg", bytes.size(),
                      domain::sha256_hex(bytes)}};
    const AttachmentContent content[] = {{r.attachments[0].id, bytes}};
    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(store().save_report(r, content, 500, 10).ok());
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started;
    slowest_ms = std::max(slowest_ms, took.count());
  }
  const double per_photo = static_cast<double>(file_bytes() - before) / kPhotos;
  std::printf(
      "[ storage ] %d photos of %zu bytes: %.0f bytes each in the database (%.2f%% over "
      "the photo, report row included); slowest save with its photo %.1f ms\n",
      kPhotos, kPhotoBytes, per_photo, 100.0 * (per_photo / kPhotoBytes - 1.0), slowest_ms);
  EXPECT_GE(per_photo, static_cast<double>(kPhotoBytes));
}

}  // namespace
}  // namespace aduan::store
