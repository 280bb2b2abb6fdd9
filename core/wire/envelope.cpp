// core/wire/envelope.cpp: reading and writing the envelope header (see envelope.h).
//
// Plain byte arithmetic, no cereal and no exceptions: this runs on every request before the
// server knows whether the bytes are even Aduan's, so it must be cheap and total.
#include "core/wire/envelope.h"

#include <algorithm>
#include <string>

namespace aduan::wire {
namespace {

std::uint16_t read_u16_le(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

void append_u16_le(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v & 0xff));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

Error make_error(std::string_view code, std::string detail) {
  return Error{std::string(code), std::move(detail)};
}

}  // namespace

std::string_view to_string(MessageType type) {
  switch (type) {
    case MessageType::register_device_request: return "register_device_request";
    case MessageType::register_device_response: return "register_device_response";
    case MessageType::push_batch_request: return "push_batch_request";
    case MessageType::push_batch_response: return "push_batch_response";
    case MessageType::pull_events_request: return "pull_events_request";
    case MessageType::pull_events_response: return "pull_events_response";
    case MessageType::track_request: return "track_request";
    case MessageType::track_response: return "track_response";
    case MessageType::error_response: return "error_response";
    case MessageType::officer_login_request: return "officer_login_request";
    case MessageType::officer_login_response: return "officer_login_response";
    case MessageType::officer_reports_request: return "officer_reports_request";
    case MessageType::officer_reports_response: return "officer_reports_response";
    case MessageType::officer_action_request: return "officer_action_request";
    case MessageType::officer_action_response: return "officer_action_response";
  }
  return "unknown";
}

bool is_known_message_type(std::uint16_t raw) {
  return raw >= static_cast<std::uint16_t>(MessageType::register_device_request) &&
         raw <= static_cast<std::uint16_t>(MessageType::officer_action_response);
}

Result<EnvelopeHeader> peek_envelope(std::span<const std::uint8_t> bytes) {
  // Compare what is there of the magic first: two stray bytes are "not ours", not "cut short".
  const std::size_t magic_seen = std::min(bytes.size(), kMagic.size());
  if (!std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(magic_seen),
                  kMagic.begin())) {
    return make_error(errors::kBadMagic, "not an Aduan message");
  }
  if (bytes.size() < kEnvelopeHeaderBytes) {
    return make_error(errors::kTruncated, "envelope header needs " +
                                              std::to_string(kEnvelopeHeaderBytes) +
                                              " bytes, got " + std::to_string(bytes.size()));
  }
  if (bytes.size() > kMaxMessageBytes) {
    return make_error(errors::kTooLarge, std::to_string(bytes.size()) + " bytes exceed the " +
                                             std::to_string(kMaxMessageBytes) + " byte limit");
  }
  const std::uint16_t version = read_u16_le(bytes.data() + 4);
  if (version > kProtocolVersion) {
    return make_error(errors::kNewerVersion,
                      "protocol version " + std::to_string(version) + " is newer than " +
                          std::to_string(kProtocolVersion) + "; update the app or server");
  }
  if (version < kOldestSupportedVersion) {
    return make_error(errors::kUnsupportedVersion, "protocol version " + std::to_string(version) +
                                                       " is older than " +
                                                       std::to_string(kOldestSupportedVersion));
  }
  const std::uint16_t type = read_u16_le(bytes.data() + 6);
  if (!is_known_message_type(type)) {
    return make_error(errors::kUnknownType, "message type " + std::to_string(type));
  }
  return EnvelopeHeader{version, static_cast<MessageType>(type)};
}

void append_envelope_header(Bytes& out, const EnvelopeHeader& header) {
  out.insert(out.end(), kMagic.begin(), kMagic.end());
  append_u16_le(out, header.version);
  append_u16_le(out, static_cast<std::uint16_t>(header.type));
}

}  // namespace aduan::wire
