// The claim address a receipt's QR code and slip carry (shell/ui/receipt_slip.h): the portal's
// root, whichever of its pages made the receipt (the citizen's "/", the kiosk's "/kiosk.html",
// the village official's "/official.html"; a page's own name before "#klaim" is a 404 on the
// server), and read back the same on the phone that opens it.
#include "shell/ui/receipt_slip.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace {
// web/receipt.js, played here: the address of the page the program runs in.
std::string page = "https://aduan.example.go.id/";
}  // namespace

extern "C" {
int aduan_receipt_page_address(char* out, int size) {
  const int length = static_cast<int>(page.size());
  if (length + 1 > size) return 0;
  std::memcpy(out, page.c_str(), page.size() + 1);
  return length;
}
int aduan_receipt_take_fragment(char* /*out*/, int /*size*/) {
  return 0;
}
void aduan_receipt_print(const char* /*fields*/, int /*width_mm*/, int /*qr_size*/,
                         const char* /*modules*/) {}
void aduan_receipt_clear() {}
}

namespace aduan::app::ui {
namespace {

constexpr char kCode[] = "7KQ2-M9XD-4TRA-V";
constexpr char kSecret[] = "1a2b3c4d5e6f70819293a4b5c6d7e8f9";
constexpr char kFragment[] =
    "#klaim?kode=7KQ2-M9XD-4TRA-V&rahasia=1a2b3c4d5e6f70819293a4b5c6d7e8f9";

TEST(ClaimAddress, EveryPageOfThePortalGivesTheServersRoot) {
  for (const char* path : {"/", "/kiosk.html", "/official.html", "/index.html"}) {
    page = std::string("https://aduan.example.go.id") + path;
    EXPECT_EQ(claim_address("", kCode, kSecret),
              std::string("https://aduan.example.go.id/") + kFragment)
        << path;
  }
}

TEST(ClaimAddress, APortalServedUnderAPathKeepsItsFolder) {
  for (const char* path : {"/aduan/", "/aduan/kiosk.html", "/aduan/official.html"}) {
    page = std::string("https://pemda.example.go.id") + path;
    EXPECT_EQ(claim_address("", kCode, kSecret),
              std::string("https://pemda.example.go.id/aduan/") + kFragment)
        << path;
  }
}

TEST(ClaimAddress, AServerAddressSetOnTheDeviceIsUsedAsItIs) {
  page = "https://aduan.example.go.id/kiosk.html";
  EXPECT_EQ(claim_address("https://pusat.example.go.id", kCode, kSecret),
            std::string("https://pusat.example.go.id/") + kFragment);
  EXPECT_EQ(claim_address("http://10.0.0.5:8080/", kCode, kSecret),
            std::string("http://10.0.0.5:8080/") + kFragment);
}

TEST(PortalRoot, CutsThePagesNameQueryAndFragment) {
  EXPECT_EQ(portal_root("https://host"), "https://host/");
  EXPECT_EQ(portal_root("https://host/"), "https://host/");
  EXPECT_EQ(portal_root("https://host/kiosk.html?x=1#klaim"), "https://host/");
  EXPECT_EQ(portal_root("http://127.0.0.1:8080/official.html"), "http://127.0.0.1:8080/");
  EXPECT_EQ(portal_root("https://host/a/b/kiosk.html"), "https://host/a/b/");
}

TEST(ParseClaimAddress, ReadsBackWhatClaimAddressWrote) {
  for (const char* path : {"/", "/kiosk.html", "/official.html", "/aduan/kiosk.html"}) {
    page = std::string("https://aduan.example.go.id") + path;
    std::string code, secret;
    ASSERT_TRUE(parse_claim_address(claim_address("", kCode, kSecret), code, secret)) << path;
    EXPECT_EQ(code, kCode);
    EXPECT_EQ(secret, kSecret);
  }
  // Escaped on the way out, decoded on the way in.
  std::string code, secret;
  ASSERT_TRUE(parse_claim_address(claim_address("https://h", "a b&c", "x=y"), code, secret));
  EXPECT_EQ(code, "a b&c");
  EXPECT_EQ(secret, "x=y");
}

TEST(ParseClaimAddress, RefusesAnythingButTheClaimFragment) {
  std::string code = "kept", secret = "kept";
  EXPECT_FALSE(parse_claim_address("https://host/", code, secret));
  EXPECT_FALSE(parse_claim_address("https://host/#lacak?kode=X", code, secret));
  EXPECT_FALSE(parse_claim_address("https://host/?kode=X&rahasia=Y", code, secret));
  EXPECT_EQ(code, "kept");
  EXPECT_EQ(secret, "kept");
  // The fragment alone (what the page hands over) is read; a missing value is empty.
  ASSERT_TRUE(parse_claim_address("#klaim?kode=ABCD", code, secret));
  EXPECT_EQ(code, "ABCD");
  EXPECT_EQ(secret, "");
}

}  // namespace
}  // namespace aduan::app::ui
