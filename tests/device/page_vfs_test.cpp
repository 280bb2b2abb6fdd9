// tests/app/page_vfs_test.cpp: the page VFS (shell/device/page_vfs.h) with IndexedDB played by a
// map that applies a batch whole or not at all, as an IndexedDB transaction does. The real
// LocalStore runs over it, so the pages are SQLite's own. Proves: a save's batch holds the few
// pages it dirtied however large the file; what was durable reloads; a failed batch is owed
// again whole; a "crash" at any moment reloads exactly the durable commits; a shrink deletes
// stale pages.
#include "shell/device/page_vfs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "core/store/local_store.h"
#include "core/store/test_support.h"
#include "sqlite3.h"

namespace aduan::app {
namespace {

// What the browser's IndexedDB would hold.
struct Image {
  std::map<std::uint32_t, std::vector<std::uint8_t>> pages;
  std::uint64_t size = 0;
  std::uint64_t generation = 0;

  void apply(const PageBatch& batch) {
    for (std::size_t i = 0; i < batch.indexes.size(); ++i) {
      const auto* from = batch.bytes.data() + i * kPageBytes;
      pages[batch.indexes[i]].assign(from, from + kPageBytes);
    }
    const std::uint64_t keep = (batch.file_size + kPageBytes - 1) / kPageBytes;
    pages.erase(pages.lower_bound(static_cast<std::uint32_t>(keep)), pages.end());
    size = batch.file_size;
    generation = batch.generation;
  }
};

class PageVfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(PageVfs::instance().register_as_default(), 0);
    load();
  }
  void TearDown() override {
    store_.reset();
    PageVfs::instance().reset();
  }

  // A page load: the VFS starts from what the image holds, then the store opens.
  void load() {
    store_.reset();
    sent_.clear();
    PageVfs& vfs = PageVfs::instance();
    vfs.reset();
    for (const auto& [index, bytes] : image_.pages) vfs.database().load_page(index, bytes);
    vfs.database().set_loaded_size(image_.size);
    vfs.finish_loading(image_.generation);
    vfs.set_sink([this](const PageBatch& batch) { sent_.push_back(batch); });
    store::OpenOptions options;
    options.journal_mode = store::JournalMode::memory;
    auto opened = store::LocalStore::open(kDatabaseFileName, options);
    ASSERT_TRUE(opened) << opened.error().detail;
    store_.emplace(std::move(opened).value());
  }

  // The browser completes the batch in flight.
  void complete() {
    ASSERT_FALSE(sent_.empty());
    PageBatch batch = sent_.front();
    sent_.pop_front();
    image_.apply(batch);
    PageVfs::instance().batch_durable(batch.generation);
  }
  void complete_all() {
    while (!sent_.empty()) complete();
  }

  void save(int n) {
    ASSERT_TRUE(store_->save_report(store::testing::sample_report(n), 400, 1000 + n));
  }
  int stored_reports() {
    auto counts = store_->outbox_counts();
    EXPECT_TRUE(counts);
    return counts ? counts.value().queued : -1;
  }

  Image image_;
  std::deque<PageBatch> sent_;
  std::optional<store::LocalStore> store_;
};

TEST_F(PageVfsTest, ASaveSendsOnlyTheFewPagesItDirtiedHoweverLargeTheFile) {
  complete_all();
  std::vector<std::size_t> early, late;
  for (int n = 1; n <= 1200; ++n) {
    save(n);
    if (!sent_.empty()) {
      if (n > 20 && n <= 40) early.push_back(sent_.back().indexes.size());
      if (n > 1180) late.push_back(sent_.back().indexes.size());
    }
    complete_all();
  }
  std::sort(early.begin(), early.end());
  std::sort(late.begin(), late.end());
  ASSERT_FALSE(early.empty());
  ASSERT_FALSE(late.empty());
  EXPECT_LE(late[late.size() / 2], early[early.size() / 2] + 2);
  EXPECT_GT(PageVfs::instance().database().page_count(), 10 * late.back());
}

