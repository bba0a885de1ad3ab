#pragma once
// Validation of what the external IdP returns for a staff login: its ID token (OpenID Connect Core
// §3.1.3.7) and, when it is a JWT, its access token, whose `scope` claim carries the back-office
// permissions (seeds/003: `"scope": "openid oob_outages:write email oob_outages:read profile"`).
// Pure functions of their inputs (keys, expectations, clock), so the fuzz target drives them directly.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "jose/alg.hpp"
#include "jose/public_key_set.hpp"

namespace fapid::federation {

using TimePoint = std::chrono::system_clock::time_point;

inline constexpr std::size_t kMaxIdpTokenBytes = 16 * 1024;
inline constexpr std::size_t kMaxSubjectBytes = 255;  // OIDC Core §2: sub is at most 255 ASCII characters
inline constexpr std::size_t kMaxProfileClaimBytes = 256;

// The detail of a refusal because no key of the set matches the token's kid: the caller fetches the
// IdP's JWKS again (it may have rotated its keys) and retries once (ATTACKS.md F05).
inline constexpr std::string_view kUnknownKeyDetail = "no IdP key matches";

struct IdpExpectations {
  std::string issuer;     // the discovered issuer (ATTACKS.md F01)
  std::string client_id;  // ours at the IdP: the one audience, and azp when present (F02)
  std::vector<jose::Alg> algs;
  TimePoint now;
  std::chrono::seconds max_skew{60};     // iat up to now + skew (clocks of two organisations)
  std::chrono::seconds max_age{10 * 60};  // iat no older than this: an old ID token is a replay
  std::string role_claim;  // where the IdP lists roles or groups: a claim name or a dotted path
                           // ("realm_access.roles"); empty: none read
};

inline constexpr std::size_t kMaxRoles = 64;

struct StaffIdentity {
  std::string issuer;
  std::string subject;  // with issuer, the account key (ATTACKS.md F06)
  std::string name;
  std::string preferred_username;
  std::string email;
  std::vector<std::string> roles;  // the role claim's values (strings), when configured
};

// Every failure is ErrorCode::access_denied with the same public description, so the staff member's page
// is no oracle; the detail says which rule failed, for the log.
Result<StaffIdentity> check_id_token(std::string_view id_token, const jose::PublicKeySet& keys,
                                     const IdpExpectations& expected, std::string_view nonce);

// Access tokens are opaque to a client unless they are JWTs: a value that is not a compact JWS is
// nullopt (the token response's `scope` then speaks). One that is must verify with the IdP's keys and
// name our client (azp or client_id), its issuer and the ID token's subject, and be unexpired; its
// `scope` claim, when present, is returned (else an empty optional inside).
struct AccessTokenFacts {
  std::optional<std::string> scope;
  std::vector<std::string> roles;  // as in StaffIdentity
};
Result<std::optional<AccessTokenFacts>> check_access_token(std::string_view access_token, const jose::PublicKeySet& keys,
                                                           const IdpExpectations& expected, std::string_view subject);

}  // namespace fapid::federation
