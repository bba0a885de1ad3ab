#include "fapi/token/token_support.hpp"

#include <nlohmann/json.hpp>

#include "fapi/holder_of_key.hpp"
#include "fapi/profile_policy.hpp"
#include "http/responses.hpp"
#include "oauth/token_minter.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

Result<storage::Confirmation> bind_tokens(const Context& ctx, const TokenRequest& req,
                                          const std::optional<std::string>& expected_jkt) {
  if (req.client.config->token_binding == config::TokenBinding::dpop) {
    if (dpop_header_values(req.http).empty())
      return OAuthError(ErrorCode::invalid_dpop_proof, "a DPoP proof is required");  // TK5
    auto proof = check_dpop_proof(ctx, req.http, {ctx.token_url, std::nullopt, expected_jkt, ctx.cfg.fapi.require_dpop_nonce});
    if (!proof) return proof.error();
    return storage::Confirmation{"", proof->jkt};
  }
  // The mTLS listener only accepts connections with a verified certificate; without one there is no binding.
  auto cnf = certificate_confirmation(req.http.peer);
  if (cnf.x5t_s256.empty()) return OAuthError(ErrorCode::invalid_request, "a client certificate is required");  // TK5
  return cnf;
}

Result<IssuedAccessToken> issue_access_token(const Context& ctx, const oauth::RegisteredClient& client,
                                             const IssueSpec& spec) {
  const auto now = ctx.clock().now();
  oauth::AccessTokenSpec a;
  a.issuer = ctx.issuer;
  a.audience = ctx.issuer;
  a.subject = spec.subject.empty() ? client.id() : spec.subject;  // RFC 9068 §2.2: the client itself for client_credentials
  a.client_id = client.id();
  a.scope = spec.scope;
  a.consent_id = spec.consent_id;
  a.cnf = spec.cnf;
  a.format = client.config->access_token_format;
  a.self_contained = spec.self_contained && a.format == config::AccessTokenFormat::jwt;
  a.now = now;
  a.lifetime = ctx.cfg.fapi.access_token_lifetime;
  auto token = oauth::mint_access_token(ctx.keys(), policy_for(client.config->profile).algs().front(), a, ctx.random());
  if (!token) return token.error();
  // A self-contained token has no row: nothing to hash for one.
  storage::AccessTokenRecord record{a.self_contained ? "" : storage::hash_token(*token), "", client.id(), spec.scope,
                                    spec.cnf, now, now + ctx.cfg.fapi.access_token_lifetime, std::nullopt};
  return IssuedAccessToken{std::move(*token), std::move(record)};
}

Result<std::string> issue_id_token(const Context& ctx, const oauth::RegisteredClient& client, const std::string& subject,
                                   const std::string& nonce, const std::string& id_token_claims_json,
                                   const std::string& access_token) {
  oauth::IdTokenSpec spec;
  spec.issuer = ctx.issuer;
  spec.subject = subject;
  spec.audience = client.id();
  spec.nonce = nonce;
  spec.claims_json = id_token_claims_json;
  spec.at_hash = oauth::half_hash(access_token);
  spec.now = ctx.clock().now();
  spec.lifetime = ctx.cfg.fapi.access_token_lifetime;
  return oauth::mint_id_token(ctx.keys(), policy_for(client.config->profile).algs().front(), spec);
}

http::Response token_response(const Context& ctx, const TokenResponse& r) {
  nlohmann::ordered_json body{{"access_token", r.access_token},
                              {"token_type", r.dpop ? "DPoP" : "Bearer"},  // S4, TK6
                              {"expires_in", ctx.cfg.fapi.access_token_lifetime.count()},
                              {"scope", r.scope}};
  if (!r.refresh_token.empty()) body["refresh_token"] = r.refresh_token;
  if (!r.id_token.empty()) body["id_token"] = r.id_token;
  return http::json(200, body.dump(), http::Cache::no_store);
}

}  // namespace fapid::fapi
