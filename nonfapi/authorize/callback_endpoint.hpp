#pragma once
// GET /auth-nonfapi/interaction/callback: where the institution's IdP sends the staff member back, after
// a login (OIDC Core §3.1.2.5) and after a logout (RP-Initiated Logout 1.0 §3). The `state` names which.
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

http::Response handle_callback(const Context& ctx, const http::Request& req);

}  // namespace fapid::nonfapi
