// Every input committed to the wire fuzz target's corpus (tests/fuzz/wire/corpus), the
// fuzzers' findings included, replayed with the target's own property (wire_round_trip.h) in
// the ordinary suite, natively and as WebAssembly: a finding stays fixed without the fuzzer.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "tests/fuzz/wire/wire_round_trip.h"

namespace aduan::wire {
namespace {

TEST(WireFuzzCorpus, EveryCommittedInputIsRefusedOrSurvivesTheTripBack) {
  const std::filesystem::path corpus = std::filesystem::path(ADUAN_SOURCE_DIR) / "tests/fuzz/wire/corpus";
  int inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_TRUE(fuzzing::survives_round_trip(bytes)) << entry.path().filename();
    ++inputs;
  }
  EXPECT_GE(inputs, 16);
}

}  // namespace
}  // namespace aduan::wire
