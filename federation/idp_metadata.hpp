#pragma once
// The external IdP's discovery document (OpenID Connect Discovery 1.0 §3), read strictly: what the
// federation needs is present and an https URL, and the issuer is the one the discovery URL was formed
// from (§4.3), so a document served for another IdP, or a mix-up, is refused before anything trusts it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "jose/alg.hpp"

namespace fapid::federation {

inline constexpr std::string_view kDiscoverySuffix = "/.well-known/openid-configuration";
inline constexpr std::size_t kMaxDiscoveryBytes = 64 * 1024;

struct IdpMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;     // optional
  std::string end_session_endpoint;  // optional: without it logout ends only our session
  std::vector<jose::Alg> id_token_algs;  // what the IdP signs ID tokens with that we accept
};

// The issuer a discovery URL was formed from (§4): the URL without kDiscoverySuffix; empty when the
// URL does not end with it.
std::string issuer_of_discovery_url(std::string_view discovery_url);

// Errors: ErrorCode::temporarily_unavailable ("the identity provider's configuration is invalid"), the
// detail naming the member at fault. RS256 is accepted from an IdP, as OIDC Core §15.1 requires of every
// OP; so are PS256 and ES256; `none` and HS* never are.
Result<IdpMetadata> parse_idp_metadata(std::string_view document, std::string_view expected_issuer);

}  // namespace fapid::federation
