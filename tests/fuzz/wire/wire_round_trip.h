// tests/fuzz/wire/wire_round_trip.h: the wire decoder's round-trip property, shared by the fuzz
// target (fuzz_wire.cpp) and the ordinary suite, which replays every committed input with it
// (tests/core/wire/fuzz_corpus_test.cpp), so a finding stays fixed without the fuzzer.
//
// The input is a whole message: the envelope's type field picks the decoder, as the server's
// dispatch does. What decodes must survive the trip back: encode at the same version succeeds,
// and decoding that gives the same message. A decoder that accepts what the encoder refuses (or
// reads it differently) would let a stored report differ from what the device sent.
#pragma once

#include <cstdint>
#include <span>

#include "core/wire/envelope.h"
#include "core/wire/messages.h"
#include "core/wire/officer_messages.h"

namespace aduan::wire::fuzzing {

template <Message T>
bool round_trips(std::span<const std::uint8_t> bytes, std::uint16_t version) {
  auto decoded = decode<T>(bytes);
  if (!decoded) return true;  // refused: fine
  auto encoded = encode(decoded.value(), version);
  if (!encoded) return false;
  auto again = decode<T>(encoded.value());
  return again && again.value() == decoded.value();
}

// False when `bytes` decode to a message that does not survive the trip back.
inline bool survives_round_trip(std::span<const std::uint8_t> bytes) {
  auto header = peek_envelope(bytes);
  if (!header) return true;
  const std::uint16_t version = header.value().version;
  switch (header.value().type) {
    case MessageType::register_device_request: return round_trips<RegisterDeviceRequest>(bytes, version);
    case MessageType::register_device_response: return round_trips<RegisterDeviceResponse>(bytes, version);
    case MessageType::push_batch_request: return round_trips<PushBatchRequest>(bytes, version);
    case MessageType::push_batch_response: return round_trips<PushBatchResponse>(bytes, version);
    case MessageType::pull_events_request: return round_trips<PullEventsRequest>(bytes, version);
    case MessageType::pull_events_response: return round_trips<PullEventsResponse>(bytes, version);
    case MessageType::track_request: return round_trips<TrackRequest>(bytes, version);
    case MessageType::track_response: return round_trips<TrackResponse>(bytes, version);
    case MessageType::error_response: return round_trips<ErrorResponse>(bytes, version);
    case MessageType::officer_login_request: return round_trips<OfficerLoginRequest>(bytes, version);
    case MessageType::officer_login_response: return round_trips<OfficerLoginResponse>(bytes, version);
    case MessageType::officer_reports_request: return round_trips<OfficerReportsRequest>(bytes, version);
    case MessageType::officer_reports_response: return round_trips<OfficerReportsResponse>(bytes, version);
    case MessageType::officer_action_request: return round_trips<OfficerActionRequest>(bytes, version);
    case MessageType::officer_action_response: return round_trips<OfficerActionResponse>(bytes, version);
  }
  return true;
}

}  // namespace aduan::wire::fuzzing
