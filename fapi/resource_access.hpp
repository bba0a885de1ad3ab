#pragma once
// Access tokens presented to the server's own resources (userinfo, the consents API): the token must be
// live, and presented over the certificate or with a DPoP proof of the key it is bound to (SPEC S2, S6).
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "fapi/context.hpp"
#include "http/request.hpp"
#include "storage/records.hpp"

namespace fapid::fapi {

// The token's record with its grant, or invalid_token (401) / invalid_dpop_proof / use_dpop_nonce /
// temporarily_unavailable. `url` is the resource's URL as the client addresses it (DPoP htu). A token of
// a consent that is no longer AUTHORISED is invalid at once (SPEC RT4).
Result<storage::AccessTokenView> authenticate_access_token(const Context& ctx, const http::Request& req,
                                                            const std::string& url);

OAuthError invalid_token(std::string detail);

}  // namespace fapid::fapi
