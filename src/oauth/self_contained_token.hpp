#pragma once
// Client-credentials JWT access tokens are self-contained: no grant, no refresh token and no row stand
// behind them, so issuing one costs a signature and no durable write. What vouches for one is the
// server's own signature; what ends one early is a durable record of its revoked `jti`
// (GrantRepository::revoke_self_contained_token). The token says what it is with the signed claim
// "gty": a holder can neither add it (the signature breaks) nor remove it (no row would be found).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "jose/alg.hpp"
#include "jose/public_key_set.hpp"
#include "storage/records.hpp"

namespace fapid::oauth {

// The value of "gty" in a self-contained access token (the grant type it came from).
inline constexpr std::string_view kSelfContainedGrantType = "client_credentials";

struct SelfContainedToken {
  std::string jti;
  std::string client_id;
  std::string subject;
  std::string scope;
  storage::Confirmation cnf;
  storage::TimePoint issued_at;
  storage::TimePoint expires_at;
};

struct SelfContainedRules {
  const jose::PublicKeySet* own_keys = nullptr;  // the server's published keys: never a key the token names
  std::vector<jose::Alg> algs;                   // the algorithms the server signs with
  std::string issuer;                            // iss and aud of the tree's tokens
  storage::TimePoint now;
};

// nullopt when `token` is not a self-contained access token signed by one of `own_keys` (an opaque token,
// a JWT access token with a row behind it, or a JWS nobody here signed): the caller looks its hash up as
// before, so such a token is judged exactly as it always was. An error (invalid_token, 401) when a token
// the server did sign as self-contained is expired, addressed to another issuer, of another typ, or lacks
// a claim. A returned token may still have been revoked: that is the caller's store lookup.
Result<std::optional<SelfContainedToken>> read_self_contained_token(std::string_view token, const SelfContainedRules& rules);

}  // namespace fapid::oauth
