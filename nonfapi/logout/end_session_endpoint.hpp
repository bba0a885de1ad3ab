#pragma once
// GET/POST /auth-nonfapi/session/end: RP-Initiated Logout 1.0 at the non-FAPI issuer (SPEC L1-L4). Ends
// the staff member's session here (its grants revoked), then sends the browser through the IdP's
// end_session_endpoint and back to the portal's registered post_logout_redirect_uri.
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

http::Response handle_end_session(const Context& ctx, const http::Request& req);

}  // namespace fapid::nonfapi
