#include "fapi/token/token_endpoint.hpp"

#include <algorithm>

#include "fapi/endpoint_support.hpp"
#include "fapi/holder_of_key.hpp"
#include "fapi/token/grants.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/token";

Result<http::Response> exchange(const Context& ctx, const http::Request& req, std::string& client_id) {
  auto form = read_form(req);
  if (!form) return form.error();
  const auto grant_type = form->get("grant_type");
  const auto registered_for = [&grant_type](const oauth::RegisteredClient& c) {
    const auto& allowed = c.config->grant_types;
    return grant_type && std::find(allowed.begin(), allowed.end(), *grant_type) != allowed.end();
  };
  // An opaque client_credentials token takes the assertion's jti in the same transaction as its row; a
  // self-contained JWT has no row, and every other path takes the jti first, as any endpoint does.
  const auto takes_jti_with_its_row = [&](const oauth::RegisteredClient& c) {
    return grant_type == "client_credentials" && registered_for(c) &&
           c.config->access_token_format == config::AccessTokenFormat::opaque;
  };
  auto auth = ctx.authenticator.authenticate_pending_jti(*form, req.peer, req.header("authorization"),
                                                         ctx.auth_policy(ctx.token_url), takes_jti_with_its_row);
  if (!auth) return auth.error();
  const auto& client = *auth->client;
  client_id = client.id();
  const bool registered = registered_for(client);
  const TokenRequest token_request{req, *form, client};
  if (grant_type == "client_credentials" && registered)
    return client_credentials_grant(ctx, token_request, std::move(auth->assertion_jti));
  if (!grant_type) return OAuthError(ErrorCode::invalid_request, "grant_type is required");
  if (*grant_type == "authorization_code" && registered) return authorization_code_grant(ctx, token_request);
  if (*grant_type == "refresh_token" && registered) return refresh_token_grant(ctx, token_request);
  if (*grant_type == "authorization_code" || *grant_type == "refresh_token" || *grant_type == "client_credentials")
    return OAuthError(ErrorCode::unauthorized_client, "grant_type not registered for this client");
  return OAuthError(ErrorCode::unsupported_grant_type, "grant_type not supported");  // TK8: no password, no implicit
}

}  // namespace

http::Response handle_token(const Context& ctx, const http::Request& req) {
  std::string client_id;
  auto r = exchange(ctx, req, client_id);
  if (!r) return reject(ctx, kRoute, req, r.error(), client_id);
  const auto* client = client_id.empty() ? nullptr : ctx.deps.clients->find(client_id);
  if (client && client->config->token_binding == config::TokenBinding::dpop) return with_dpop_nonce(ctx, std::move(*r));
  return *r;
}

}  // namespace fapid::fapi
