// shell/portal/portal_mode.cpp: what the kiosk's and the official's modes do alike with their
// settings and their unlock PIN (portal_mode.h). In the citizen's screens' library so both
// modes' programs share it; the citizen's program calls none of it and its link keeps none.
#include "shell/portal/portal_mode.h"

#include <algorithm>

#include "core/store/local_store.h"

namespace aduan::app {

std::string mode_setting(store::LocalStore& store, std::string_view key) {
  auto value = store.setting(key);
  return value && value.value() ? *value.value() : std::string();
}

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view pin_choice_problem(const std::string& pin, const std::string& again) {
  if (pin.size() < 4 || !all_digits(pin)) return "kiosk.pin_short";
  if (pin != again) return "kiosk.pin_mismatch";
  return {};
}

std::string_view try_unlock(domain::PinLock& lock, std::string_view hash, std::string_view pin,
                            domain::Timestamp now) {
  if (lock.locked(now)) return "kiosk.pin_locked";
  if (domain::pin_matches(hash, pin)) {
    lock.right();
    return {};
  }
  lock.wrong(now);
  return lock.locked(now) ? "kiosk.pin_locked" : "kiosk.pin_wrong";
}

}  // namespace aduan::app
