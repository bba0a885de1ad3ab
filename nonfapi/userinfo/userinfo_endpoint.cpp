#include "nonfapi/userinfo/userinfo_endpoint.hpp"

#include <nlohmann/json.hpp>

#include "http/responses.hpp"
#include "nonfapi/endpoint_support.hpp"
#include "nonfapi/staff_token.hpp"
#include "oauth/jwt_claims.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi {

namespace {

constexpr std::string_view kUserinfoRoute = "/auth-nonfapi/userinfo";
constexpr std::string_view kIntrospectionRoute = "/auth-nonfapi/token/introspection";
constexpr std::string_view kRevocationRoute = "/auth-nonfapi/token/revocation";

Result<const oauth::RegisteredClient*> authenticated_client(const Context& ctx, const http::Request& req,
                                                            const http::Params& form) {
  return ctx.authenticator.authenticate(form, req.peer, req.header("authorization"), ctx.auth_policy);
}

}  // namespace

http::Response handle_userinfo(const Context& ctx, const http::Request& req) {
  auto token = authenticate_staff(ctx, req, "openid");
  if (!token) return reject(ctx, kUserinfoRoute, req, token.error());
  nlohmann::ordered_json body{{"sub", token->subject}};
  const auto claims = nlohmann::json::parse(token->claims_json, nullptr, false);
  for (const char* name : {"name", "preferred_username", "email"})
    if (claims.is_object() && claims.contains(name) && claims[name].is_string()) body[name] = claims[name];
  return with_cors(ctx, req, http::json(200, body.dump(), http::Cache::no_store));
}

http::Response handle_introspection(const Context& ctx, const http::Request& req) {
  auto form = http::read_form_post(req);
  if (!form) return reject(ctx, kIntrospectionRoute, req, form.error());
  auto client = authenticated_client(ctx, req, *form);
  if (!client) return reject(ctx, kIntrospectionRoute, req, client.error(), form->get("client_id").value_or(""));
  const auto token = form->get("token");
  if (!token) return reject(ctx, kIntrospectionRoute, req, {ErrorCode::invalid_request, "token is required"}, (*client)->id());
  const auto hash = storage::hash_token(*token);
  const auto now = ctx.clock().now();
  nlohmann::ordered_json body{{"active", false}};
  auto access = ctx.grants().find_access_token(hash, now);
  if (!access) return reject(ctx, kIntrospectionRoute, req, access.error(), (*client)->id());
  // RFC 7662 §2.2: only this tree's tokens are active here; anything else is simply inactive.
  if (*access && ctx.client((*access)->token.client_id)) {
    const auto& t = (*access)->token;
    body = {{"active", true},
            {"scope", t.scope},
            {"client_id", t.client_id},
            {"sub", (*access)->grant.subject},
            {"token_type", "Bearer"},
            {"iss", ctx.issuer},
            {"iat", oauth::to_unix_seconds(t.issued_at)},
            {"exp", oauth::to_unix_seconds(t.expires_at)}};
  } else if (auto refresh = ctx.grants().find_refresh_token(hash, now); !refresh) {
    return reject(ctx, kIntrospectionRoute, req, refresh.error(), (*client)->id());
  } else if (*refresh && (*refresh)->grant.client_id == (*client)->id()) {
    // A refresh token is only ever shown to the client that holds it.
    body = {{"active", true},
            {"scope", (*refresh)->grant.scope},
            {"client_id", (*refresh)->grant.client_id},
            {"sub", (*refresh)->grant.subject},
            {"iss", ctx.issuer},
            {"exp", oauth::to_unix_seconds((*refresh)->token.expires_at)}};
  }
  return with_cors(ctx, req, http::json(200, body.dump(), http::Cache::no_store));
}

http::Response handle_revocation(const Context& ctx, const http::Request& req) {
  auto form = http::read_form_post(req);
  if (!form) return reject(ctx, kRevocationRoute, req, form.error());
  auto client = authenticated_client(ctx, req, *form);
  if (!client) return reject(ctx, kRevocationRoute, req, client.error(), form->get("client_id").value_or(""));
  const auto token = form->get("token");
  if (!token) return reject(ctx, kRevocationRoute, req, {ErrorCode::invalid_request, "token is required"}, (*client)->id());
  const auto hash = storage::hash_token(*token);
  const auto now = ctx.clock().now();
  // RFC 7009 §2.2: 200 whether or not the token was valid; a client revokes only its own tokens.
  auto access = ctx.grants().find_access_token(hash, now);
  if (!access) return reject(ctx, kRevocationRoute, req, access.error(), (*client)->id());
  if (*access && (*access)->token.client_id == (*client)->id()) {
    if (auto r = ctx.grants().revoke_access_token(hash, now); !r) return reject(ctx, kRevocationRoute, req, r.error());
  } else if (auto refresh = ctx.grants().find_refresh_token(hash, now); !refresh) {
    return reject(ctx, kRevocationRoute, req, refresh.error(), (*client)->id());
  } else if (*refresh && (*refresh)->grant.client_id == (*client)->id()) {
    if (auto r = ctx.grants().revoke_refresh_token(hash, now); !r) return reject(ctx, kRevocationRoute, req, r.error());
  }
  return with_cors(ctx, req, http::json(200, "{}", http::Cache::no_store));
}

}  // namespace fapid::nonfapi
