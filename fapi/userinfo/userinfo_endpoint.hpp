#pragma once
// UserInfo (OIDC Core §5.3, SPEC UI1) on the mTLS listener: only sender-constrained tokens, presented over
// the certificate they are bound to or with a DPoP proof of their key (RFC 9449 §7).
#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

http::Response handle_userinfo(const Context& ctx, const http::Request& req);

}  // namespace fapid::fapi
