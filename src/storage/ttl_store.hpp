#pragma once
// The TTL store port (DESIGN.md, Storage): short-lived artefacts that expire by themselves. PAR request
// URIs, authorization codes, interaction and federation state, replay caches of `jti`s, rate-limit
// counters. Implemented by SqliteTtlStore (embedded) and RedisTtlStore (production); one contract
// suite (tests/unit/storage/contract/ttl_store_contract.hpp) holds both to the same guarantees.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace fapid::storage {

// Each kind is its own key space, so a code can never be read back as a request URI.
enum class TtlKind : std::uint8_t {
  par_request,
  authorization_code,
  interaction,
  federation_state,  // a staff login or logout in progress at the external IdP
  staff_code,        // an authorization code of the non-FAPI tree (never readable as a FAPI code)
  staff_session,     // a staff member's session at the non-FAPI issuer, until logout
  client_assertion_jti,
  request_object_jti,
  dpop_jti,
  rate_limit,
};

// The short prefix of a kind inside a store ("par", "code", ...). Stable: it is persisted.
std::string_view to_string(TtlKind kind);

class TtlStore {
 public:
  virtual ~TtlStore() = default;

  // Stores `value` unless a live entry exists under `key`; true when it was stored. This is the replay
  // check of a `jti`: of many concurrent callers with the same key, exactly one gets true.
  virtual Result<bool> put_if_absent(TtlKind kind, std::string_view key, std::string_view value,
                                     std::chrono::milliseconds ttl) = 0;

  // Stores `value`, replacing a live entry (interaction state that a page reload updates).
  virtual Result<void> put(TtlKind kind, std::string_view key, std::string_view value,
                           std::chrono::milliseconds ttl) = 0;

  virtual Result<std::optional<std::string>> get(TtlKind kind, std::string_view key) = 0;

  // Returns the live value and removes it in one atomic step: of many concurrent callers (threads or
  // instances), exactly one gets the value. Authorization codes and request URIs are consumed this way.
  virtual Result<std::optional<std::string>> consume(TtlKind kind, std::string_view key) = 0;

  virtual Result<void> erase(TtlKind kind, std::string_view key) = 0;

  // Adds one to a counter that lives for `window` from its first increment (a fixed-window rate
  // limit) and returns the new count.
  virtual Result<std::uint64_t> increment(TtlKind kind, std::string_view key, std::chrono::milliseconds window) = 0;
};

}  // namespace fapid::storage
