#pragma once
// What every endpoint of the non-FAPI tree shares: logging and counting a refusal once, and CORS for the one origin allowed to call from a browser (PORTAL_BACKOFFICE_URL).
#include <string_view>

#include "core/result.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

// Logs the refusal with its private detail and counts it under the route.
void record_rejection(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id = {});

// record_rejection, then the JSON error (RFC 6749 §5.2); 401 and 403 carry a Bearer challenge
// (RFC 6750 §3) naming the error.
http::Response reject(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id = {});

// Adds Access-Control-Allow-Origin when the request comes from the portal's origin (Fetch standard,
// CORS protocol); any other origin gets no CORS header, so browsers withhold the answer from it.
http::Response with_cors(const Context& ctx, const http::Request& req, http::Response res);

// The answer to a CORS preflight (OPTIONS) for an endpoint serving `methods` (e.g. "GET, POST").
http::Response cors_preflight(const Context& ctx, const http::Request& req, std::string_view methods);

}  // namespace fapid::nonfapi
