// Tests of the plain HTML report form (/lapor) against a real aduan-server: the page and its
// size, problems beside their fields, one report for a double submit (the form's token), the
// photos re-encoded by libgd (downscaled, no metadata), uploads refused with nothing stored, the
// receipt of a confidential report, and the submit limit per address.
#include <gd.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "core/domain/sha256.h"
#include "core/store/server_store.h"
#include "core/sync/server_apply.h"
#include "tests/server/api_client.h"
#include "tests/server/evidence_samples.h"
#include "tests/server/lapor_client.h"

namespace aduan::testing {
namespace {

constexpr std::size_t kPageBudget = 15 * 1024;

// A JPEG of width x height from libgd (stripes, so it does not compress to nothing), no metadata.
std::string plain_jpeg(int width, int height, bool red_top_left = false) {
  gdImagePtr image = gdImageCreateTrueColor(width, height);
  for (int y = 0; y < height; y += 8)
    gdImageFilledRectangle(image, 0, y, width - 1, y + 7, gdTrueColor(y % 256, (y / 3) % 256, 90));
  if (red_top_left) gdImageFilledRectangle(image, 0, 0, 49, 49, gdTrueColor(230, 20, 20));
  int size = 0;
  void* bytes = gdImageJpegPtr(image, &size, 70);
  std::string jpeg(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
  gdFree(bytes);
  gdImageDestroy(image);
  return jpeg;
}

// The same with the camera's EXIF GPS segment and a comment put right after its SOI.
std::string camera_jpeg(int width, int height) {
  const std::string jpeg = plain_jpeg(width, height);
  return jpeg.substr(0, 2) + samples::exif_with_gps() + samples::segment(0xFE, kSampleGpsComment) +
         jpeg.substr(2);
}

// A plain libgd JPEG of width x height whose EXIF says "turn a quarter clockwise to show"
// (orientation 6, as a phone held upright writes), with a red square in its stored top left.
std::string jpeg_turned_by_exif(int width, int height) {
  const std::string jpeg = plain_jpeg(width, height, true);
  auto u16 = [](unsigned v) {
    return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
  };
  const std::string tiff = "II" + u16(42) + u16(8) + u16(0) + u16(1) + u16(0x0112) + u16(3) +
                           u16(1) + u16(0) + u16(6) + u16(0) + u16(0) + u16(0);
  return jpeg.substr(0, 2) + samples::segment(0xE1, std::string("Exif\0\0", 6) + tiff) +
         jpeg.substr(2);
}

// A PNG whose header claims width x height pixels and holds none: refused before decoding.
std::string png_claiming(unsigned width, unsigned height) {
  auto u32 = [](unsigned v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  auto chunk = [&](const std::string& type, const std::string& data) {
    const std::string body = type + data;
    return u32(static_cast<unsigned>(data.size())) + body +
           u32(static_cast<unsigned>(crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                                           static_cast<uInt>(body.size()))));
  };
  return std::string("\x89PNG\r\n\x1a\n", 8) +
         chunk("IHDR", u32(width) + u32(height) + std::string("\x08\x02\0\0\0", 5)) +
         chunk("IEND", "");
}

class LaporForm : public ::testing::Test {
 protected:
  ServerProcess server_{server_args({"--register-rate", "0.01"})};  // burst: 3 submits
  httplib::Client client_ = server_.client();

  std::string fresh_token() { return lapor::fresh_token(client_); }
  static httplib::MultipartFormDataItems valid_fields(const std::string& token) {
    return lapor::valid_fields(token);
  }

  httplib::Result post(const httplib::MultipartFormDataItems& items) {
    return client_.Post("/lapor", items);
  }

  static std::string code_on(const std::string& page) { return lapor::code_on(page); }

  store::ServerStore database() {
    auto db = open_server_database(server_.data_dir());
    EXPECT_TRUE(db.ok());
    return std::move(db).value();
  }
};

TEST_F(LaporForm, ThePageHasEveryFieldNoScriptAndFitsTheBudgetInBothLanguages) {
  ASSERT_TRUE(server_.started());
  auto page = client_.Get("/lapor");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_LE(page->body.size(), kPageBudget);
  EXPECT_EQ(page->body.find("<script"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("form-action 'self'"),
            std::string::npos);
  for (const char* name : {"token", "classification", "title", "body", "incident_date", "region",
                           "place", "category", "agency", "photo", "anonymous", "confidential",
                           "contact_name", "contact_phone", "contact_email", "sms_consent"})
    EXPECT_NE(page->body.find(std::string("name=") + name), std::string::npos) << name;
  EXPECT_NE(page->body.find("enctype=multipart/form-data"), std::string::npos);
  // English rides in the action too, for a submit refused before its body is read.
  EXPECT_NE(page->body.find("action=/lapor enctype"), std::string::npos);
  EXPECT_NE(page->body.find(">Judul laporan<"), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/lapor?lang=en\""), std::string::npos);
  auto english = client_.Get("/lapor?lang=en");
  ASSERT_TRUE(english);
  EXPECT_NE(english->body.find(">Title<"), std::string::npos);
  EXPECT_NE(english->body.find("action=\"/lapor?lang=en\""), std::string::npos);
  EXPECT_NE(english->body.find("href=\"/lapor?lang=id\""), std::string::npos);
  EXPECT_LE(english->body.size(), kPageBudget);
}

TEST_F(LaporForm, ProblemsStandBesideTheirFieldsTheTextIsKeptAndNothingIsStored) {
  const std::string token = fresh_token();
  auto fields = valid_fields(token);
  fields[4].content = "Rusak";                // title too short
  fields[6].content = "2026-02-30";           // not in the calendar
  fields[7].content = "Kab.";                 // matches many regions
  fields[11].content = "<b>not a phone</b>";  // echoed, escaped
  fields.push_back({"photo", "not a photo", "notes.txt", "text/plain"});
  auto answer = post(fields);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 422);
  const std::string& page = answer->body;
  EXPECT_LE(page.size(), kPageBudget);
  auto beside = [&](const std::string& id, const std::string& message) {
    const auto at = page.find("<div class=e id=e-" + id + ">");
    return at != std::string::npos &&
           page.find(message, at) == page.find("<div class=e id=e-" + id + ">") +
                                         ("<div class=e id=e-" + id + ">").size();
  };
  EXPECT_TRUE(beside("title", "The title needs at least 10 characters.")) << page;
  EXPECT_TRUE(beside("incident_date", "That date does not exist in the calendar."));
  EXPECT_TRUE(beside("region", "Several regions match that name."));
  EXPECT_NE(page.find("<select name=region_code"), std::string::npos) << "the matches offered";
  EXPECT_TRUE(beside("contact_phone", "That phone number is not valid."));
  EXPECT_TRUE(beside("photo", "This file is not a photo that can be read"));
  EXPECT_NE(page.find("Please choose them again."), std::string::npos);
  EXPECT_NE(
      page.find("id=title name=title type=text maxlength=150 value=\"Rusak\" aria-invalid=true "
                "aria-describedby=e-title"),
      std::string::npos);
  EXPECT_NE(page.find("&lt;b&gt;not a phone&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<b>not a phone"), std::string::npos);
  EXPECT_NE(page.find("value=\"" + token + "\""), std::string::npos)
      << "the same form, the same token";
  EXPECT_EQ(database().count_reports().value(), 0);
}

TEST_F(LaporForm, ADoubleSubmitIsOneReportWithOnePhotoDownscaledAndWithoutMetadata) {
  const std::string token = fresh_token();
  const std::string camera = camera_jpeg(2400, 1800);
  ASSERT_TRUE(has_exif_segment(camera));
  auto fields = valid_fields(token);
  fields.push_back({"photo", camera, "IMG_0001.jpg", "image/jpeg"});
  fields.push_back({"sms_consent", "1", "", ""});
  auto first = post(fields);
  auto second = post(fields);
  ASSERT_TRUE(first && second);
  ASSERT_EQ(first->status, 200) << first->body;
  ASSERT_EQ(second->status, 200) << second->body;
  const std::string code = code_on(first->body);
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(code_on(second->body), code);
  EXPECT_EQ(first->body.find("already been sent"), std::string::npos);
  EXPECT_NE(second->body.find("This form had already been sent"), std::string::npos);
  EXPECT_NE(first->body.find("Photos stored with the report: 1."), std::string::npos);
  EXPECT_EQ(first->body.find("id=secret"), std::string::npos) << "no secret for a public report";

  auto db = database();
  EXPECT_EQ(db.count_reports().value(), 1);
  auto stored = db.report_by_tracking_code(code);
  ASSERT_TRUE(stored.ok() && stored.value());
  const domain::Report& report = stored.value()->report;
  EXPECT_EQ(report.channel, domain::Channel::web);
  EXPECT_EQ(report.location.region_code, "32.12");
  EXPECT_TRUE(report.sms_consent) << "Kirim kabar lewat SMS, with a phone number";
  EXPECT_EQ(report.id.to_string(), token.substr(0, 32));
  ASSERT_EQ(report.attachments.size(), 1u);
  auto held = db.attachment_bytes(report.id.to_string(), report.attachments[0].id);
  ASSERT_TRUE(held.ok() && held.value());
  const std::string& photo = *held.value();
  EXPECT_EQ(domain::sha256_hex(photo), report.attachments[0].sha256_hex);
  EXPECT_FALSE(has_exif_segment(photo));
  EXPECT_EQ(photo.find("Exif"), std::string::npos);
  EXPECT_EQ(photo.find(kSampleGpsComment), std::string::npos);
  gdImagePtr decoded =
      gdImageCreateFromJpegPtr(static_cast<int>(photo.size()), const_cast<char*>(photo.data()));
  ASSERT_NE(decoded, nullptr);
  EXPECT_EQ(gdImageSX(decoded), 1600);
  EXPECT_EQ(gdImageSY(decoded), 1200);
  gdImageDestroy(decoded);
  EXPECT_LT(photo.size(), camera.size());

  auto tracked = client_.Get("/t/" + code);
  ASSERT_TRUE(tracked);
  EXPECT_EQ(tracked->status, 200);
}

TEST_F(LaporForm, APhotoIsTurnedUprightAsItsExifSays) {
  auto fields = valid_fields(fresh_token());
  fields.push_back({"photo", jpeg_turned_by_exif(400, 200), "IMG_0002.jpg", "image/jpeg"});
  auto answer = post(fields);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  auto db = database();
  auto stored = db.report_by_tracking_code(code_on(answer->body));
  ASSERT_TRUE(stored.ok() && stored.value());
  const domain::Report& report = stored.value()->report;
  ASSERT_EQ(report.attachments.size(), 1u);
  auto held = db.attachment_bytes(report.id.to_string(), report.attachments[0].id);
  ASSERT_TRUE(held.ok() && held.value());
  const std::string& photo = *held.value();
  gdImagePtr decoded =
      gdImageCreateFromJpegPtr(static_cast<int>(photo.size()), const_cast<char*>(photo.data()));
  ASSERT_NE(decoded, nullptr);
  EXPECT_EQ(gdImageSX(decoded), 200) << "portrait, as the phone was held";
  EXPECT_EQ(gdImageSY(decoded), 400);
  // A quarter turn clockwise takes the stored top left to the top right.
  const int top_right = gdImageGetTrueColorPixel(decoded, 185, 15);
  const int top_left = gdImageGetTrueColorPixel(decoded, 15, 15);
  // The square is red with no blue; every stripe has blue 90.
  EXPECT_GT(gdTrueColorGetRed(top_right), 180);
  EXPECT_LT(gdTrueColorGetBlue(top_right), 50);
  EXPECT_GT(gdTrueColorGetBlue(top_left), 60);
  gdImageDestroy(decoded);
  EXPECT_FALSE(has_exif_segment(photo)) << "and the orientation tag is gone with the rest";
}

TEST_F(LaporForm, AConfidentialReportsReceiptCarriesItsSecretAndUnreadableUploadsStoreNothing) {
  auto huge = valid_fields(fresh_token());
  huge.push_back({"photo", png_claiming(30000, 30000), "bomb.png", "image/png"});
  auto refused = post(huge);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422);
  EXPECT_NE(refused->body.find("<div class=e id=e-photo>This file is too large"), std::string::npos)
      << refused->body;
  EXPECT_EQ(database().count_reports().value(), 0);

