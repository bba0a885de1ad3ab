#pragma once
// Who logged in, and which of their claims the client may see (OIDC Core §5.5, SPEC I6, I9, A15).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "config/config.hpp"
#include "core/result.hpp"
#include "fapi/authorization_request.hpp"
#include "storage/user_repository.hpp"

namespace fapid::fapi {

struct UserAuthentication {
  std::string subject;
  std::string acr;                // the level of assurance the login reached (OFB loa2 / loa3)
  std::int64_t auth_time = 0;     // seconds since the epoch
  std::string cpf;                // "" when the user has none
  std::vector<std::string> cnpj;  // business documents the user may act for
  std::string scoped_claims = "{}";  // JSON object: what users.claimsByScope grants for the request's scopes

  std::string to_json() const;
  static std::optional<UserAuthentication> from_json(std::string_view json);
};

// The attributes of `user` that `claims_by_scope` grants for the scopes in `scope` (space-separated), as a
// JSON object: "name", "email" and "cpf" under those names, "attributes.<key>" under <key>. "sub" is
// left out: every token carries it anyway. A value the user lacks (empty, or a missing key) is left out.
std::string claims_for_scopes(const config::ClaimsByScope& claims_by_scope, std::string_view scope,
                              const storage::UserRecord& user);

// The claims each token may carry, as JSON objects: `acr` and `auth_time` always (I6), the user's
// scoped_claims, and the claims the request asked for by name (cpf as a string, cnpj as an array, I9)
// when the user has them; nothing unrequested. An essential claim with a value the user does not have fails with access_denied (A15).
struct GrantedClaims {
  std::string id_token;  // JSON object
  std::string userinfo;  // JSON object
};
// True for a claim request {"essential": true} (OIDC Core §5.5.1).
bool is_essential(const nlohmann::json& spec);

Result<GrantedClaims> grant_claims(const AuthorizationRequest& request, const UserAuthentication& user);

}  // namespace fapid::fapi
