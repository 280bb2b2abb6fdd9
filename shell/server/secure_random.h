// shell/server/secure_random.h: the server's source of secrets, tokens and ids.
//
// Owns starting libsodium and handing its randombytes_buf (the kernel's getrandom, safe from
// any thread) to the core as its domain::RandomSource (core/domain/secrets.h), so device
// secrets, session tokens, officer ids and anything else the core makes on the server come
// from it. Does not own password hashing (officer_auth.h), which needs libsodium started too.
#pragma once

#include "core/domain/secrets.h"

namespace aduan::server {

// Starts libsodium and installs sodium_random_source() into the core. Call once in main(),
// before any thread starts. False if libsodium could not start (no entropy source).
bool start_cryptography();

// libsodium's randombytes_buf behind the core's interface.
domain::RandomSource& sodium_random_source();

}  // namespace aduan::server
