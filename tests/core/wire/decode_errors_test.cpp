// Every error decode() can return, and hostile inputs: absurd length prefixes, lists over
// their caps, deep nesting, truncation at every byte and random corruption. The property
// under test: decode() returns an Error with a stable code and never crashes or throws.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <iostream>
#include <random>
#include <string>

#include "core/wire/archive.h"
#include "core/wire/messages.h"

namespace aduan::wire {
namespace {

void append_varint(Bytes& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

Bytes envelope(MessageType type, std::initializer_list<std::uint8_t> payload = {},
               std::uint16_t version = kProtocolVersion) {
  Bytes out;
  append_envelope_header(out, EnvelopeHeader{version, type});
  out.insert(out.end(), payload);
  return out;
}

Bytes raw_header(std::uint16_t version, std::uint16_t type) {
  Bytes out(kMagic.begin(), kMagic.end());
  for (std::uint16_t v : {version, type}) {
    out.push_back(static_cast<std::uint8_t>(v & 0xff));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  return out;
}

template <class T>
std::string decode_error(const Bytes& bytes) {
  auto result = decode<T>(bytes);
  return result ? std::string("ok") : result.error().code;
}

domain::Report sample_report(std::uint8_t n) {
  domain::Report r;
  r.id.bytes.fill(n);
  r.tracking_code = "7K3M-Q9XD-2HWA-" + std::to_string(n % 10);
  r.receipt_secret = "00112233445566778899aabbccddeeff";
  r.title = "Jalan berlubang di depan pasar";
  r.body = "Lubang besar sejak hujan deras, motor sering jatuh.";
  r.incident_date = {2024, 2, 29};
  r.location = {"32.12", "Pasar Jatibarang", domain::Coordinates{-6.47, 108.31}};
  r.category_id = "jalan-rusak";
  r.agency_id = "dpupr-3212";
  r.attachments = {{"0123456789abcdef0123456789abcdef", "image/jpeg", 1234, std::string(64, 'a')}};
  r.contact = domain::ReporterContact{"Budi", "+628123", ""};
  r.created_at = 1709164800000 + n;
  return r;
}

Bytes valid_batch(std::uint16_t version) {
  PushBatchRequest request{"c0ffee00c0ffee00", {sample_report(1), sample_report(2)}};
  request.reports[1].anonymous = true;
  request.reports[1].contact.reset();
  request.reports[1].received_at = 1709164900000;
  // Left out at version 2, so version 3's truncations cut inside the on-behalf block too.
  request.reports[0].channel = domain::Channel::assisted;
  request.reports[0].on_behalf = domain::OnBehalf{"Pak Darmin", "", {true, domain::ConsentMethod::spoken, "Bu Sri"}};
  request.reports[0].sms_consent = true;
  return encode(request, version).value();
}

TEST(WireDecodeErrors, BadMagic) {
  const std::string http = "GET / HTTP/1.1\r\n\r\n";
  EXPECT_EQ(decode_error<ErrorResponse>(Bytes(http.begin(), http.end())), errors::kBadMagic);
  EXPECT_EQ(decode_error<ErrorResponse>(Bytes{'X'}), errors::kBadMagic);
  Bytes bytes = envelope(MessageType::error_response, {0, 0});
  bytes[3] = 'X';
  EXPECT_EQ(decode_error<ErrorResponse>(bytes), errors::kBadMagic);
}

TEST(WireDecodeErrors, TruncatedHeader) {
  EXPECT_EQ(decode_error<ErrorResponse>(Bytes{}), errors::kTruncated);
  EXPECT_EQ(decode_error<ErrorResponse>(Bytes{'A', 'D'}), errors::kTruncated);
  Bytes header = envelope(MessageType::error_response);
  header.pop_back();
  EXPECT_EQ(decode_error<ErrorResponse>(header), errors::kTruncated);
}

TEST(WireDecodeErrors, VersionsOutsideTheSupportedRange) {
  auto e = static_cast<std::uint16_t>(MessageType::error_response);
  EXPECT_EQ(decode_error<ErrorResponse>(raw_header(kProtocolVersion + 1, e)),
            errors::kNewerVersion);
  EXPECT_EQ(decode_error<ErrorResponse>(raw_header(0xffff, e)), errors::kNewerVersion);
  EXPECT_EQ(decode_error<ErrorResponse>(raw_header(0, e)), errors::kUnsupportedVersion);
  EXPECT_EQ(decode_error<ErrorResponse>(raw_header(1, e)), errors::kUnsupportedVersion);
  static_assert(kOldestSupportedVersion == 2, "update this test when dropping a version");
}

TEST(WireDecodeErrors, UnknownAndWrongTypes) {
  for (std::uint16_t type : {0, 16, 0x0100, 0xffff}) {
    EXPECT_EQ(decode_error<ErrorResponse>(raw_header(kProtocolVersion, type)),
              errors::kUnknownType);
  }
  auto bytes = encode(ErrorResponse{"a", "b"}).value();
  EXPECT_EQ(decode_error<TrackRequest>(bytes), errors::kWrongType);
  auto header = peek_envelope(bytes);
  ASSERT_TRUE(header);
  EXPECT_EQ(header.value().type, MessageType::error_response);
}

TEST(WireDecodeErrors, InputOverTheSizeLimit) {
  Bytes bytes = envelope(MessageType::error_response);
  bytes.resize(kMaxMessageBytes + 1);
  EXPECT_EQ(decode_error<ErrorResponse>(bytes), errors::kTooLarge);
}

TEST(WireDecodeErrors, MalformedPayloads) {
  // Trailing byte after a complete message.
  EXPECT_EQ(decode_error<ErrorResponse>(envelope(MessageType::error_response, {0, 0, 0})),
            errors::kMalformed);
  // Channel 5 does not exist.
  EXPECT_EQ(decode_error<RegisterDeviceRequest>(
                envelope(MessageType::register_device_request, {5, 0, 0})),
            errors::kMalformed);
  // A bool must be 0 or 1.
  EXPECT_EQ(decode_error<PullEventsResponse>(
                envelope(MessageType::pull_events_response, {0, 1, 0, 0, 0, 0, 0, 0, 0, 2})),
            errors::kMalformed);
  // 0x80 0x00 spells zero in two bytes: not canonical.
  EXPECT_EQ(decode_error<ErrorResponse>(envelope(MessageType::error_response, {0x80, 0, 0})),
            errors::kMalformed);
  // A size prefix longer than 64 bits.
  EXPECT_EQ(decode_error<ErrorResponse>(
                envelope(MessageType::error_response,
                         {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0})),
            errors::kMalformed);
  // Lowercase hex sent unpacked ("ab" as text), and packed hex of length zero.
  EXPECT_EQ(decode_error<RegisterDeviceResponse>(
                envelope(MessageType::register_device_response, {4, 'a', 'b', 0})),
            errors::kMalformed);
  EXPECT_EQ(
      decode_error<RegisterDeviceResponse>(envelope(MessageType::register_device_response, {1, 0})),
      errors::kMalformed);
}

TEST(WireDecodeErrors, ReportFlagsMustBeKnownAtTheirVersion) {
  for (std::uint16_t version : {2, 3}) {
    Bytes bytes = valid_batch(version);
    // Header, device id (prefix + 8 bytes), report count, report id: then the flags byte.
    const std::size_t flags_at = kEnvelopeHeaderBytes + 1 + 8 + 1 + 16;
    bytes[flags_at] |= 0x80;
    EXPECT_EQ(decode_error<PushBatchRequest>(bytes), errors::kMalformed);
  }
  // The on-behalf and SMS consent bits do not exist in version 2.
  for (std::uint8_t bit : {0x20, 0x40}) {
    Bytes v2 = valid_batch(2);
    v2[kEnvelopeHeaderBytes + 1 + 8 + 1 + 16] |= bit;
    EXPECT_EQ(decode_error<PushBatchRequest>(v2), errors::kMalformed) << int{bit};
  }
}

TEST(WireDecodeErrors, ConsentBitsMustBeKnown) {
  // Two batches that differ only in the consent byte locate it.
  PushBatchRequest request{"c0ffee00c0ffee00", {sample_report(1)}};
  request.reports[0].on_behalf = domain::OnBehalf{"", "", {false, domain::ConsentMethod::spoken, ""}};
  Bytes refused = encode(request).value();
  request.reports[0].on_behalf->consent.given = true;
  Bytes given = encode(request).value();
  ASSERT_EQ(refused.size(), given.size());
  std::size_t differing = 0, at = 0;
  for (std::size_t i = 0; i < given.size(); ++i)
    if (given[i] != refused[i]) ++differing, at = i;
  ASSERT_EQ(differing, 1u);
  given[at] = 0x04;
  EXPECT_EQ(decode_error<PushBatchRequest>(given), errors::kMalformed);
}

TEST(WireDecodeErrors, AbsurdLengthPrefixesFailBeforeAllocating) {
  for (std::uint64_t prefix :
       {std::uint64_t{1} << 60, std::uint64_t{0xffffffff}, std::uint64_t{kMaxMessageBytes} + 1}) {
    Bytes bytes = envelope(MessageType::error_response);
    append_varint(bytes, prefix);
    bytes.push_back('x');
    EXPECT_EQ(decode_error<ErrorResponse>(bytes), errors::kMalformed) << prefix;
    // The same as a packed-hex prefix and as a list count.
    Bytes hex = envelope(MessageType::register_device_response);
    append_varint(hex, prefix << 1 | 1);
    EXPECT_EQ(decode_error<RegisterDeviceResponse>(hex), errors::kMalformed) << prefix;
    Bytes list = envelope(MessageType::push_batch_response);
    append_varint(list, prefix);
    EXPECT_EQ(decode_error<PushBatchResponse>(list), errors::kMalformed) << prefix;
  }
  // Plausible sizes that the input does not hold.
  Bytes bytes = envelope(MessageType::error_response);
  append_varint(bytes, 1'000'000);
  bytes.insert(bytes.end(), 100, 'x');
  EXPECT_EQ(decode_error<ErrorResponse>(bytes), errors::kTruncated);
}

TEST(WireDecodeErrors, ListsOfStringsEachClaimingHugeSizes) {
  // A timeline of 64 entries whose status strings each claim 4 GiB.
  Bytes bytes = envelope(MessageType::track_response, {0, 0});
  append_varint(bytes, 64);
  for (int i = 0; i < 64; ++i) append_varint(bytes, 0xffffffff);
  EXPECT_EQ(decode_error<TrackResponse>(bytes), errors::kMalformed);
  // The same with sizes that fit the limit but not the input.
  bytes = envelope(MessageType::track_response, {0, 0});
  append_varint(bytes, 64);
  for (int i = 0; i < 64; ++i) append_varint(bytes, kMaxMessageBytes - 1);
  EXPECT_EQ(decode_error<TrackResponse>(bytes), errors::kTruncated);
}

TEST(WireDecodeErrors, ListsOverTheirCap) {
  Bytes bytes = envelope(MessageType::push_batch_request, {0});
  append_varint(bytes, kMaxBatchReports + 1);
  bytes.resize(bytes.size() + 64 * 1024, 0);  // enough bytes that only the cap can object
  EXPECT_EQ(decode_error<PushBatchRequest>(bytes), errors::kTooLarge);

  bytes = envelope(MessageType::pull_events_response);
  append_varint(bytes, kMaxEventsPerPull + 1);
  bytes.resize(bytes.size() + 64 * 1024, 0);
  EXPECT_EQ(decode_error<PullEventsResponse>(bytes), errors::kTooLarge);
}

// A recursive type, to show the nesting cap holds for any schema built on these archives.
struct Node {
  std::vector<Node> children;
};
void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const Node& node) {
  save_list(ar, node.children, 2, "children");
}
void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, Node& node) {
  load_list(ar, node.children, 2, "children");
}

TEST(WireDecodeErrors, NestingIsCapped) {
  auto chain = [](std::size_t depth) {
    Bytes payload(depth, 1);  // each level: one child
    payload.push_back(0);     // the leaf
    return payload;
  };
  Node shallow;
  ASSERT_TRUE(load_payload(chain(5), kProtocolVersion, shallow));
  EXPECT_EQ(shallow.children.size(), 1u);

  Node deep;
  auto status = load_payload(chain(100'000), kProtocolVersion, deep);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, errors::kMalformed);
}

TEST(WireDecodeErrors, TruncationAtEveryOffsetIsAnError) {
  for (std::uint16_t version : {2, 3}) {
    const Bytes bytes = valid_batch(version);
    ASSERT_TRUE(decode<PushBatchRequest>(bytes));
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
      EXPECT_EQ(decode_error<PushBatchRequest>(prefix), errors::kTruncated)
          << "version " << version << ", cut at " << length << " of " << bytes.size();
    }
  }
}

// Whatever decodes must encode back to the very same bytes: there is one encoding per value.
template <class T>
void expect_error_or_canonical(const Bytes& bytes) {
  auto decoded = decode<T>(bytes);
  if (!decoded) {
    EXPECT_FALSE(decoded.error().code.empty());
    return;
  }
  auto again = encode(decoded.value(), peek_envelope(bytes).value().version);
  ASSERT_TRUE(again) << again.error().code;
  EXPECT_EQ(again.value(), bytes);
}

TEST(WireDecodeErrors, RandomCorruptionNeverCrashes) {
  std::mt19937 random(20240317);
  const Bytes valid[] = {valid_batch(2), valid_batch(3)};
  int decoded_anyway = 0;
  for (int i = 0; i < 5000; ++i) {
    Bytes bytes = valid[i % 2];
    const int flips = 1 + static_cast<int>(random() % 4);
    for (int f = 0; f < flips; ++f) {
      bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
    }
    if (decode<PushBatchRequest>(bytes)) ++decoded_anyway;
    expect_error_or_canonical<PushBatchRequest>(bytes);
  }
  // Most corruptions land in free text, which is still a valid message.
  std::cout << "[ corrupt  ] " << decoded_anyway << " of 5000 corrupted batches still decoded\n";
}

TEST(WireDecodeErrors, RandomPayloadsOfEveryTypeNeverCrash) {
  std::mt19937 random(7);
  for (int i = 0; i < 3000; ++i) {
    Bytes bytes =
        raw_header(static_cast<std::uint16_t>(1 + i % 2), static_cast<std::uint16_t>(1 + i % 9));
    const std::size_t length = random() % 96;
    for (std::size_t b = 0; b < length; ++b) {
      // Small bytes more often, so counts and flags are often plausible.
      bytes.push_back(static_cast<std::uint8_t>(random() % 3 == 0 ? random() : random() % 4));
    }
    expect_error_or_canonical<RegisterDeviceRequest>(bytes);
    expect_error_or_canonical<RegisterDeviceResponse>(bytes);
    expect_error_or_canonical<PushBatchRequest>(bytes);
    expect_error_or_canonical<PushBatchResponse>(bytes);
    expect_error_or_canonical<PullEventsRequest>(bytes);
    expect_error_or_canonical<PullEventsResponse>(bytes);
    expect_error_or_canonical<TrackRequest>(bytes);
    expect_error_or_canonical<TrackResponse>(bytes);
    expect_error_or_canonical<ErrorResponse>(bytes);
  }
}

}  // namespace
}  // namespace aduan::wire
