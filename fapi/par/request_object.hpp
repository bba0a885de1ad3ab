#pragma once
// Request objects (RFC 9101, SPEC section 7): a JWS signed by the client, optionally nested inside a JWE
// encrypted to the server (OFB R7). Returns the authorization parameters it carries, as strings.
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "fapi/context.hpp"

namespace fapid::fapi {

inline constexpr std::size_t kMaxRequestObjectBytes = 32 * 1024;
// SPEC R2: exp − nbf ≤ 60 min and nbf no more than 60 min in the past.
inline constexpr std::chrono::seconds kMaxRequestObjectLifetime{3600};

using ParameterMap = std::map<std::string, std::string, std::less<>>;

struct RequestObject {
  ParameterMap params;
  std::string jti;          // "" when the object has none
  std::chrono::seconds remaining{0};  // until exp, plus the skew: how long its jti must be remembered
};

// Verifies the object against the client's keys and its profile's algorithms (R1), the time window
// (R2, R3), audience (R4) and issuer/client_id (R6), and refuses request/request_uri inside it (P3).
// Changes nothing. Errors: invalid_request_object.
Result<RequestObject> read_request_object(const Context& ctx, const oauth::RegisteredClient& client,
                                          std::string_view request);

// A request object is pushed once: its jti is remembered until it expires. Called once the whole
// request is valid, so a rejected request leaves no trace. Errors: invalid_request_object on replay.
Result<void> remember_request_object(const Context& ctx, const oauth::RegisteredClient& client,
                                     const RequestObject& object);

}  // namespace fapid::fapi
