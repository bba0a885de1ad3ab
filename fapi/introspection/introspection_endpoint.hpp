#pragma once
// Token introspection (RFC 7662, SPEC IN1, IN2) and revocation (RFC 7009, RV1) on the mTLS listener,
// for authenticated FAPI clients and only for their own tokens.
#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

http::Response handle_introspection(const Context& ctx, const http::Request& req);
http::Response handle_revocation(const Context& ctx, const http::Request& req);

}  // namespace fapid::fapi
