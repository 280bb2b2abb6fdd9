// Officers see the evidence the citizen sent, over real HTTP: the exact bytes of a verified
// photo with headers that keep it from acting as a page; a camera JPEG with its location,
// uploaded raw as aduan-cli does, served without EXIF while the stored original still matches
// its SHA-256; 401, 403 and 404 as the console's other routes; a file whose bytes are not an
// allowed type is not served, whatever it claims; one audit row per view; the report's detail
// lists the attachments and which ones can be fetched.
#include <gtest/gtest.h>

#include "core/domain/sha256.h"
#include "core/store/server_store.h"
#include "tests/server/evidence_samples.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

class ApiEvidence : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
    liaison_ =
        officer_session(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
  }

  // A report in 32.12 declaring these files, pushed; `sent` bytes of each are then uploaded
  // (all of them unless told otherwise), as a device does.
  domain::Report pushed_with(const std::vector<std::string>& files, domain::Channel channel,
                             std::size_t sent = std::string::npos) {
    domain::Report report = report_at(seed_++, "32.12", "kab-32.12-dinkes");
    report.channel = channel;
    for (const auto& file : files)
      report.attachments.push_back(
          {domain::random_hex(16), "image/jpeg", file.size(), domain::sha256_hex(file)});
    auto verdicts = device_.push({report});
    EXPECT_TRUE(verdicts && verdicts->verdicts.at(0).kind == wire::VerdictKind::stored);
    for (std::size_t i = 0; i < files.size(); ++i) {
      const std::string part = files[i].substr(0, sent);
      auto put = device_.client().Put(attachment_path(report, i, "reports") + "?offset=0",
                                      device_.headers(), part, "application/octet-stream");
      EXPECT_TRUE(put && put->status == 200) << (put ? put->body : "no answer");
    }
    return report;
  }

  static std::string attachment_path(const domain::Report& report, std::size_t i,
                                     const char* where = "officer") {
    return std::string("/api/v1/") +
           (std::string(where) == "officer" ? "officer/reports/" : "reports/") +
           report.id.to_string() + "/attachments/" + report.attachments[i].id;
  }

  httplib::Result view(const std::string& session, const domain::Report& report,
                       std::size_t i = 0) {
    return get_as(server_, session, attachment_path(report, i));
  }

  std::size_t audited_views(const domain::Report& report, const std::string& attachment_id) {
    auto audit =
        get_as(server_, national_, "/api/v1/officer/audit?report=" + report.id.to_string());
    EXPECT_TRUE(audit && audit->status == 200);
    const std::string row = "\"action\":\"attachment.view\",\"report_id\":\"" +
                            report.id.to_string() + "\",\"subject\":\"" + attachment_id + "\"";
    std::size_t rows = 0;
    for (std::size_t at = 0; audit && (at = audit->body.find(row, at)) != std::string::npos; ++at)
      ++rows;
    return rows;
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  TestDevice device_{server_};
  std::string liaison_, national_;
  std::uint64_t seed_ = 501;
};

