#pragma once
// The token endpoint (RFC 6749 §3.2) on the mTLS listener.
#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

http::Response handle_token(const Context& ctx, const http::Request& req);

}  // namespace fapid::fapi
