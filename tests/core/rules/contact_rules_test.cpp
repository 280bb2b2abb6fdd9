// Tests of phone and e-mail plausibility (core/rules/contact_rules.h).
#include "core/rules/contact_rules.h"

#include <gtest/gtest.h>

namespace aduan::rules {
namespace {

TEST(Phone, AcceptsIndonesianNumbersHoweverTheyAreWritten) {
  EXPECT_EQ(normalize_phone("0812-3456-7890"), "+6281234567890");
  EXPECT_EQ(normalize_phone("+62 812 3456 7890"), "+6281234567890");
  EXPECT_EQ(normalize_phone("6281234567890"), "+6281234567890");
  EXPECT_EQ(normalize_phone(" (021) 555.1234 "), "+62215551234");
  EXPECT_EQ(normalize_phone("0561-123456"), "+62561123456");       // Pontianak landline
  EXPECT_EQ(normalize_phone("081234567"), "+6281234567");          // shortest: 9 digits
  EXPECT_EQ(normalize_phone("0812345678901"), "+62812345678901");  // longest: 13 digits
}

TEST(Phone, RejectsImplausibleNumbers) {
  for (const char* bad : {"", "0", "08123456", "08123456789012", "+1 415 555 0100", "+0812345678",
                          "00812345678", "812345678", "0812-3456-78x0", "0812+3456789",
                          "+62 0812 3456 789", "1708", "siti@contoh.id"})
    EXPECT_FALSE(is_plausible_phone(bad)) << bad;
}

TEST(Email, AcceptsOrdinaryAddresses) {
  for (const char* good : {"siti@contoh.id", "budi.santoso+lapor@mail.go.id", " a@b.co ",
                           "x_y-z@sub-domain.example.com"})
    EXPECT_TRUE(is_plausible_email(good)) << good;
}

TEST(Email, RejectsImplausibleAddresses) {
  for (const char* bad :
       {"", "siti", "siti@", "@contoh.id", "siti@contoh", "siti@@contoh.id", "si ti@contoh.id",
        "siti@contoh..id", "siti@-contoh.id", "siti@contoh.i", "siti@contoh.1d", ".siti@contoh.id",
        "si..ti@contoh.id", "siti@contoh.id.", "s\xC3\xAFti@contoh.id"})
    EXPECT_FALSE(is_plausible_email(bad)) << bad;
  EXPECT_FALSE(is_plausible_email(std::string(65, 'a') + "@contoh.id"));
  EXPECT_FALSE(is_plausible_email("a@" + std::string(250, 'b') + ".id"));
}

}  // namespace
}  // namespace aduan::rules
