#pragma once
// The authorization endpoint (RFC 6749 §3.1) on the browser-facing TLS listener: PAR only (SPEC A1),
// then the interaction page where the customer logs in.
#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

http::Response handle_authorize(const Context& ctx, const http::Request& req);
// GET <issuer>/interaction?id=...: the customer's login and consent (issue 5 renders the real pages).

}  // namespace fapid::fapi
