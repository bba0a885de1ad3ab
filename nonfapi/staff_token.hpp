#pragma once
// The back-office access token a resource of this server is called with (RFC 6750 §2.1): a Bearer
// token of a non-FAPI client, found live in the grant store, so that logout and revocation end it at
// once, and carrying the scope the resource requires.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

struct StaffToken {
  std::string subject;    // the staff member (the IdP's sub)
  std::string client_id;  // the portal
  std::string scope;
  std::string claims_json;  // the grant's: name, preferred_username, email, sid, auth_time
};

// invalid_token (401) without a live token of this tree; insufficient_scope (403) when its scope lacks
// `required_scope`; temporarily_unavailable when the store cannot answer.
Result<StaffToken> authenticate_staff(const Context& ctx, const http::Request& req, std::string_view required_scope);

OAuthError invalid_token(std::string detail);

}  // namespace fapid::nonfapi
