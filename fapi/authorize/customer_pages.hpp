#pragma once
// The customer's pages between /authorize and the redirect back (issue 5): login, then the consent page
// with approve and reject. Server-rendered from replaceable templates, in the customer's language.
#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

http::Response handle_interaction_page(const Context& ctx, const http::Request& req);  // GET ?id=
http::Response handle_login(const Context& ctx, const http::Request& req);             // POST
http::Response handle_decision(const Context& ctx, const http::Request& req);          // POST
http::Response handle_stylesheet(const Context& ctx, const http::Request& req);        // GET

}  // namespace fapid::fapi
