#pragma once
// The two ways a staff login answers before and after the portal's redirect URI is trusted: an HTML
// page (RFC 6749 §4.1.2.1: never redirect to an unverified URI), or a 303 to the redirect URI carrying
// the result, `state` and our `iss` (RFC 9207).
#include <string>
#include <string_view>

#include "core/oauth_error.hpp"
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

inline constexpr std::string_view kLoginCookie = "__Host-fapid-staff-login";
inline constexpr std::string_view kSessionCookie = "__Host-fapid-staff";

// Logged and counted under `route`, then shown to the staff member (status from the error).
http::Response error_page(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                          std::string_view client_id = {});

// Logged and counted under `route`, then sent to the portal's verified redirect URI.
http::Response error_redirect(const Context& ctx, std::string_view route, const http::Request& req,
                              const std::string& redirect_uri, const std::string& state, const OAuthError& e,
                              std::string_view client_id);

// 303 See Other to `location` (RFC 9700 §4.12: never 307, which would repost the form).
http::Response see_other(const std::string& location);

}  // namespace fapid::nonfapi
