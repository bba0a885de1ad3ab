#pragma once
// The grants of the FAPI token endpoint, one per file (STYLE.md). Each runs after client authentication.
#include "core/result.hpp"
#include "fapi/token/token_support.hpp"

namespace fapid::fapi {

Result<http::Response> authorization_code_grant(const Context& ctx, const TokenRequest& req);
Result<http::Response> refresh_token_grant(const Context& ctx, const TokenRequest& req);
Result<http::Response> client_credentials_grant(const Context& ctx, const TokenRequest& req);

}  // namespace fapid::fapi
