// core/domain/result.h: how the core reports a failure without throwing.
//
// Every fallible core function returns Result<T>: a value, or an Error with a stable
// machine-readable code (what tests, the wire and the UI's message catalog key on) and a
// detail for logs. Exceptions stay inside a module (cereal throws; the decoder catches), so a
// caller never needs try/catch and a WebAssembly build never aborts on a stray throw.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace aduan {

struct Error {
  std::string code;    // stable, snake_case: "wire.truncated", "store.newer_schema", ...
  std::string detail;  // for people and logs; never parsed
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing but can fail.
struct Done {};
using Status = Result<Done>;
inline Status done() { return Done{}; }

}  // namespace aduan
