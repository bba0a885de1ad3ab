#include "nonfapi/authorize/portal_redirect.hpp"

#include "http/html.hpp"
#include "http/responses.hpp"
#include "http/url_builder.hpp"
#include "nonfapi/endpoint_support.hpp"

namespace fapid::nonfapi {

http::Response error_page(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                          std::string_view client_id) {
  record_rejection(ctx, route, req, e, client_id);
  const bool idp_down = e.code == ErrorCode::temporarily_unavailable;
  return http::html_page(e.status, idp_down ? "The login service is unavailable" : "The login could not be completed",
                         http::sanitize_error_description(e.description),
                         "Reference: " + req.request_id + (idp_down ? ". Please try again in a few minutes." : ""));
}

http::Response error_redirect(const Context& ctx, std::string_view route, const http::Request& req,
                              const std::string& redirect_uri, const std::string& state, const OAuthError& e,
                              std::string_view client_id) {
  record_rejection(ctx, route, req, e, client_id);
  http::ParamList params{{"error", std::string(to_string(e.code))},
                         {"error_description", http::sanitize_error_description(e.description)}};
  if (!state.empty()) params.emplace_back("state", state);
  params.emplace_back("iss", ctx.issuer);
  return see_other(http::append_params(redirect_uri, http::UrlPart::query, params));
}

http::Response see_other(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.set("Location", location);
  r.set("Cache-Control", "no-store");
  r.set("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace fapid::nonfapi
