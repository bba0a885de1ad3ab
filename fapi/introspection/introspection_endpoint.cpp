#include "fapi/introspection/introspection_endpoint.hpp"

#include <nlohmann/json.hpp>

#include "fapi/access_token_lookup.hpp"
#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/endpoint_support.hpp"
#include "fapi/profile_policy.hpp"
#include "http/responses.hpp"
#include "oauth/jwt_claims.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kIntrospectionRoute = "/auth/token/introspection";
constexpr std::string_view kRevocationRoute = "/auth/token/revocation";

constexpr std::string_view kSignedIntrospectionType = "application/token-introspection+jwt";

// IN3, RFC 9701 §5: a caller asking for a signed answer gets the same members inside a JWT signed by the
// issuer, addressed to the caller.
Result<http::Response> answer(const Context& ctx, const http::Request& req, const std::string& client_id,
                              nlohmann::ordered_json introspection) {
  const auto accept = req.header("accept");
  if (!accept || accept->find(kSignedIntrospectionType) == std::string_view::npos)
    return http::json(200, introspection.dump(), http::Cache::no_store);
  const auto now = oauth::to_unix_seconds(ctx.clock().now());
  nlohmann::ordered_json claims{{"iss", ctx.issuer}, {"aud", client_id}, {"iat", now},
                                {"token_introspection", std::move(introspection)}};
  const auto* client = ctx.deps.clients->find(client_id);
  auto jwt = ctx.keys().sign(policy_for(client->config->profile).algs().front(), claims.dump(), "token-introspection+jwt");
  if (!jwt) return jwt.error();
  return http::text(200, std::move(*jwt), std::string(kSignedIntrospectionType), http::Cache::no_store);
}

// IN1: whatever is wrong with the token, the answer is this and nothing more.
nlohmann::ordered_json inactive() { return {{"active", false}}; }

nlohmann::json confirmation(const storage::Confirmation& c) {
  nlohmann::json cnf = nlohmann::json::object();
  if (!c.x5t_s256.empty()) cnf["x5t#S256"] = c.x5t_s256;
  if (!c.jkt.empty()) cnf["jkt"] = c.jkt;
  return cnf;
}

nlohmann::ordered_json describe(const Context& ctx, const storage::GrantRecord& grant, const std::string& scope,
                                const storage::Confirmation& cnf, storage::TimePoint iat, storage::TimePoint exp,
                                std::string_view token_type) {
  nlohmann::ordered_json j{{"active", true},
                           {"scope", scope},
                           {"client_id", grant.client_id},
                           {"sub", grant.subject.empty() ? grant.client_id : grant.subject},
                           {"iss", ctx.issuer},
                           {"iat", oauth::to_unix_seconds(iat)},
                           {"exp", oauth::to_unix_seconds(exp)},
                           {"token_type", token_type}};
  if (auto c = confirmation(cnf); !c.empty()) j["cnf"] = std::move(c);  // IN2
  if (!grant.consent_id.empty()) j["consent_id"] = grant.consent_id;
  return j;
}

Result<const oauth::RegisteredClient*> authenticate(const Context& ctx, const http::Request& req, const http::Params& form,
                                                    const std::string& url, std::string& client_id) {
  auto client = ctx.authenticator.authenticate(form, req.peer, req.header("authorization"), ctx.auth_policy(url));
  if (client) client_id = (*client)->id();
  return client;
}

Result<http::Response> introspect(const Context& ctx, const http::Request& req, std::string& client_id) {
  auto form = read_form(req);
  if (!form) return form.error();
  auto client = authenticate(ctx, req, *form, ctx.introspection_url, client_id);
  if (!client) return client.error();
  const auto token = form->get("token");
  if (!token || token->empty()) return OAuthError(ErrorCode::invalid_request, "token is required");
  const auto hash = storage::hash_token(*token);
  const auto now = ctx.clock().now();
  auto access = find_live_access_token(ctx, *token);
  if (!access) return access.error();
  if (*access && (*access)->view.grant.client_id == client_id) {
    const auto& [t, g] = (*access)->view;
    auto live = consent_allows_tokens(ctx, g);  // RT4: a revoked or expired consent's tokens are inactive
    if (!live) return live.error();
    if (!*live) return answer(ctx, req, client_id, inactive());
    const auto type = t.cnf.jkt.empty() ? "Bearer" : "DPoP";
    return answer(ctx, req, client_id, describe(ctx, g, t.scope, t.cnf, t.issued_at, t.expires_at, type));
  }
  auto refresh = ctx.grants().find_refresh_token(hash, now);
  if (!refresh) return refresh.error();
  if (*refresh && (*refresh)->grant.client_id == client_id) {
    const auto& [t, g] = **refresh;
    auto live = consent_allows_tokens(ctx, g);
    if (!live) return live.error();
    if (!*live) return answer(ctx, req, client_id, inactive());
    return answer(ctx, req, client_id, describe(ctx, g, g.scope, t.cnf, t.created_at, t.expires_at, "refresh_token"));
  }
  return answer(ctx, req, client_id, inactive());
}

Result<http::Response> revoke(const Context& ctx, const http::Request& req, std::string& client_id) {
  auto form = read_form(req);
  if (!form) return form.error();
  auto client = authenticate(ctx, req, *form, ctx.revocation_url, client_id);
  if (!client) return client.error();
  const auto token = form->get("token");
  if (!token || token->empty()) return OAuthError(ErrorCode::invalid_request, "token is required");
  const auto hint = form->get("token_type_hint").value_or("");
  const auto hash = storage::hash_token(*token);
  const auto now = ctx.clock().now();
  const http::Response done = http::json(200, "{}", http::Cache::no_store);
  // RV1: the caller's own tokens only; unknown ones are answered 200 all the same (RFC 7009 §2.2).
  auto try_refresh = [&]() -> Result<bool> {
    auto refresh = ctx.grants().find_refresh_token(hash, now);
    if (!refresh) return refresh.error();
    if (!*refresh || (*refresh)->grant.client_id != client_id) return false;
    // Revoking a refresh token ends its grant with every access token of it (RFC 7009 §2.1).
    auto r = ctx.grants().revoke_refresh_token(hash, now);
    if (!r) return r.error();
    return true;
  };
  auto try_access = [&]() -> Result<bool> {
    auto access = find_live_access_token(ctx, *token);
    if (!access) return access.error();
    if (!*access || (*access)->view.grant.client_id != client_id) return false;
    const auto& jti = (*access)->self_contained_jti;
    if (!jti.empty()) {
      auto r = ctx.grants().revoke_self_contained_token(jti, client_id, (*access)->view.token.expires_at, now);
      if (!r) return r.error();
      return true;
    }
    auto r = ctx.grants().revoke_access_token(hash, now);
    if (!r) return r.error();
    return true;
  };
  const bool refresh_first = hint == "refresh_token";
  auto first = refresh_first ? try_refresh() : try_access();
  if (!first) return first.error();
  if (*first) return done;
  auto second = refresh_first ? try_access() : try_refresh();
  if (!second) return second.error();
  return done;
}

}  // namespace

http::Response handle_introspection(const Context& ctx, const http::Request& req) {
  std::string client_id;
  auto r = introspect(ctx, req, client_id);
  if (!r) return reject(ctx, kIntrospectionRoute, req, r.error(), client_id);
  return *r;
}

http::Response handle_revocation(const Context& ctx, const http::Request& req) {
  std::string client_id;
  auto r = revoke(ctx, req, client_id);
  if (!r) return reject(ctx, kRevocationRoute, req, r.error(), client_id);
  return *r;
}

}  // namespace fapid::fapi
