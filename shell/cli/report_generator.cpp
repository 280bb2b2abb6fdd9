// shell/cli/report_generator.cpp: see report_generator.h.
#include "shell/cli/report_generator.h"

#include <ctime>
#include <fstream>
#include <iterator>

#include "core/domain/tracking_code.h"

namespace aduan::cli {
namespace {

constexpr const char* kTitles[] = {
    "Jalan rusak berlubang di depan sekolah dasar",
    "Lampu penerangan jalan mati sejak dua minggu",
    "Pelayanan KTP elektronik di kecamatan sangat lambat",
    "Sampah menumpuk di pasar dan tidak diangkut",
    "Puskesmas tutup pada jam pelayanan",
    "Saluran irigasi tersumbat, sawah warga kekeringan",
    "Usulan penambahan jadwal angkutan desa",
    "Permintaan informasi bantuan sosial untuk lansia",
};
constexpr const char* kBodies[] = {
    "Sudah lebih dari sebulan kondisi ini dibiarkan. Setiap hujan genangan air membuat "
    "pengendara motor terjatuh, terutama anak-anak yang berangkat ke sekolah pagi hari. Mohon "
    "segera diperbaiki sebelum ada korban yang lebih parah.",
    "Warga sudah melapor ke kantor desa tetapi belum ada tindak lanjut. Kami berharap instansi "
    "terkait dapat meninjau lokasi dan memberi kepastian kapan perbaikan dilakukan.",
    "Antrean sejak pukul tujuh pagi namun loket baru dibuka pukul sepuluh, dan petugas hanya "
    "satu orang. Banyak warga lanjut usia yang harus menunggu lama tanpa tempat duduk.",
};

}  // namespace

domain::Report generate_report(const domain::Catalog& catalog, std::mt19937_64& random,
                               domain::Timestamp now_ms) {
  auto pick = [&](std::size_t count) { return static_cast<std::size_t>(random() % count); };
  domain::Report report;
  report.id = domain::ReportId::random();
  report.tracking_code = domain::make_tracking_code();
  report.receipt_secret = domain::random_hex(16);
  report.classification = static_cast<domain::Classification>(pick(3));
  report.title = kTitles[pick(std::size(kTitles))];
  report.body = kBodies[pick(std::size(kBodies))];

  std::time_t seconds = static_cast<std::time_t>(now_ms / 1000) - static_cast<std::time_t>(pick(30)) * 86400;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  report.incident_date = {parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday};

  // A regency (code with one dot) and, when the catalog has one there, one of its agencies.
  std::vector<const domain::Region*> regencies;
  for (const auto& region : catalog.regions())
    if (region.level() == domain::RegionLevel::regency) regencies.push_back(&region);
  if (!regencies.empty()) report.location.region_code = regencies[pick(regencies.size())]->code;
  report.location.place = "Jl. Merdeka No. " + std::to_string(1 + pick(200));
  if (!catalog.categories().empty())
    report.category_id = catalog.categories()[pick(catalog.categories().size())].id;
  if (!catalog.agencies().empty() && pick(2) == 0)
    report.agency_id = catalog.agencies()[pick(catalog.agencies().size())].id;
  report.anonymous = pick(4) == 0;
  report.confidential = pick(8) == 0;
  // Not `assisted`: that channel carries a citizen's details and consent, and the server takes
  // it only from a device a village official signed in on.
  report.channel = domain::Channel::web;
  report.created_at = now_ms;
  return report;
}

Result<domain::Catalog> load_catalog_dir(const std::string& catalog_dir) {
  std::string texts[3];
  const char* names[3] = {"regions.tsv", "agencies.tsv", "categories.tsv"};
  for (int i = 0; i < 3; ++i) {
    std::ifstream in(catalog_dir + "/" + names[i], std::ios::binary);
    if (!in) return Error{"cli.no_catalog", "cannot read " + catalog_dir + "/" + names[i]};
    texts[i].assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return domain::Catalog::parse(texts[0], texts[1], texts[2]);
}

}  // namespace aduan::cli
