#pragma once
// Sends the result of an authorization back to the client's (already trusted) redirect URI: as query or
// fragment parameters with `iss` (RFC 9207, SPEC A8), or as one signed JARM JWT (SPEC J1-J3). Always a
// 303 (A9), never cached, no Referer leak.
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "fapi/authorization_request.hpp"
#include "fapi/context.hpp"
#include "http/request.hpp"
#include "http/url_builder.hpp"

namespace fapid::fapi {

// Parameters of the response other than iss and state (code, id_token; or error, error_description).
Result<http::Response> authorization_redirect(const Context& ctx, const AuthorizationRequest& request,
                                              http::ParamList params);

// An error sent back to the client (A7, A8, A12): error, error_description, state and iss.
Result<http::Response> authorization_error_redirect(const Context& ctx, const AuthorizationRequest& request,
                                                    const OAuthError& error);

}  // namespace fapid::fapi
