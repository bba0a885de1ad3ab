#include "fapi/userinfo/userinfo_endpoint.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <nlohmann/json.hpp>

#include "fapi/endpoint_support.hpp"
#include "fapi/holder_of_key.hpp"
#include "fapi/token/token_support.hpp"
#include "http/responses.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/userinfo";

struct Presented {
  std::string scheme;  // "Bearer" or "DPoP", as the token demands (S6: compared case-insensitively)
  std::string token;
};

OAuthError invalid_token(std::string detail) {
  return OAuthError(ErrorCode::invalid_token, "the access token is invalid", std::move(detail)).with_status(401);
}

Result<Presented> read_authorization(const http::Request& req) {
  const auto header = req.header("authorization");
  if (!header) return invalid_token("no Authorization header");
  const auto sp = header->find(' ');
  if (sp == std::string_view::npos) return invalid_token("malformed Authorization header");
  const auto scheme = header->substr(0, sp);
  auto token = header->substr(sp + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) return invalid_token("empty token");
  if (boost::algorithm::iequals(scheme, "bearer")) return Presented{"Bearer", std::string(token)};
  if (boost::algorithm::iequals(scheme, "dpop")) return Presented{"DPoP", std::string(token)};
  return invalid_token("unsupported authorization scheme");
}

Result<http::Response> userinfo(const Context& ctx, const http::Request& req) {
  auto presented = read_authorization(req);
  if (!presented) return presented.error();
  auto found = ctx.grants().find_access_token(storage::hash_token(presented->token), ctx.clock().now());
  if (!found) return found.error();
  if (!*found) return invalid_token("unknown, expired or revoked token");
  const auto& [token, grant] = **found;
  if (!token.cnf.jkt.empty()) {
    if (presented->scheme != "DPoP") return invalid_token("DPoP-bound token presented as Bearer");  // S6
    auto proof = check_dpop_proof(ctx, req, {ctx.userinfo_url, presented->token, token.cnf.jkt, ctx.cfg.fapi.require_dpop_nonce});
    if (!proof) return proof.error();
  } else {
    if (presented->scheme != "Bearer") return invalid_token("token is not DPoP-bound");
    // S2: the certificate of this connection must be the one the token is bound to.
    if (token.cnf.x5t_s256.empty() || certificate_confirmation(req.peer).x5t_s256 != token.cnf.x5t_s256)
      return invalid_token("token bound to another certificate");
  }
  if (grant.subject.empty() || !scope_contains(token.scope, "openid"))
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
