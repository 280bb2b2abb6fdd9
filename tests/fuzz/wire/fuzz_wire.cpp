// tests/fuzz/wire/fuzz_wire.cpp: libFuzzer target for the wire decoder (core/wire), every
// message type, both protocol versions. The property is wire_round_trip.h's: what decodes must
// encode again and decode to the same message; the fuzzer reaches all fifteen decoders by
// mutating the envelope's type field.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "tests/fuzz/wire/wire_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!aduan::wire::fuzzing::survives_round_trip(std::span<const std::uint8_t>(data, size))) std::abort();
  return 0;
}
