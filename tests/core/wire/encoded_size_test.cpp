// Bytes on the wire for a typical text-only report, alone and in a batch of 50, against the
// DESIGN.md budget (<= 600 bytes per text-only report, batched). Printed so the numbers can be
// quoted in notes; asserted so a format change that bloats reports fails here first.
#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <string>

#include "core/wire/messages.h"

namespace aduan::wire {
namespace {

// Title ~60 characters, body ~400: the median report of the reference portal is shorter.
domain::Report typical_text_only_report(std::uint8_t n) {
  domain::Report r;
  r.id.bytes.fill(n);
  r.tracking_code = "7K3M-Q9XD-2HWA-5";
  r.receipt_secret = "5f2b9c0e7d4a13b8e6f09a1c2d3e4f50";
  r.classification = domain::Classification::complaint;
  r.title = "Jalan berlubang besar di Jl. Raya Jatibarang dekat pasar lama";
  r.body =
      "Sudah tiga minggu ada lubang besar di tengah jalan, kira-kira satu meter lebarnya dan "
      "cukup dalam. Saat hujan lubang tertutup air sehingga tidak terlihat. Minggu lalu dua "
      "pengendara motor jatuh di sana dan satu orang harus dibawa ke puskesmas. Warga sudah "
      "memasang ranting sebagai tanda, tetapi tanda itu sering hilang. Mohon segera diperbaiki "
      "sebelum ada korban lagi, terutama anak sekolah.";
  r.incident_date = {2024, 3, 4};
  r.location = {"32.12", "depan pasar lama", std::nullopt};
  r.category_id = "jalan-rusak";
  r.agency_id = "dpupr-3212";
  r.channel = domain::Channel::web;
  r.created_at = 1709510400000 + n;
  return r;
}

// What the citizen typed; everything else in the encoding is overhead.
std::size_t text_bytes(const domain::Report& r) {
  std::size_t total = r.title.size() + r.body.size() + r.location.place.size();
  if (r.contact) {
    total += r.contact->name.size() + r.contact->phone.size() + r.contact->email.size();
  }
  return total;
}

struct BatchSizes {
  std::size_t fifty = 0;       // a batch of fifty
  std::size_t per_report = 0;  // what each report adds to a batch
};

BatchSizes measure(const domain::Report& report) {
  PushBatchRequest fifty{"c0ffee00c0ffee00c0ffee00c0ffee00", {}};
  fifty.reports.assign(50, report);
  PushBatchRequest empty{fifty.device_id, {}};
  BatchSizes sizes;
  sizes.fifty = encode(fifty).value().size();
  sizes.per_report = (sizes.fifty - encode(empty).value().size()) / 50;
  return sizes;
}

TEST(WireEncodedSize, TypicalTextOnlyReport) {
  const domain::Report report = typical_text_only_report(1);
  EXPECT_NEAR(report.title.size(), 60u, 5u);
  EXPECT_NEAR(report.body.size(), 400u, 10u);

  PushBatchRequest one{"c0ffee00c0ffee00c0ffee00c0ffee00", {report}};
  PushBatchRequest fifty{one.device_id, {}};
  for (std::uint8_t i = 0; i < 50; ++i) fifty.reports.push_back(typical_text_only_report(i));
  PushBatchRequest empty{one.device_id, {}};

  const std::size_t one_bytes = encode(one).value().size();
  const std::size_t fifty_bytes = encode(fifty).value().size();
  const std::size_t empty_bytes = encode(empty).value().size();
  const std::size_t v2_one_bytes = encode(one, 2).value().size();
  const std::size_t per_report = (fifty_bytes - empty_bytes) / 50;
  const std::size_t text = text_bytes(report);

  std::cout << "[ size     ] text typed by the citizen: " << text << " bytes (title "
            << report.title.size() << ", body " << report.body.size() << ")\n"
            << "[ size     ] batch of 1: " << one_bytes << " bytes (v2: " << v2_one_bytes
            << "); empty batch: " << empty_bytes << " bytes\n"
            << "[ size     ] batch of 50: " << fifty_bytes << " bytes, " << fifty_bytes / 50
            << " per report; overhead beyond the text " << per_report - text
            << " bytes per report\n";

  EXPECT_LE(per_report - text, 120u);
  EXPECT_LE(fifty_bytes / 50, 600u);  // DESIGN.md budget, batched
  EXPECT_EQ(one_bytes - empty_bytes, per_report);
}

TEST(WireEncodedSize, ContactDetailsCostTheirTextAndThreeBytes) {
  domain::Report report = typical_text_only_report(1);
  const BatchSizes without = measure(report);
  report.contact = domain::ReporterContact{"Siti Aminah", "+6281234567890", ""};
  const BatchSizes with = measure(report);
  std::cout << "[ size     ] with name and phone: " << with.per_report << " bytes per report in "
            << "a batch of 50 (" << with.per_report - text_bytes(report) << " beyond the text)\n";
  EXPECT_EQ(with.per_report - without.per_report, 11u + 14u + 3u);
  EXPECT_LE(with.per_report - text_bytes(report), 120u);
}

TEST(WireEncodedSize, SmallMessagesStaySmall) {
  EXPECT_LE(encode(PullEventsRequest{123456, 200}).value().size(), 8u + 12u);
  EXPECT_LE(
      encode(RegisterDeviceRequest{domain::Channel::web, "web-android", "0.1.0"}).value().size(),
      8u + 1u + 12u + 6u);
  Verdict stored{{}, VerdictKind::stored, "7K3M-Q9XD-2HWA-5", 1709510401000, {}};
  PushBatchResponse response{std::vector<Verdict>(50, stored)};
  const std::size_t bytes = encode(response).value().size();
  std::cout << "[ size     ] push response for 50 stored reports: " << bytes << " bytes\n";
  // Per verdict: id 16, kind 1, code 1 + 16, received_at 8, empty problem list 1.
  EXPECT_EQ(bytes, 8u + 1u + 50u * 43u);
}

}  // namespace
}  // namespace aduan::wire
