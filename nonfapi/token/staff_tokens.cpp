#include "nonfapi/token/staff_tokens.hpp"

#include <nlohmann/json.hpp>

#include "http/responses.hpp"
#include "oauth/token_minter.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi {

namespace {

// What the server signs with: PS256 when it holds an active PS256 key, else its first algorithm.
jose::Alg signing_alg(const Context& ctx) {
  const auto algs = ctx.keys().signing_algs();
  for (auto alg : algs)
    if (alg == jose::Alg::PS256) return alg;
  return algs.front();
}

}  // namespace

Result<MintedAccess> mint_staff_access_token(const Context& ctx, const oauth::RegisteredClient& client,
                                             const std::string& subject, const std::string& scope) {
  const auto now = ctx.clock().now();
  oauth::AccessTokenSpec a;
  a.issuer = ctx.issuer;
  a.audience = ctx.issuer;
  a.subject = subject;
  a.client_id = client.id();
  a.scope = scope;
  a.format = client.config->access_token_format;
  a.now = now;
  a.lifetime = ctx.cfg.nonfapi.access_token_lifetime;
  auto token = oauth::mint_access_token(ctx.keys(), signing_alg(ctx), a, ctx.random());
  if (!token) return token.error();
  storage::AccessTokenRecord record{storage::hash_token(*token), "", client.id(), scope, {}, now,
                                    now + ctx.cfg.nonfapi.access_token_lifetime, std::nullopt};
  return MintedAccess{std::move(*token), std::move(record)};
}

Result<std::string> mint_staff_id_token(const Context& ctx, const oauth::RegisteredClient& client,
                                        const StaffIdentityClaims& identity, const std::string& nonce,
                                        const std::string& access_token) {
  oauth::IdTokenSpec spec;
  spec.issuer = ctx.issuer;
  spec.subject = identity.subject;
  spec.audience = client.id();
  spec.nonce = nonce;
  spec.claims_json = identity.claims_json;
  spec.at_hash = oauth::half_hash(access_token);
  spec.now = ctx.clock().now();
  spec.lifetime = ctx.cfg.nonfapi.access_token_lifetime;
  return oauth::mint_id_token(ctx.keys(), signing_alg(ctx), spec);
}

http::Response staff_token_response(const Context& ctx, const std::string& access_token, const std::string& scope,
                                    const std::string& refresh_token, const std::string& id_token) {
  nlohmann::ordered_json body{{"access_token", access_token},
                              {"token_type", "Bearer"},
                              {"expires_in", ctx.cfg.nonfapi.access_token_lifetime.count()},
                              {"scope", scope}};
  if (!refresh_token.empty()) body["refresh_token"] = refresh_token;
  if (!id_token.empty()) body["id_token"] = id_token;
  return http::json(200, body.dump(), http::Cache::no_store);
}

}  // namespace fapid::nonfapi
