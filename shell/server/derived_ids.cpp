// shell/server/derived_ids.cpp: see derived_ids.h.
#include "shell/server/derived_ids.h"

#include <cstdlib>

#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/rules/report_rules.h"

namespace aduan::server {

std::string derived_hex(std::string_view seed, std::string_view purpose) {
  return domain::sha256_hex(std::string(purpose) + ":" + std::string(seed));
}

DerivedIds derived_ids(std::string_view seed) {
  // 15 hex digits are the code's 60 bits.
  return {domain::tracking_code_from_bits(
              std::strtoull(derived_hex(seed, "code").substr(0, 15).c_str(), nullptr, 16)),
          derived_hex(seed, "receipt").substr(0, rules::kReceiptSecretHexDigits)};
}

}  // namespace aduan::server
