// A report forgotten from a store opened with secure_delete (as the browser's is, for kiosks)
// leaves none of its bytes in the database file: not in its table's pages, not in free pages.
// The browser writes exactly these pages to IndexedDB, so this is the native half of the kiosk
// browser test that reads IndexedDB's raw pages.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/store/local_store.h"
#include "core/store/test_support.h"

namespace aduan::store {
namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(SecureDelete, AForgottenReportLeavesNoBytesInTheFile) {
  testing::TempPath path;
  OpenOptions options;
  options.journal_mode = JournalMode::delete_file;
  options.secure_delete = true;
  const std::string kCode = "KQ7M-2XRT-9WBC-D";  // the server's code, as the ack brings it
  const std::string marker = "Jalan berlubang di depan rumah Ibu Sumarni";
  domain::Report report = testing::sample_report(7);
  report.title = marker;
  report.body = std::string(3000, 'x') + marker;  // long enough to spill onto an overflow page
  {
    auto store = LocalStore::open(path.str(), options);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    ASSERT_TRUE(store.value().save_report(report, 600, 1000).ok());
  }
  ASSERT_NE(file_bytes(path.str()).find(marker), std::string::npos) << "the test sees stored text";
  {
    auto store = LocalStore::open(path.str(), options);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store.value().mark_sending(std::vector{report.id}, 2000).ok());
    auto delivered = store.value().mark_delivered(report.id, kCode, 2500, 3000);
    ASSERT_TRUE(delivered.ok()) << delivered.error().code << " " << delivered.error().detail;
    ASSERT_TRUE(store.value().forget_report(report.id).ok());
  }
  EXPECT_EQ(file_bytes(path.str()).find(marker), std::string::npos);
  EXPECT_EQ(file_bytes(path.str()).find(kCode), std::string::npos);
}

}  // namespace
}  // namespace aduan::store
