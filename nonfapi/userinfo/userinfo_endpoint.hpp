#pragma once
// GET/POST /auth-nonfapi/userinfo (OIDC Core §5.3), and the token introspection (RFC 7662) and
// revocation (RFC 7009) endpoints the back-office APIs and the portal use.
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

http::Response handle_userinfo(const Context& ctx, const http::Request& req);
http::Response handle_introspection(const Context& ctx, const http::Request& req);
http::Response handle_revocation(const Context& ctx, const http::Request& req);

}  // namespace fapid::nonfapi
