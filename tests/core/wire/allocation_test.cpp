// How much memory decode() asks for, measured by replacing the global operator new for this
// test program. The claim under test (archive.h): decoding any input, valid or hostile,
// requests at most decode_memory_budget(input size) bytes in total, a small multiple of the
// input plus a fixed allowance, and a hostile length prefix costs next to nothing.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>

#include "core/wire/messages.h"

namespace {

// Single-threaded: the tests run on one thread, natively and under node.
bool g_counting = false;
std::size_t g_requested = 0;  // total bytes requested while counting, freed or not

void* allocate(std::size_t size) {
  if (g_counting) g_requested += size;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace aduan::wire {
namespace {

// Total bytes requested by decode<T>(bytes), which must fail or succeed as `expect_ok` says.
template <class T>
std::size_t requested_by_decode(const Bytes& bytes, bool expect_ok) {
  g_requested = 0;
  g_counting = true;
  bool ok = false;
  {
    auto result = decode<T>(bytes);
    ok = result.ok();
  }
  g_counting = false;
  EXPECT_EQ(ok, expect_ok);
  return g_requested;
}

void append_varint(Bytes& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

Bytes header(MessageType type) {
  Bytes out;
  append_envelope_header(out, EnvelopeHeader{kProtocolVersion, type});
  return out;
}

PushBatchRequest batch_of(std::size_t count) {
  PushBatchRequest request{"c0ffee00c0ffee00c0ffee00c0ffee00", {}};
  for (std::size_t i = 0; i < count; ++i) {
    domain::Report r;
    r.id.bytes.fill(static_cast<std::uint8_t>(i));
    r.tracking_code = "7K3M-Q9XD-2HWA-5";
    r.receipt_secret = "00112233445566778899aabbccddeeff";
    r.title = "Saluran air tersumbat sampah di perumahan, banjir tiap hujan";
    r.body = std::string(400, 'a');
    r.location = {"32.12", "Perumahan Griya Asri blok C", std::nullopt};
    r.category_id = "drainase";
    r.agency_id = "dpupr-3212";
    r.created_at = 1709164800000;
    request.reports.push_back(r);
  }
  return request;
}

TEST(WireAllocation, ValidBatchStaysWithinBudget) {
  const Bytes bytes = encode(batch_of(50)).value();
  const std::size_t requested = requested_by_decode<PushBatchRequest>(bytes, true);
  std::cout << "[ alloc    ] valid batch of 50: " << bytes.size() << " bytes in, " << requested
            << " bytes requested (" << requested / bytes.size() << "x)\n";
  EXPECT_LE(requested, decode_memory_budget(bytes.size()));
}

TEST(WireAllocation, HugeLengthPrefixesCostAlmostNothing) {
  for (std::uint64_t prefix :
       {std::uint64_t{1} << 60, std::uint64_t{0xffffffff}, std::uint64_t{kMaxMessageBytes - 1}}) {
    Bytes bytes = header(MessageType::error_response);
    append_varint(bytes, prefix);
    bytes.resize(bytes.size() + 32, 'x');
    const std::size_t requested = requested_by_decode<ErrorResponse>(bytes, false);
    EXPECT_LE(requested, 1024u) << "prefix " << prefix;  // the Error's strings, no more

    Bytes list = header(MessageType::push_batch_request);
    list.push_back(0);
    append_varint(list, prefix);
    EXPECT_LE(requested_by_decode<PushBatchRequest>(list, false), 1024u) << "prefix " << prefix;
  }
}

TEST(WireAllocation, ListCountsThatFitTheInputAreChargedToTheBudget) {
  // Counts the input can hold, followed by elements that are all zero bytes: the decoder
  // reserves for the whole list before it finds out the elements are short.
  struct Case {
    MessageType type;
    std::size_t count;
  };
  for (const Case& c : {Case{MessageType::push_batch_request, kMaxBatchReports},
                        Case{MessageType::pull_events_response, kMaxEventsPerPull},
                        Case{MessageType::push_batch_response, kMaxBatchReports}}) {
    Bytes bytes = header(c.type);
    if (c.type == MessageType::push_batch_request) bytes.push_back(0);  // device id
    append_varint(bytes, c.count);
    bytes.resize(bytes.size() + c.count, 0);
    std::size_t requested = 0;
    switch (c.type) {
      case MessageType::push_batch_request:
        requested = requested_by_decode<PushBatchRequest>(bytes, false);
        break;
      case MessageType::pull_events_response:
        requested = requested_by_decode<PullEventsResponse>(bytes, false);
        break;
      default: requested = requested_by_decode<PushBatchResponse>(bytes, false); break;
    }
    std::cout << "[ alloc    ] " << to_string(c.type) << " claiming " << c.count << " items in "
              << bytes.size() << " bytes: " << requested << " bytes requested\n";
    EXPECT_LE(requested, decode_memory_budget(bytes.size()));
  }
}

TEST(WireAllocation, EveryTruncationOfABatchStaysWithinBudget) {
  const Bytes bytes = encode(batch_of(4)).value();
  std::size_t worst = 0;
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
    const std::size_t requested = requested_by_decode<PushBatchRequest>(prefix, false);
    EXPECT_LE(requested, decode_memory_budget(length)) << "cut at " << length;
    // Beyond the fixed allowance, what a prefix costs is a small multiple of its length.
    EXPECT_LE(requested, 2 * length + 1024 + 4 * sizeof(domain::Report)) << "cut at " << length;
    worst = std::max(worst, requested);
  }
  std::cout << "[ alloc    ] truncations of a " << bytes.size() << " byte batch: at most " << worst
            << " bytes requested\n";
}

}  // namespace
}  // namespace aduan::wire
