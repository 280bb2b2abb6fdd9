// core/domain/report.cpp: ids, enum names and dates of a report (see report.h).
//
// Randomness comes from secrets.h's installed source: ids and secrets must not be guessable.
#include "core/domain/report.h"

#include <cstdio>

namespace aduan::domain {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

}  // namespace

ReportId ReportId::random() {
  ReportId id;
  do random_bytes(id.bytes.data(), id.bytes.size());
  while (id.is_nil());
  return id;
}

std::string ReportId::to_string() const {
  std::string text;
  text.reserve(32);
  for (auto byte : bytes) {
    text.push_back(kHexDigits[byte >> 4]);
    text.push_back(kHexDigits[byte & 15]);
  }
  return text;
}

std::optional<ReportId> ReportId::parse(std::string_view text) {
  if (text.size() != 32) return std::nullopt;
  ReportId id;
  for (std::size_t i = 0; i < 16; ++i) {
    int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return id;
}

bool ReportId::is_nil() const {
  for (auto byte : bytes)
    if (byte != 0) return false;
  return true;
}

bool Report::same_content(const Report& other) const {
  Report a = *this, b = other;
  a.received_at.reset();
  b.received_at.reset();
  return a == b;
}

std::string_view to_string(Classification c) {
  switch (c) {
    case Classification::complaint: return "pengaduan";
    case Classification::aspiration: return "aspirasi";
    case Classification::information_request: return "permintaan_informasi";
  }
  return "unknown";
}

std::optional<Classification> parse_classification(std::string_view text) {
  for (auto c : {Classification::complaint, Classification::aspiration,
                 Classification::information_request})
    if (to_string(c) == text) return c;
  return std::nullopt;
}

std::string_view to_string(Channel c) {
  switch (c) {
    case Channel::web: return "web";
    case Channel::kiosk: return "kiosk";
    case Channel::assisted: return "assisted";
    case Channel::sms: return "sms";
    case Channel::open311: return "open311";
  }
  return "unknown";
}

std::optional<Channel> parse_channel(std::string_view text) {
  for (auto c : {Channel::web, Channel::kiosk, Channel::assisted, Channel::sms, Channel::open311})
    if (to_string(c) == text) return c;
  return std::nullopt;
}

std::string_view to_string(ConsentMethod m) {
  return m == ConsentMethod::written ? "written" : "spoken";
}

std::optional<ConsentMethod> parse_consent_method(std::string_view text) {
  for (auto m : {ConsentMethod::spoken, ConsentMethod::written})
    if (to_string(m) == text) return m;
  return std::nullopt;
}

std::string to_string(const CivilDate& d) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
  return text;
}

std::optional<CivilDate> parse_civil_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  CivilDate d{number(0, 4), number(5, 2), number(8, 2)};
  if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  if (d.day > days_in_month(d.year, d.month)) return std::nullopt;
  return d;
}

}  // namespace aduan::domain
