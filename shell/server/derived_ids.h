// shell/server/derived_ids.h: a report's tracking code and receipt secret made from a seed only
// the sender and the server know (the plain form's token; an Open311 client's api_key with its
// Idempotency-Key), for the reports the server itself writes (the plain form, Open311's POST).
//
// Owns the derivation only. The same seed always gives the same code and secret, and so the
// same report: a repeated submit (the form's token, an Open311 Idempotency-Key) becomes the
// store's duplicate instead of a second report. Each value is SHA-256 of "<purpose>:<seed>", so
// knowing one of them (the tracking code is public) tells nothing of another.
#pragma once

#include <string>
#include <string_view>

namespace aduan::server {

// SHA-256 of "<purpose>:<seed>", in hex.
std::string derived_hex(std::string_view seed, std::string_view purpose);

struct DerivedIds {
  std::string tracking_code;
  std::string receipt_secret;
};
DerivedIds derived_ids(std::string_view seed);

}  // namespace aduan::server
