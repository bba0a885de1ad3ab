#pragma once
// POST /auth-nonfapi/token (RFC 6749 §3.2): the portal, authenticated by client_secret_post, redeems
// its code or refreshes; CORS for the portal's origin.
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

http::Response handle_token(const Context& ctx, const http::Request& req);

}  // namespace fapid::nonfapi
