// tests/server/lapor_client.h: a citizen at the plain form (/lapor) for the server tests: a
// fresh form's token, a set of fields the rules accept, and the receipt's tracking code.
// Shared by lapor_form_test.cpp (the form's own behaviour) and lapor_refusals_test.cpp (what is
// refused before or instead of storing).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <regex>
#include <string>

#include "core/sync/server_apply.h"

namespace aduan::testing::lapor {

inline std::string today_minus_days(int days) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return domain::to_string(sync::civil_date_at(now - days * 86'400'000LL, 7 * 3'600'000LL));
}

// The token of a freshly rendered form.
inline std::string fresh_token(httplib::Client& client) {
  auto page = client.Get("/lapor");
  EXPECT_TRUE(page && page->status == 200);
  std::smatch found;
  std::regex token("name=token value=\"([0-9a-f]{64})\"");
  return page && std::regex_search(page->body, found, token) ? found[1].str() : "";
}

// Every field filled as the rules want it, in English; tests change single entries by index.
inline httplib::MultipartFormDataItems valid_fields(const std::string& token) {
  return {{"token", token, "", ""},
          {"started", "1", "", ""},
          {"lang", "en", "", ""},
          {"classification", "pengaduan", "", ""},
          {"title", "Jalan rusak di depan SD Negeri 1", "", ""},
          {"body", "Lubang besar di tengah jalan sejak bulan lalu, sudah dua motor jatuh.", "", ""},
          {"incident_date", today_minus_days(3), "", ""},
          {"region", "Indramayu", "", ""},
          {"place", "Jl. Merdeka No. 5", "", ""},
          {"category", "infrastruktur", "", ""},
          {"agency", "", "", ""},
          {"contact_phone", "0812-3456-7890", "", ""}};
}

// The tracking code on a receipt page, "" when the page is none.
inline std::string code_on(const std::string& page) {
  std::smatch found;
  return std::regex_search(page, found, std::regex("id=code>([0-9A-Z-]+)<")) ? found[1].str() : "";
}

}  // namespace aduan::testing::lapor
