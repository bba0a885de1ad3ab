#pragma once
// The grants of the FAPI token endpoint, one per file (STYLE.md). Each runs after client authentication.
#include <optional>

#include "core/result.hpp"
#include "fapi/token/token_support.hpp"

namespace fapid::fapi {

Result<http::Response> authorization_code_grant(const Context& ctx, const TokenRequest& req);
Result<http::Response> refresh_token_grant(const Context& ctx, const TokenRequest& req);
// `assertion_jti`: the jti of a private_key_jwt client, not yet taken. The grant takes it in the write
// that records the token, or on its own before refusing the request.
Result<http::Response> client_credentials_grant(const Context& ctx, const TokenRequest& req,
                                                std::optional<storage::SingleUseKey> assertion_jti);

}  // namespace fapid::fapi
