// Tests of resumable attachment uploads in the server store (core/store/server_store.h):
// chunks only at the offset the server holds, resume after an interruption from a fresh
// connection, completion only with the declared SHA-256, and a reset to zero when the bytes
// do not match. Real SQLite in temporary files.
#include <gtest/gtest.h>

#include <cctype>
#include <optional>

#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/rules/report_rules.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/server_store_under_test.h"

namespace aduan::store {
namespace {

using testing::TempPath;

constexpr domain::Timestamp kNow = 1700000100000;
constexpr std::string_view kPhotoId = "0f0e0d0c0b0a09080706050403020100";
constexpr std::string_view kEmptyId = "1f1e1d1c1b1a19181716151413121110";

std::vector<std::uint8_t> photo_bytes() {
  std::vector<std::uint8_t> bytes(100000);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<std::uint8_t>((i * 131) ^ (i >> 7));
  }
  return bytes;
}

domain::Report report_with_attachments() {
  domain::Report r = testing::sample_report(1);
  r.tracking_code = domain::tracking_code_from_bits(777);
  r.attachments = {
      {std::string(kPhotoId), "image/jpeg", photo_bytes().size(),
       domain::sha256_hex(photo_bytes())},
      {std::string(kEmptyId), "text/plain", 0, domain::sha256_hex(std::string_view())}};
  return r;
}

const std::string kReport = testing::fixed_id(1).to_string();

AttachmentUpload photo_upload() {
  return {
      kReport, std::string(kPhotoId), photo_bytes().size(), domain::sha256_hex(photo_bytes()), 0,
      false};
}

std::span<const std::uint8_t> slice(const std::vector<std::uint8_t>& bytes, std::size_t from,
                                    std::size_t count) {
  return std::span<const std::uint8_t>(bytes).subspan(from, count);
}

class ServerUploads : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(reopen());
    if (!store_) return;  // skipped
    const domain::Report reports[] = {report_with_attachments()};
    auto stored = store().store_batch("device-a", reports, kNow);
    ASSERT_TRUE(stored.ok()) << stored.error().detail;
  }

  // A new connection on the same file, as after a server restart.
  void reopen() {
    store_.reset();
    auto opened = testing::open_server_store_under_test(path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_.emplace(std::move(opened).value());
  }

  ServerStore& store() { return *store_; }

  Result<AttachmentUpload> append(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
    return store().append_chunk(kReport, kPhotoId, offset, bytes);
  }

  std::int64_t chunk_rows() {
    auto n = store().database().query_int("SELECT count(*) FROM attachment_chunks");
    return n.ok() ? n.value() : -1;
  }

  TempPath path_;
  std::optional<ServerStore> store_;
};

TEST_F(ServerUploads, ChunksCompleteTheUploadAndTheBytesAreServed) {
  const auto bytes = photo_bytes();
  auto begun = store().begin_upload(photo_upload());
  ASSERT_TRUE(begun.ok()) << begun.error().detail;
  EXPECT_EQ(begun.value().bytes_held, 0u);
  EXPECT_FALSE(begun.value().complete);
  std::size_t offset = 0;
  for (std::size_t chunk : {32768u, 32768u, 30000u}) {
    auto progress = append(offset, slice(bytes, offset, chunk));
    ASSERT_TRUE(progress.ok()) << progress.error().detail;
    offset += chunk;
    EXPECT_EQ(progress.value().bytes_held, offset);
    EXPECT_FALSE(progress.value().complete);
    auto partial = store().attachment_bytes(kReport, kPhotoId);
    ASSERT_TRUE(partial.ok());
    EXPECT_FALSE(partial.value()) << "unverified bytes are never served";
  }
  auto last = append(offset, slice(bytes, offset, bytes.size() - offset));
  ASSERT_TRUE(last.ok()) << last.error().detail;
  EXPECT_TRUE(last.value().complete);
  EXPECT_EQ(last.value().bytes_held, bytes.size());
  auto served = store().attachment_bytes(kReport, kPhotoId);
  ASSERT_TRUE(served.ok() && served.value());
  EXPECT_EQ(*served.value(), std::string(bytes.begin(), bytes.end()));
  // A retry of begin_upload after completion reports it complete; nothing more fits.
  auto again = store().begin_upload(photo_upload());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.value().complete);
  auto extra = append(bytes.size(), slice(bytes, 0, 1));
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().code, kErrorTooLarge);
}

TEST_F(ServerUploads, BeginIsIdempotentAndChecksWhatTheReportDeclared) {
  ASSERT_TRUE(store().begin_upload(photo_upload()).ok());
  ASSERT_TRUE(append(0, slice(photo_bytes(), 0, 1000)).ok());
  AttachmentUpload shouted = photo_upload();
  for (char& c : shouted.expected_sha256) c = static_cast<char>(std::toupper(c));
  auto resumed = store().begin_upload(shouted);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed.value().bytes_held, 1000u) << "a retry resumes, never restarts";

  AttachmentUpload other_size = photo_upload();
  other_size.expected_size -= 1;
  auto conflict = store().begin_upload(other_size);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, kErrorConflict);
  AttachmentUpload other_digest = photo_upload();
  other_digest.expected_sha256 = std::string(64, '0');
  EXPECT_EQ(store().begin_upload(other_digest).error().code, kErrorConflict);

  AttachmentUpload undeclared = photo_upload();
  undeclared.attachment_id = "99999999999999999999999999999999";
  EXPECT_EQ(store().begin_upload(undeclared).error().code, kErrorNotFound);
  AttachmentUpload unknown_report = photo_upload();
  unknown_report.report_id = testing::fixed_id(2).to_string();
  EXPECT_EQ(store().begin_upload(unknown_report).error().code, kErrorNotFound);
  AttachmentUpload not_an_id = photo_upload();
  not_an_id.report_id = "report-1";
  EXPECT_EQ(store().begin_upload(not_an_id).error().code, kErrorInvalidArgument);
  AttachmentUpload huge = photo_upload();
  huge.expected_size = rules::kMaxAttachmentBytes + 1;
  EXPECT_EQ(store().begin_upload(huge).error().code, kErrorTooLarge);
}

