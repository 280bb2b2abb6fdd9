// shell/ui/receipt_slip.cpp: the claim address and the printed slip (receipt_slip.h).
//
// Only the browser's side is in web/receipt.js (the address bar, the print-only DOM); the
// address itself is made and read here, so both directions share one spelling.
#include "shell/ui/receipt_slip.h"

#include <array>
#include <cctype>
#include <initializer_list>
#include <utility>

extern "C" {
// web/receipt.js
int aduan_receipt_page_address(char* out, int size);
int aduan_receipt_take_fragment(char* out, int size);
void aduan_receipt_print(const char* fields, int width_mm, int qr_size, const char* modules);
void aduan_receipt_clear();
}

namespace aduan::app::ui {
namespace {

constexpr std::string_view kCodeKey = "kode=";
constexpr std::string_view kSecretKey = "rahasia=";

// Codes and secrets are letters, digits and '-'; anything else is escaped all the same.
std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

}  // namespace

std::string claim_address(std::string_view portal, std::string_view code, std::string_view secret) {
  std::string base(portal.empty() ? page_address() : std::string(portal));
  if (const auto hash = base.find('#'); hash != std::string::npos) base.resize(hash);
  if (base.empty() || base.back() != '/') base += '/';
  return base + std::string(kClaimFragment) + "?" + std::string(kCodeKey) + percent_encode(code) +
         "&" + std::string(kSecretKey) + percent_encode(secret);
}

bool parse_claim_address(std::string_view address, std::string& code, std::string& secret) {
  const auto hash = address.find('#');
  if (hash == std::string_view::npos) return false;
  std::string_view fragment = address.substr(hash);
  if (!fragment.starts_with(kClaimFragment)) return false;
  fragment.remove_prefix(kClaimFragment.size());
  if (!fragment.empty() && fragment.front() == '?') fragment.remove_prefix(1);
  std::string found_code, found_secret;
  while (!fragment.empty()) {
    const auto amp = fragment.find('&');
    const std::string_view pair = fragment.substr(0, amp);
    if (pair.starts_with(kCodeKey)) found_code = percent_decode(pair.substr(kCodeKey.size()));
    if (pair.starts_with(kSecretKey)) found_secret = percent_decode(pair.substr(kSecretKey.size()));
    if (amp == std::string_view::npos) break;
    fragment.remove_prefix(amp + 1);
  }
  code = std::move(found_code);
  secret = std::move(found_secret);
  return true;
}

std::string page_address() {
  std::array<char, 2048> buffer{};
  const int length = aduan_receipt_page_address(buffer.data(), static_cast<int>(buffer.size()));
  return portal_root(
      std::string_view(buffer.data(), static_cast<std::size_t>(length > 0 ? length : 0)));
}

std::string portal_root(std::string_view page) {
  page = page.substr(0, page.find_first_of("?#"));
  // The folder starts after the scheme's "//" and the host: a bare "https://host" has none.
  const auto scheme = page.find("//");
  const auto host_end = page.find('/', scheme == std::string_view::npos ? 0 : scheme + 2);
  if (host_end == std::string_view::npos) return std::string(page) + "/";
  return std::string(page.substr(0, page.rfind('/') + 1));
}

bool take_claim_from_page(std::string& code, std::string& secret) {
  std::array<char, 1024> buffer{};
  const int length = aduan_receipt_take_fragment(buffer.data(), static_cast<int>(buffer.size()));
  if (length <= 0) return false;
  return parse_claim_address(std::string_view(buffer.data(), static_cast<std::size_t>(length)),
                             code, secret);
}

void print_receipt_slip(const ReceiptSlip& slip, int width_mm) {
  // Fields joined by U+001F, which no text of a slip contains.
  std::string fields;
  for (const std::string* field : {&slip.title, &slip.code_label, &slip.code, &slip.secret_label,
                                   &slip.secret, &slip.qr_hint, &slip.footer}) {
    if (!fields.empty()) fields += '\x1f';
    fields += *field;
  }
  aduan_receipt_print(fields.c_str(), width_mm, slip.qr.size, slip.qr.modules.c_str());
}

void clear_receipt_slip() {
  aduan_receipt_clear();
}

std::string group_for_reading(std::string_view secret) {
  std::string out;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += secret[i];
  }
  return out;
}

}  // namespace aduan::app::ui
