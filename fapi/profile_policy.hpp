#pragma once
// What the FAPI tree accepts for each client profile. Endpoints enforce it and discovery publishes it,
// from this one table, so the metadata cannot drift from behaviour (SPEC D4, D5, D11, K3).
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "jose/alg.hpp"

namespace fapid::fapi {

struct ProfilePolicy {
  config::Profile profile;
  std::vector<std::string_view> jws_algs;        // request objects, client assertions, ID tokens (K3)
  std::vector<std::string_view> response_types;  // D11 / A3
  std::vector<config::AuthMethod> auth_methods;  // D4 / CA1
  bool assertion_aud_issuer_only;                // CA4 (fapi2) rather than CA3 (fapi1-advanced)
  bool nonce_required_with_openid;               // A5: F1A requires nonce with openid; F2 does not
  bool dpop_allowed;                             // S1: DPoP is an F2 binding; F1A/OFB bind to mTLS only
  bool front_channel_id_token;                   // I3 vs I5: F1A hybrid returns an ID token at /authorize

  std::vector<jose::Alg> algs() const;
  bool allows_response_type(std::string_view rt) const;
};

// Throws std::logic_error for Profile::none: non-FAPI clients have no FAPI policy.
const ProfilePolicy& policy_for(config::Profile profile);

}  // namespace fapid::fapi
