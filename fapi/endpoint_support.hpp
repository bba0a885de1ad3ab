#pragma once
// The first and last stages every FAPI endpoint shares: reading a form body, and turning an error into
// a logged, counted, rendered response (STYLE.md: one place renders errors).
#include <string_view>

#include "core/result.hpp"
#include "fapi/context.hpp"
#include "http/form.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

// POST with an application/x-www-form-urlencoded body (RFC 6749 §3.2, RFC 9126 §2.1), parameters unique.
Result<http::Params> read_form(const http::Request& req);

// Logs the error with its private detail (never a token: details are written by our code), counts it
// under the route, and renders it as JSON; use_dpop_nonce responses carry a fresh DPoP-Nonce.
http::Response reject(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id = {});

// Logs and counts without rendering (for errors that leave as a redirect or an HTML page).
void record_rejection(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id = {});

}  // namespace fapid::fapi
