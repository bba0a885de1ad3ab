#pragma once
// What an authorization code stands for, stored in the TTL store under the code's hash until it is
// redeemed or expires (SPEC TK1, TK2): the validated request, the user, and the claims granted.
#include <optional>
#include <string>

#include "fapi/authorization_request.hpp"
#include "fapi/authorize/user_claims.hpp"

namespace fapid::fapi {

struct CodeRecord {
  AuthorizationRequest request;
  UserAuthentication user;
  GrantedClaims claims;

  std::string to_json() const;
  static std::optional<CodeRecord> from_json(std::string_view json);
};

}  // namespace fapid::fapi
