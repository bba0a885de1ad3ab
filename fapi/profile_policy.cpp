#include "fapi/profile_policy.hpp"

#include <stdexcept>

namespace fapid::fapi {

namespace {

using config::AuthMethod;
using config::Profile;

// FAPI 1.0 Advanced with the Open Finance Brasil choices: PS256 only, because ICP-Brasil issues RSA
// certificates only (K3); `code id_token`, or `code` with JARM (A3); assertion aud per RFC 9126 (CA3).
const ProfilePolicy kFapi1Advanced{Profile::fapi1_advanced,
                                   {"PS256"},
                                   {"code id_token", "code"},
                                   {AuthMethod::private_key_jwt, AuthMethod::tls_client_auth},
                                   false,
                                   true,
                                   false,
                                   true};

// FAPI 2.0 Security Profile: PS256 or ES256 (EdDSA is allowed by F2 but not offered), `code` only,
// assertion aud is the issuer alone (CA4).
const ProfilePolicy kFapi2{Profile::fapi2,
                           {"PS256", "ES256"},
                           {"code"},
                           {AuthMethod::private_key_jwt, AuthMethod::tls_client_auth},
                           true,
                           false,
                           true,
                           false};

}  // namespace

std::vector<jose::Alg> ProfilePolicy::algs() const {
  std::vector<jose::Alg> out;
  for (auto name : jws_algs)
    if (auto a = jose::alg_from(name)) out.push_back(*a);
  return out;
}

bool ProfilePolicy::allows_response_type(std::string_view rt) const {
  for (auto r : response_types)
    if (r == rt) return true;
  return false;
}

const ProfilePolicy& policy_for(Profile profile) {
  switch (profile) {
    case Profile::fapi1_advanced: return kFapi1Advanced;
    case Profile::fapi2: return kFapi2;
    case Profile::none: break;
  }
  throw std::logic_error("no FAPI policy for a non-FAPI client");
}

}  // namespace fapid::fapi
