// core/wire/envelope.h: the eight bytes in front of every message Aduan sends, and the limits
// every decoder enforces.
//
// Owns the envelope layout, the protocol version numbers, the message type numbers, the error
// codes of the wire module and its size limits. Does not own the messages (messages.h) or how
// they are encoded (codec.cpp). The header is fixed-size and read without cereal, so a server
// can dispatch on peek_envelope() before it decodes anything, and reject what it cannot read
// early.
//
// Layout, all integers little-endian:
//   offset 0  4 bytes  magic "ADUW"
//   offset 4  uint16   protocol version (kOldestSupportedVersion..kProtocolVersion)
//   offset 6  uint16   message type (MessageType)
//   offset 8  ...      payload, written by the cereal archives in archive.h; nothing may follow
//
// Protocol versions:
//   1  the first field release: reports carried no channel and no coordinates. No longer
//      read: a v1 device gets wire.unsupported_version and must update.
//   2  reports carry their channel and optional coordinates. Still read and answered.
//   3  current. Reports may carry on-behalf details with the citizen's consent (the assisted
//      channel) and the reporter's consent to SMS notifications.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/domain/result.h"

namespace aduan::wire {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::array<std::uint8_t, 4> kMagic = {'A', 'D', 'U', 'W'};
inline constexpr std::uint16_t kProtocolVersion = 3;
// A server accepts the current version and the one before it, so clients can update lazily.
inline constexpr std::uint16_t kOldestSupportedVersion = 2;
inline constexpr std::size_t kEnvelopeHeaderBytes = 8;

// Numbers are part of the protocol: never reuse or renumber one.
enum class MessageType : std::uint16_t {
  register_device_request = 1,
  register_device_response = 2,
  push_batch_request = 3,
  push_batch_response = 4,
  pull_events_request = 5,
  pull_events_response = 6,
  track_request = 7,
  track_response = 8,
  error_response = 9,
  officer_login_request = 10,
  officer_login_response = 11,
  officer_reports_request = 12,
  officer_reports_response = 13,
  officer_action_request = 14,
  officer_action_response = 15,
};
std::string_view to_string(MessageType type);  // e.g. "push_batch_request"
bool is_known_message_type(std::uint16_t raw);

// Limits. They bound what a hostile or corrupt message can make the decoder do: every length
// prefix is also checked against the bytes that remain, so these caps mostly bound memory per
// element (a Report is ~15x larger in memory than its smallest encoding).
inline constexpr std::size_t kMaxMessageBytes = std::size_t{4} << 20;  // whole envelope
inline constexpr std::size_t kMaxBatchReports = 500;
inline constexpr std::size_t kMaxAttachmentsPerReport = 16;
inline constexpr std::size_t kMaxProblemsPerVerdict = 64;
inline constexpr std::size_t kMaxEventsPerPull = 1000;
inline constexpr std::size_t kMaxTimelineEntries = 1000;
inline constexpr std::size_t kMaxNestingDepth = 32;
// Memory the decoder may request while decoding one message: this many bytes per input byte,
// plus a fixed allowance for the element vectors the caps above permit.
inline constexpr std::size_t kDecodeMemoryPerInputByte = 8;
inline constexpr std::size_t kDecodeMemoryAllowance = std::size_t{2} << 20;
constexpr std::size_t decode_memory_budget(std::size_t input_bytes) {
  return kDecodeMemoryPerInputByte * input_bytes + kDecodeMemoryAllowance;
}

// Error codes of the wire module (Error::code). Stable: clients and tests key on them.
namespace errors {
inline constexpr std::string_view kBadMagic = "wire.bad_magic";
inline constexpr std::string_view kTruncated = "wire.truncated";
inline constexpr std::string_view kMalformed = "wire.malformed";
inline constexpr std::string_view kTooLarge = "wire.too_large";
inline constexpr std::string_view kUnknownType = "wire.unknown_type";
// A known type, but not the one the caller asked decode<T>() for.
inline constexpr std::string_view kWrongType = "wire.wrong_type";
inline constexpr std::string_view kNewerVersion = "wire.newer_version";
inline constexpr std::string_view kUnsupportedVersion = "wire.unsupported_version";
// Encoding only: a value the format cannot carry (e.g. a month of 300).
inline constexpr std::string_view kUnencodable = "wire.unencodable";
}  // namespace errors

struct EnvelopeHeader {
  std::uint16_t version = kProtocolVersion;
  MessageType type = MessageType::error_response;
  friend bool operator==(const EnvelopeHeader&, const EnvelopeHeader&) = default;
};

// Reads and checks the header only: magic, size limit, version range, known type. The checks
// run in that order, so a stranger's bytes report bad_magic rather than a version problem.
Result<EnvelopeHeader> peek_envelope(std::span<const std::uint8_t> bytes);

// Appends the eight header bytes to `out`.
void append_envelope_header(Bytes& out, const EnvelopeHeader& header);

}  // namespace aduan::wire
