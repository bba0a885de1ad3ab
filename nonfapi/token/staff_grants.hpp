#pragma once
// The grants of the non-FAPI token endpoint, each after client authentication.
#include "core/result.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

Result<http::Response> staff_code_grant(const Context& ctx, const oauth::RegisteredClient& client, const http::Params& form);
Result<http::Response> staff_refresh_grant(const Context& ctx, const oauth::RegisteredClient& client,
                                           const http::Params& form);

}  // namespace fapid::nonfapi