TEST_F(ServerUploads, WrongOffsetWritesNothing) {
  const auto bytes = photo_bytes();
  ASSERT_TRUE(store().begin_upload(photo_upload()).ok());
  ASSERT_TRUE(append(0, slice(bytes, 0, 500)).ok());
  for (std::uint64_t offset : {0u, 499u, 501u, 90000u}) {
    auto wrong = append(offset, slice(bytes, 0, 100));
    ASSERT_FALSE(wrong.ok()) << offset;
    EXPECT_EQ(wrong.error().code, kErrorBadOffset);
    EXPECT_NE(wrong.error().detail.find("holds 500"), std::string::npos) << wrong.error().detail;
  }
  EXPECT_EQ(chunk_rows(), 1);
  auto progress = store().begin_upload(photo_upload());
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress.value().bytes_held, 500u);
  auto unknown = store().append_chunk(kReport, kEmptyId.substr(1), 0, slice(bytes, 0, 1));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, kErrorNotFound);
}

TEST_F(ServerUploads, ChunkPastTheExpectedSizeIsRefused) {
  const auto bytes = photo_bytes();
  ASSERT_TRUE(store().begin_upload(photo_upload()).ok());
  ASSERT_TRUE(append(0, slice(bytes, 0, bytes.size() - 10)).ok());
  std::vector<std::uint8_t> too_many(11, 0x55);
  auto refused = append(bytes.size() - 10, too_many);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kErrorTooLarge);
  EXPECT_EQ(chunk_rows(), 1);
  auto finished = append(bytes.size() - 10, slice(bytes, bytes.size() - 10, 10));
  ASSERT_TRUE(finished.ok());
  EXPECT_TRUE(finished.value().complete);
}

TEST_F(ServerUploads, ResumesAfterAnInterruptionFromANewConnection) {
  const auto bytes = photo_bytes();
  ASSERT_TRUE(store().begin_upload(photo_upload()).ok());
  ASSERT_TRUE(append(0, slice(bytes, 0, 40000)).ok());
  ASSERT_NO_FATAL_FAILURE(reopen());  // the server restarted; the device asks where to go on
  auto progress = store().begin_upload(photo_upload());
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress.value().bytes_held, 40000u);
  auto rest = append(progress.value().bytes_held, slice(bytes, 40000, bytes.size() - 40000));
  ASSERT_TRUE(rest.ok()) << rest.error().detail;
  EXPECT_TRUE(rest.value().complete);
  ASSERT_NO_FATAL_FAILURE(reopen());
  auto served = store().attachment_bytes(kReport, kPhotoId);
  ASSERT_TRUE(served.ok() && served.value());
  EXPECT_EQ(served.value()->size(), bytes.size());
}

TEST_F(ServerUploads, WrongBytesResetTheUploadToZero) {
  auto bytes = photo_bytes();
  bytes[12345] ^= 1;  // one flipped bit on a bad link
  ASSERT_TRUE(store().begin_upload(photo_upload()).ok());
  ASSERT_TRUE(append(0, slice(bytes, 0, 50000)).ok());
  auto mismatch = append(50000, slice(bytes, 50000, bytes.size() - 50000));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, kErrorHashMismatch);
  EXPECT_EQ(chunk_rows(), 0);
  ASSERT_NO_FATAL_FAILURE(reopen());  // the reset is durable, not only in memory
  auto progress = store().begin_upload(photo_upload());
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress.value().bytes_held, 0u);
  EXPECT_FALSE(progress.value().complete);
  auto served = store().attachment_bytes(kReport, kPhotoId);
  ASSERT_TRUE(served.ok());
  EXPECT_FALSE(served.value());
  const auto good = photo_bytes();
  auto retried = append(0, good);
  ASSERT_TRUE(retried.ok());
  EXPECT_TRUE(retried.value().complete);
}

TEST_F(ServerUploads, EmptyAttachmentIsCompleteAtOnce) {
  auto begun = store().begin_upload(
      {kReport, std::string(kEmptyId), 0, domain::sha256_hex(std::string_view()), 0, false});
  ASSERT_TRUE(begun.ok()) << begun.error().detail;
  EXPECT_TRUE(begun.value().complete);
  auto served = store().attachment_bytes(kReport, kEmptyId);
  ASSERT_TRUE(served.ok() && served.value());
  EXPECT_EQ(*served.value(), "");
}

}  // namespace
}  // namespace aduan::store
