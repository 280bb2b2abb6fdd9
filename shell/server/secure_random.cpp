// shell/server/secure_random.cpp: see secure_random.h.
#include "shell/server/secure_random.h"

#include <sodium.h>

namespace aduan::server {
namespace {

class SodiumRandomSource final : public domain::RandomSource {
 public:
  void fill(std::span<std::uint8_t> out) override { randombytes_buf(out.data(), out.size()); }
};

}  // namespace

domain::RandomSource& sodium_random_source() {
  static SodiumRandomSource source;
  return source;
}

bool start_cryptography() {
  if (sodium_init() < 0) return false;
  domain::install_random_source(&sodium_random_source());
  return true;
}

}  // namespace aduan::server
