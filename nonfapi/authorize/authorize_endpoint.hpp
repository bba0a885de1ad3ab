#pragma once
// GET/POST /auth-nonfapi/authorize (OIDC Core §3.1.2): the Back Office Portal's authorization request,
// answered by sending the staff member to the institution's IdP (DESIGN.md, Flows).
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

http::Response handle_authorize(const Context& ctx, const http::Request& req);

}  // namespace fapid::nonfapi
