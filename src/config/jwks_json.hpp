#pragma once
// A client's public JWKS from configuration (inline `jwks` or `jwksFile`), checked before any
// JOSE code sees it: strict JSON (no duplicate member names, bounded depth) and public keys only.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace fapid::config {

inline constexpr int kMaxJwksDepth = 16;

struct JwksCheck {
  std::string compact;  // re-serialized JWKS when ok
  std::string error;    // empty when ok
};

// Parses JSON text strictly, then check_jwks.
JwksCheck jwks_from_text(std::string_view text);

// RFC 7517 §5: an object with a non-empty "keys" array of objects, each with "kty" and "kid"
// strings, and no private member (RFC 7518 §6.3.2, §6.2.2, §6.4.1) since a client's private key
// has no business in the server's configuration.
JwksCheck check_jwks(const nlohmann::json& jwks);

}  // namespace fapid::config
