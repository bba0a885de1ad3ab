#include "fapi/authorize/authorization_response.hpp"

#include <nlohmann/json.hpp>

#include "fapi/profile_policy.hpp"
#include "http/responses.hpp"
#include "oauth/jwt_claims.hpp"

namespace fapid::fapi {

namespace {

// J2: JARM responses live a few minutes at most (the suite warns above 10).
constexpr std::chrono::seconds kJarmLifetime{300};

http::Response see_other(std::string location) {
  http::Response r;
  r.status = 303;  // A9: never 307 after a POST of credentials
  r.set("location", std::move(location));
  r.set("cache-control", "no-store");
  r.set("referrer-policy", "no-referrer");
  return r;
}

// RFC 6749 §4.1.2 / OIDC Core §3.3.2.5: code alone goes in the query, anything with an ID token in the fragment.
http::UrlPart part_for(const AuthorizationRequest& r) {
  if (r.response_mode == "query.jwt" || r.response_mode == "query") return http::UrlPart::query;
  if (r.response_mode == "fragment.jwt" || r.response_mode == "fragment") return http::UrlPart::fragment;
  return r.response_type == "code" ? http::UrlPart::query : http::UrlPart::fragment;
}

Result<std::string> jarm_response(const Context& ctx, const AuthorizationRequest& request, const http::ParamList& params) {
  const auto& policy = policy_for(ctx.deps.clients->find(request.client_id)->config->profile);
  const auto now = oauth::to_unix_seconds(ctx.clock().now());
  nlohmann::json claims{{"iss", ctx.issuer}, {"aud", request.client_id}, {"iat", now}, {"exp", now + kJarmLifetime.count()}};
  for (const auto& [k, v] : params) claims[k] = v;
  return ctx.keys().sign(policy.algs().front(), claims.dump(), "JWT");  // J2: an allowed alg, with kid
}

}  // namespace

Result<http::Response> authorization_redirect(const Context& ctx, const AuthorizationRequest& request,
                                              http::ParamList params) {
  if (!request.state.empty()) params.emplace_back("state", request.state);
  const auto part = part_for(request);
  if (request.wants_jarm()) {
    // J3: iss travels inside the JWT only; nothing else is added in the clear.
    auto jwt = jarm_response(ctx, request, params);
    if (!jwt) return jwt.error();
    return see_other(http::append_params(request.redirect_uri, part, {{"response", *jwt}}));
  }
  params.emplace_back("iss", ctx.issuer);  // A8, RFC 9207
  return see_other(http::append_params(request.redirect_uri, part, params));
}

Result<http::Response> authorization_error_redirect(const Context& ctx, const AuthorizationRequest& request,
                                                    const OAuthError& error) {
  http::ParamList params{{"error", std::string(to_string(error.code))}};
  if (auto d = http::sanitize_error_description(error.description); !d.empty()) params.emplace_back("error_description", d);
  return authorization_redirect(ctx, request, std::move(params));
}

}  // namespace fapid::fapi
