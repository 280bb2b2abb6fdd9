// core/workflow/status.cpp: text names of statuses, actions and roles.
//
// Owns the one table per vocabulary that both directions (to_string and parse) read, so a
// name can never be spelled differently on the way out and on the way in. Does not own what
// the names mean to a reader: the message catalog (core/i18n) maps the keys to words.
#include "core/workflow/status.h"

#include <cstddef>

namespace aduan::workflow {
namespace {

constexpr std::string_view kUnknown = "unknown";

// Indexed by the enum's value; the static_asserts keep each table and its enum in step.
constexpr std::array<std::string_view, kAllStatuses.size()> kStatusNames = {
    "received",    "verified",  "on_hold",   "rejected", "dispositioned",
    "in_progress", "responded", "completed", "archived"};

constexpr std::array<std::string_view, kAllActions.size()> kActionNames = {  // by Action
    "verify",
    "reject",
    "hold",
    "resume",
    "disposition",
    "redisposition",
    "decline_authority",
    "follow_up",
    "respond",
    "reporter_reply",
    "complete",
    "rate",
    "archive",
    "escalate_to_ombudsman",
    "escalate_overdue"};

constexpr std::array<std::string_view, kAllRoles.size()> kRoleNames = {
    "national_admin", "regional_admin", "agency_admin", "liaison_officer", "reporter", "system",
    "village_official",
};

// The kAll* lists double as indexes into the tables here and in machine.cpp, so they must hold
// every value exactly once, in enum order.
template <class Enum, std::size_t N>
constexpr bool in_enum_order(const std::array<Enum, N>& values) {
  for (std::size_t i = 0; i < N; ++i) {
    if (static_cast<std::size_t>(values[i]) != i) return false;
  }
  return true;
}

static_assert(in_enum_order(kAllStatuses) && in_enum_order(kAllActions) &&
              in_enum_order(kAllRoles));
static_assert(static_cast<std::size_t>(Status::archived) + 1 == kStatusNames.size());
static_assert(static_cast<std::size_t>(Action::escalate_overdue) + 1 == kActionNames.size());
static_assert(static_cast<std::size_t>(Role::village_official) + 1 == kRoleNames.size());

template <class Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::string_view, N>& names) {
  auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : kUnknown;
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(std::string_view text,
                               const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

std::string key(std::string_view prefix, std::string_view name) {
  std::string out;
  out.reserve(prefix.size() + 1 + name.size());
  out.append(prefix).append(".").append(name);
  return out;
}

}  // namespace

std::string_view to_string(Status status) { return name_of(status, kStatusNames); }
std::string_view to_string(Action action) { return name_of(action, kActionNames); }
std::string_view to_string(Role role) { return name_of(role, kRoleNames); }

std::optional<Status> parse_status(std::string_view text) {
  return parse_name<Status>(text, kStatusNames);
}
std::optional<Action> parse_action(std::string_view text) {
  return parse_name<Action>(text, kActionNames);
}
std::optional<Role> parse_role(std::string_view text) { return parse_name<Role>(text, kRoleNames); }

std::string message_key(Status status) { return key("status", to_string(status)); }
std::string message_key(Action action) { return key("action", to_string(action)); }
std::string message_key(Role role) { return key("role", to_string(role)); }

bool is_resolved(Status status) {
  return status == Status::completed || status == Status::rejected || status == Status::archived;
}

bool is_portal_admin(Role role) {
  return role == Role::national_admin || role == Role::regional_admin;
}

bool is_agency_staff(Role role) {
  return role == Role::agency_admin || role == Role::liaison_officer;
}

}  // namespace aduan::workflow
