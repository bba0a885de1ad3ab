#pragma once
// Pushed authorization requests (RFC 9126) on the mTLS listener.
#include <memory>

#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

inline constexpr std::string_view kRequestUriPrefix = "urn:ietf:params:oauth:request_uri:";

http::Response handle_par(const Context& ctx, const http::Request& req);

}  // namespace fapid::fapi