  auto fields = valid_fields(fresh_token());
  fields.push_back({"confidential", "1", "", ""});
  auto answer = post(fields);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  std::smatch secret;
  ASSERT_TRUE(std::regex_search(answer->body, secret, std::regex("id=secret>([0-9a-f]{32})<")));
  const std::string code = code_on(answer->body);
  auto hidden = client_.Get("/api/v1/track/" + code);
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 404) << "confidential: not found without the secret";
  auto shown = client_.Get("/api/v1/track/" + code, {{"X-Aduan-Receipt", secret[1].str()}});
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
}

TEST_F(LaporForm, SubmitsAreLimitedPerAddressWithAPage) {
  int limited = 0;
  for (int i = 0; i < 6 && limited == 0; ++i) {
    auto answer = post({{"token", "bad", "", ""}, {"lang", "en", "", ""}});
    ASSERT_TRUE(answer);
    if (answer->status == 429) {
      ++limited;
      EXPECT_NE(answer->body.find("Too many reports from your network"), std::string::npos);
      EXPECT_FALSE(answer->get_header_value("Retry-After").empty());
    } else {
      EXPECT_EQ(answer->status, 422);
    }
  }
  EXPECT_EQ(limited, 1);
}

// A deployment's catalog grows: every regency's government and four of its services, 300
// agencies more than the shipped 38. The form must stay within the budget however many there
// are, and still offer the agencies of the region the citizen named.
TEST(LaporFormCatalog, ALargeCatalogKeepsTheFormUnderTheBudgetAndOffersTheRegionsAgencies) {
  namespace fs = std::filesystem;
  const fs::path root = make_temp_dir("aduan-catalog-");
  fs::copy(fs::path(catalog_dir()), root / "catalog");
  fs::copy(fs::path(catalog_dir()).parent_path() / "i18n", root / "i18n");
  std::ifstream regions(root / "catalog" / "regions.tsv");
  std::ofstream agencies(root / "catalog" / "agencies.tsv", std::ios::app);
  std::string line;
  int added = 0;
  while (std::getline(regions, line)) {
    const auto tab = line.find('\t');
    const std::string code = line.substr(0, tab);
    if (line.empty() || line[0] == '#' || code.find('.') == std::string::npos) continue;
    if (added >= 295 && code != "32.12") continue;  // Indramayu's, which the form names
    const std::string name = line.substr(tab + 1), id = "gen-" + code;
    agencies << id << "\tPemerintah " << name << "\t\t" << code << "\tregency\n";
    for (const auto& [unit, unit_name] :
         {std::pair{"dinkes", "Dinas Kesehatan"}, std::pair{"disdik", "Dinas Pendidikan"},
          std::pair{"dinsos", "Dinas Sosial"},
          std::pair{"pupr", "Dinas Pekerjaan Umum dan Penataan Ruang"}})
      agencies << id << '-' << unit << '\t' << unit_name << ' ' << name << '\t' << id << '\t'
               << code << "\tunit\n";
    added += 5;
  }
  agencies.close();
  ServerProcess server({"--catalog-dir", (root / "catalog").string()});
  ASSERT_TRUE(server.started()) << server.output();
  httplib::Client client = server.client();
  auto empty = client.Get("/lapor?lang=en");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_LE(empty->body.size(), kPageBudget);
  // Every problem at once, the region named: its agencies (and the national ones) are offered.
  auto fields = lapor::valid_fields(lapor::fresh_token(client));
  fields[4].content = "Rusak";
  fields.push_back({"photo", "not a photo", "notes.txt", "text/plain"});
  auto named = client.Post("/lapor", fields);
  ASSERT_TRUE(named);
  EXPECT_EQ(named->status, 422);
  EXPECT_LE(named->body.size(), kPageBudget);
  EXPECT_NE(named->body.find("value=\"kab-32.12-dinkes\""), std::string::npos);
  EXPECT_NE(named->body.find("value=\"gen-32.12\""), std::string::npos);
  EXPECT_NE(named->body.find("value=\"prov-32\""), std::string::npos) << "its province's";
  EXPECT_NE(named->body.find("value=\"kemenkes\""), std::string::npos) << "national";
  EXPECT_EQ(named->body.find("value=\"gen-11.01\""), std::string::npos) << "another regency's";
  fs::remove_all(root);
}

}  // namespace
}  // namespace aduan::testing