TEST_F(ApiEvidence, AnOfficerInScopeGetsTheExactBytesOfAVerifiedPhotoWithSafeHeaders) {
  const std::string photo = jpeg_without_metadata();
  const auto report = pushed_with({photo}, domain::Channel::web);
  auto served = view(liaison_, report);
  ASSERT_TRUE(served);
  ASSERT_EQ(served->status, 200) << served->body;
  EXPECT_EQ(served->body, photo);
  EXPECT_EQ(served->get_header_value("Content-Type"), "image/jpeg");
  EXPECT_EQ(served->get_header_value("Cache-Control"), "private, no-store");
  EXPECT_EQ(served->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(served->get_header_value("Content-Disposition"),
            "inline; filename=\"" + report.tracking_code + "-1.jpg\"");
  // One policy, the sandboxing one: a second, site-wide one would be enforced as well.
  EXPECT_EQ(served->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_EQ(served->get_header_value("Content-Security-Policy"),
            "sandbox; default-src 'none'; frame-ancestors 'none'");
}

TEST_F(ApiEvidence, ACameraPhotoUploadedRawIsServedWithoutItsLocationAndKeptAsSent) {
  const std::string camera = jpeg_with_gps_exif();
  ASSERT_TRUE(has_exif_segment(camera)) << "the sample must carry what the server is to remove";
  ASSERT_NE(camera.find(kSampleGpsComment), std::string::npos);
  const auto report = pushed_with({camera}, domain::Channel::web);  // raw, as aduan-cli sends it
  auto served = view(liaison_, report);
  ASSERT_TRUE(served);
  ASSERT_EQ(served->status, 200) << served->body;
  EXPECT_FALSE(has_exif_segment(served->body));
  EXPECT_EQ(served->body.find("Exif"), std::string::npos) << "nor in what follows the image";
  EXPECT_EQ(served->body.find(kSampleGpsComment), std::string::npos) << "the comment goes too";
  EXPECT_EQ(served->body.substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_TRUE(ends_with_main_image(served->body));
  // The original, which the report's SHA-256 covers, is kept as it was sent.
  auto db = open_server_database(server_.data_dir());
  ASSERT_TRUE(db.ok()) << db.error().detail;
  auto held = db.value().attachment_bytes(report.id.to_string(), report.attachments[0].id);
  ASSERT_TRUE(held.ok() && held.value().has_value());
  EXPECT_EQ(*held.value(), camera);
  EXPECT_EQ(domain::sha256_hex(*held.value()), report.attachments[0].sha256_hex);
}

TEST_F(ApiEvidence, NoSessionIs401AndAReportOutOfScopeIs403) {
  const auto report = pushed_with({jpeg_without_metadata()}, domain::Channel::web);
  auto none = get_as(server_, "", attachment_path(report, 0));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_TRUE(contains(none, "\"code\":\"officer.no_session\""));
  auto bogus = view("not-a-session", report);
  EXPECT_EQ(bogus->status, 401);
  EXPECT_TRUE(contains(bogus, "\"code\":\"officer.session_expired\""));
  const auto landak = officer_session(server_, "admin.landak", "agency_admin", "kab-61.08", "");
  auto elsewhere = view(landak, report);
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 403);
  EXPECT_TRUE(contains(elsewhere, "\"code\":\"officer.out_of_scope\""));
  EXPECT_EQ(audited_views(report, report.attachments[0].id), 0u) << "a refusal is no view";
}

TEST_F(ApiEvidence, AnIncompleteUploadAnUnknownAttachmentAndAnUnknownReportAre404) {
  const std::string photo = jpeg_with_gps_exif();
  const auto half = pushed_with({photo}, domain::Channel::web, photo.size() / 2);
  auto incomplete = view(liaison_, half);
  ASSERT_TRUE(incomplete);
  EXPECT_EQ(incomplete->status, 404);
  EXPECT_TRUE(contains(incomplete, "\"code\":\"attachment.not_verified\""));
  domain::Report other = half;
  other.attachments[0].id = std::string(32, 'a');
  EXPECT_TRUE(contains(view(liaison_, other), "\"code\":\"attachment.unknown\""));
  other = half;
  other.id = domain::ReportId::parse(std::string(32, 'b')).value();
  auto unknown = view(liaison_, other);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_TRUE(contains(unknown, "\"code\":\"officer.unknown_report\""));
}

TEST_F(ApiEvidence, BytesThatAreNotAnAllowedTypeAreNotServedWhateverTheyClaim) {
  const std::string html = "<!doctype html><script>alert(document.cookie)</script>";
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
  const auto report = pushed_with({html, svg}, domain::Channel::web);  // both declared image/jpeg
  for (std::size_t i = 0; i < 2; ++i) {
    auto served = view(liaison_, report, i);
    ASSERT_TRUE(served);
    EXPECT_EQ(served->status, 415) << i;
    EXPECT_TRUE(contains(served, "\"code\":\"attachment.type_not_allowed\"")) << i;
    EXPECT_EQ(served->body.find("<script"), std::string::npos);
    EXPECT_EQ(served->body.find("<svg"), std::string::npos);
    EXPECT_EQ(served->get_header_value("Content-Type"), "application/json");
  }
}

TEST_F(ApiEvidence, EveryViewLeavesAnAuditRowNamingTheOfficerReportAndAttachment) {
  const auto report =
      pushed_with({jpeg_without_metadata(), jpeg_with_gps_exif()}, domain::Channel::web);
  ASSERT_EQ(view(liaison_, report, 0)->status, 200);
  ASSERT_EQ(view(liaison_, report, 0)->status, 200);
  ASSERT_EQ(view(national_, report, 1)->status, 200);
  EXPECT_EQ(audited_views(report, report.attachments[0].id), 2u);
  EXPECT_EQ(audited_views(report, report.attachments[1].id), 1u);
  auto audit = get_as(server_, national_, "/api/v1/officer/audit?report=" + report.id.to_string());
  EXPECT_TRUE(contains(audit, "\"actor_role\":\"liaison_officer\",\"action\":\"attachment.view\""));
  EXPECT_TRUE(contains(audit, "\"actor_role\":\"national_admin\",\"action\":\"attachment.view\""));
  EXPECT_TRUE(contains(audit, "\"note\":\"image/jpeg\""));
}

TEST_F(ApiEvidence, TheDetailListsEachAttachmentAndWhichCanBeFetched) {
  const std::string photo = jpeg_without_metadata();
  const auto done = pushed_with({photo}, domain::Channel::web);
  const auto half = pushed_with({photo}, domain::Channel::web, photo.size() / 2);
  auto detail = get_as(server_, liaison_, "/api/v1/officer/reports/" + done.id.to_string());
  ASSERT_TRUE(detail && detail->status == 200);
  EXPECT_TRUE(contains(
      detail, "\"attachments\":[{\"id\":\"" + done.attachments[0].id +
                  "\",\"media_type\":\"image/jpeg\",\"size_bytes\":" +
                  std::to_string(photo.size()) + ",\"bytes_held\":" + std::to_string(photo.size()) +
                  ",\"verified\":true,\"url\":\"" + attachment_path(done, 0) + "\"}]"))
      << detail->body;
  auto partial = get_as(server_, liaison_, "/api/v1/officer/reports/" + half.id.to_string());
  EXPECT_TRUE(contains(partial, "\"bytes_held\":" + std::to_string(photo.size() / 2) +
                                    ",\"verified\":false,\"url\":\"\""))
      << partial->body;
}

}  // namespace
}  // namespace aduan::testing
