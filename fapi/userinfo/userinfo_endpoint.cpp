#include "fapi/userinfo/userinfo_endpoint.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <nlohmann/json.hpp>

#include "fapi/endpoint_support.hpp"
#include "fapi/resource_access.hpp"
#include "http/responses.hpp"
#include "oauth/scope.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/userinfo";

Result<http::Response> userinfo(const Context& ctx, const http::Request& req) {
  auto found = authenticate_access_token(ctx, req, ctx.userinfo_url);
  if (!found) return found.error();
  const auto& [token, grant] = *found;
  if (grant.subject.empty() || !oauth::scope_contains(token.scope, "openid"))
    return OAuthError(ErrorCode::insufficient_scope, "the token does not carry the openid scope").with_status(403);
  nlohmann::json body = nlohmann::json::object();
  const auto claims = nlohmann::json::parse(grant.claims_json, nullptr, false);
  if (claims.is_object() && claims.contains("userinfo") && claims["userinfo"].is_object()) body = claims["userinfo"];
  body["sub"] = grant.subject;  // UI1: the ID token's sub
  return http::json(200, body.dump(), http::Cache::no_store);
}

// RFC 6750 §3 / RFC 9449 §7.1: the challenge names the scheme the token needs.
http::Response challenge(const Context& ctx, const http::Request& req, const OAuthError& e) {
  auto r = reject(ctx, kRoute, req, e);
  if (e.status == 401 || e.status == 403 || e.code == ErrorCode::invalid_dpop_proof || e.code == ErrorCode::use_dpop_nonce) {
    const bool dpop = e.code == ErrorCode::invalid_dpop_proof || e.code == ErrorCode::use_dpop_nonce ||
                      boost::algorithm::istarts_with(req.header("authorization").value_or(""), "dpop ");
    if (e.code == ErrorCode::invalid_dpop_proof || e.code == ErrorCode::use_dpop_nonce) r.status = 401;
    r.set("www-authenticate", std::string(dpop ? "DPoP" : "Bearer") + " error=\"" + std::string(to_string(e.code)) +
                                  "\"" + (dpop ? ", algs=\"PS256 ES256\"" : ""));
  }
  return r;
}

}  // namespace

http::Response handle_userinfo(const Context& ctx, const http::Request& req) {
  auto r = userinfo(ctx, req);
  if (!r) return challenge(ctx, req, r.error());
  return *r;
}

}  // namespace fapid::fapi
