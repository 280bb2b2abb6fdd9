// tests/fuzz/wire/fuzz_wire.cpp: libFuzzer target for the wire decoder (core/wire), every
// message type, both protocol versions.
//
// The input is a whole message: the envelope's type field picks the decoder, as the server's
// dispatch does, so the fuzzer reaches all fifteen by mutating two bytes. What decodes must
// survive the trip back: encode at the same version succeeds, and decoding that gives the same
// message. A decoder that accepts what the encoder refuses (or reads it differently) would let
// a stored report differ from what the device sent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/wire/envelope.h"
#include "core/wire/messages.h"
#include "core/wire/officer_messages.h"

namespace {

using namespace aduan::wire;

template <Message T>
void round_trip(std::span<const std::uint8_t> bytes, std::uint16_t version) {
  auto decoded = decode<T>(bytes);
  if (!decoded) return;
  auto encoded = encode(decoded.value(), version);
  if (!encoded) std::abort();
  auto again = decode<T>(encoded.value());
  if (!again || !(again.value() == decoded.value())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  auto header = peek_envelope(bytes);
  if (!header) return 0;
  const std::uint16_t version = header.value().version;
  switch (header.value().type) {
    case MessageType::register_device_request: round_trip<RegisterDeviceRequest>(bytes, version); break;
    case MessageType::register_device_response: round_trip<RegisterDeviceResponse>(bytes, version); break;
    case MessageType::push_batch_request: round_trip<PushBatchRequest>(bytes, version); break;
    case MessageType::push_batch_response: round_trip<PushBatchResponse>(bytes, version); break;
    case MessageType::pull_events_request: round_trip<PullEventsRequest>(bytes, version); break;
    case MessageType::pull_events_response: round_trip<PullEventsResponse>(bytes, version); break;
    case MessageType::track_request: round_trip<TrackRequest>(bytes, version); break;
    case MessageType::track_response: round_trip<TrackResponse>(bytes, version); break;
    case MessageType::error_response: round_trip<ErrorResponse>(bytes, version); break;
    case MessageType::officer_login_request: round_trip<OfficerLoginRequest>(bytes, version); break;
    case MessageType::officer_login_response: round_trip<OfficerLoginResponse>(bytes, version); break;
    case MessageType::officer_reports_request: round_trip<OfficerReportsRequest>(bytes, version); break;
    case MessageType::officer_reports_response: round_trip<OfficerReportsResponse>(bytes, version); break;
    case MessageType::officer_action_request: round_trip<OfficerActionRequest>(bytes, version); break;
    case MessageType::officer_action_response: round_trip<OfficerActionResponse>(bytes, version); break;
  }
  return 0;
}
