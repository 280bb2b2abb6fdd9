// core/store/test_support.h: what the store's tests and fixture generator share.
//
// Owns a temporary database path that cleans up after itself and a deterministic sample data
// set (reports, photos, outbox states, drafts, timelines, settings) that fixture databases are made
// from and checked against. Not used by the product; header-only so it adds nothing to the
// library. Plain files under the temporary directory: the tests also run as WebAssembly under
// node with NODERAWFS, where these are real files too. No threads.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/sha256.h"
#include "core/store/records.h"

namespace aduan::store::testing {

// A unique database path, removed with its journal files when the object goes away.
class TempPath {
 public:
  TempPath() {
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    path_ = (dir / ("aduan-store-" + domain::random_hex(8) + ".sqlite")).string();
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  ~TempPath() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::error_code ec;
      std::filesystem::remove(path_ + suffix, ec);
    }
  }
  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

inline domain::ReportId fixed_id(int n) {
  char text[33];
  std::snprintf(text, sizeof text, "00000000000000000000000000%06x", n);
  return *domain::ReportId::parse(text);
}

// A report with every field set, coordinates and contact included, so a round trip that
// drops any field shows up.
inline domain::Report sample_report(int n) {
  domain::Report r;
  r.id = fixed_id(n);
  r.tracking_code = "";
  r.receipt_secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  r.classification = domain::Classification::complaint;
  r.title = "Jalan berlubang di Jl. Sudirman #" + std::to_string(n);
  r.body = "Lubang besar di depan pasar, sudah tiga bulan. Bahaya bagi pengendara motor.";
  r.incident_date = {2024, 2, 29};
  r.location.region_code = "32.12";
  r.location.place = "Pasar Baru, Indramayu";
  r.location.coordinates = domain::Coordinates{-6.3275, 108.3249};
  r.category_id = "infrastruktur.jalan";
  r.agency_id = "dinas-pupr-indramayu";
  r.attachments = {{"0f0e0d0c0b0a09080706050403020100", "image/jpeg", 48213,
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
                   {"1f1e1d1c1b1a19181716151413121110", "application/pdf", 1200,
                    "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"}};
  r.anonymous = false;
  r.confidential = true;
  r.contact = domain::ReporterContact{"Siti Aminah", "+6281234567890", "siti@example.id"};
  r.channel = domain::Channel::web;
  r.created_at = 1700000000000 + n * 1000;
  return r;
}

// The smallest report: no coordinates, no contact, no attachments, anonymous.
inline domain::Report minimal_report(int n) {
  domain::Report r;
  r.id = fixed_id(n);
  r.classification = domain::Classification::information_request;
  r.title = "Jadwal posyandu";
  r.body = "Kapan jadwal posyandu bulan depan?";
  r.incident_date = {2023, 12, 1};
  r.location.region_code = "13.71";
  r.category_id = "kesehatan";
  r.anonymous = true;
  r.channel = domain::Channel::kiosk;
  r.created_at = 1700000000000 + n * 1000;
  return r;
}

// Deterministic bytes standing in for a photo: different for every n, no long runs.
inline std::vector<std::uint8_t> sample_photo(int n, std::size_t size) {
  std::vector<std::uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<std::uint8_t>((i * 7919 + static_cast<std::size_t>(n) * 31) % 251);
  }
  return bytes;
}

// A report whose attachments come with real bytes (schema v2): a photo over one content row
// (70,000 bytes) and a small one, with their true sizes and SHA-256.
inline domain::Report report_with_photos(int n, std::vector<std::uint8_t>& first,
                                         std::vector<std::uint8_t>& second) {
  domain::Report r = sample_report(n);
  first = sample_photo(n, 70'000);
  second = sample_photo(n + 1, 1'000);
  r.attachments = {
      {"2f2e2d2c2b2a29282726252423222120", "image/jpeg", first.size(), domain::sha256_hex(first)},
      {"3f3e3d3c3b3a39383736353433323130", "image/png", second.size(), domain::sha256_hex(second)}};
  return r;
}

inline Draft sample_draft() {
  return Draft{"draft-1",
               {{"title", "Lampu jalan mati"}, {"body", "Sejak minggu lalu"}, {"date", ""}},
               1700000500000};
}

inline std::vector<TimelineEvent> sample_events() {
  return {{fixed_id(2), 10, "received", 1700000100000, "", ""},
          {fixed_id(2), 11, "verified", 1700000200000, "admin-nasional", ""},
          {fixed_id(2), 12, "responded", 1700000300000, "dinas-pupr-indramayu",
           "Akan diperbaiki minggu ini."}};
}

}  // namespace aduan::store::testing