TEST_F(PageVfsTest, CommitsMadeWhileABatchIsInFlightGoInTheNextOne) {
  complete_all();
  save(1);
  ASSERT_EQ(sent_.size(), 1u);
  save(2);
  save(3);
  EXPECT_EQ(sent_.size(), 1u);  // one in flight at a time
  EXPECT_LT(PageVfs::instance().durable_generation(), PageVfs::instance().committed_generation());
  complete();
  ASSERT_EQ(sent_.size(), 1u);  // the merged rest
  complete();
  EXPECT_EQ(PageVfs::instance().durable_generation(), PageVfs::instance().committed_generation());
  load();
  EXPECT_EQ(stored_reports(), 3);
}

TEST_F(PageVfsTest, AFailedBatchIsOwedAgainWholeAndNothingCountsAsDurable) {
  complete_all();
  save(1);
  complete();
  const auto durable = PageVfs::instance().durable_generation();
  save(2);
  ASSERT_EQ(sent_.size(), 1u);
  const PageBatch failed = sent_.front();
  sent_.pop_front();
  PageVfs::instance().batch_failed(failed.generation, "QuotaExceededError");
  EXPECT_EQ(PageVfs::instance().durable_generation(), durable);
  EXPECT_EQ(PageVfs::instance().last_error(), "QuotaExceededError");

  save(3);  // the next commit carries the failed one's pages too
  ASSERT_EQ(sent_.size(), 1u);
  for (std::uint32_t index : failed.indexes) {
    EXPECT_NE(std::find(sent_.front().indexes.begin(), sent_.front().indexes.end(), index),
              sent_.front().indexes.end());
  }
  complete();
  EXPECT_EQ(PageVfs::instance().last_error(), "");
  load();
  EXPECT_EQ(stored_reports(), 3);
}

TEST_F(PageVfsTest, ACrashAtAnyMomentReloadsExactlyTheDurableCommits) {
  std::mt19937 random(7);
  int saved = 0;
  for (int round = 0; round < 40; ++round) {
    std::vector<std::pair<std::uint64_t, int>> saves;  // generation after each save, count
    const int count = static_cast<int>(random() % 6);
    for (int i = 0; i < count; ++i) {
      save(++saved);
      saves.emplace_back(PageVfs::instance().committed_generation(), saved);
      if (random() % 2 == 0 && !sent_.empty()) complete();
    }
    // The tab dies: whatever was in flight never reached IndexedDB.
    const auto durable = PageVfs::instance().durable_generation();
    int expected = saved - count;
    for (const auto& [generation, total] : saves) {
      if (generation <= durable) expected = total;
    }
    load();
    saved = stored_reports();
    ASSERT_EQ(saved, expected) << "round " << round;
    complete_all();
  }
}

TEST_F(PageVfsTest, AShrunkFileDeletesItsStalePages) {
  const std::string value(3000, 'x');
  for (int i = 0; i < 200; ++i)
    ASSERT_TRUE(store_->set_setting("fill." + std::to_string(i), value));
  complete_all();
  const std::size_t grown = image_.pages.size();
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(store_->erase_setting("fill." + std::to_string(i)));
  complete_all();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(kDatabaseFileName, &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode = MEMORY; VACUUM", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  PageVfs::instance().flush();  // the shrink comes after VACUUM's sync
  complete_all();
  PageVfs::instance().flush();
  complete_all();
  EXPECT_LT(image_.pages.size() * 4, grown);
  EXPECT_EQ(image_.pages.size(), (image_.size + kPageBytes - 1) / kPageBytes);
  EXPECT_EQ(image_.pages.rbegin()->first + 1, image_.pages.size());
  load();
  EXPECT_EQ(stored_reports(), 0);
}

}  // namespace
}  // namespace aduan::app
