#include "nonfapi/authorize/authorize_endpoint.hpp"

#include <algorithm>

#include "http/cookies.hpp"
#include "http/form.hpp"
#include "log/logger.hpp"
#include "nonfapi/authorize/portal_redirect.hpp"
#include "nonfapi/authorize/staff_records.hpp"
#include "oauth/pkce.hpp"
#include "oauth/scope.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi {

namespace {

constexpr std::string_view kRoute = "/auth-nonfapi/authorize";
constexpr std::size_t kMaxStateBytes = 512;   // the portal's state and nonce, echoed: bounded
constexpr std::size_t kMaxScopeBytes = 2048;

OAuthError invalid_request(std::string description) { return {ErrorCode::invalid_request, std::move(description)}; }

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<std::string_view> scope_tokens(std::string_view scope) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0; start <= scope.size();) {
    const auto end = std::min(scope.find(' ', start), scope.size());
    if (end > start) out.push_back(scope.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// What the portal asked for, checked once its redirect URI is trusted (OIDC Core §3.1.2.2).
Result<PortalRequest> portal_request(const http::Params& p, const oauth::RegisteredClient& client,
                                     const std::string& redirect_uri) {
  const auto& cfg = *client.config;
  PortalRequest r{client.id(), redirect_uri, std::string(p.get("scope").value_or("")),
                  std::string(p.get("state").value_or("")), std::string(p.get("nonce").value_or("")),
                  std::string(p.get("code_challenge").value_or(""))};
  if (r.state.size() > kMaxStateBytes || r.nonce.size() > kMaxStateBytes) return invalid_request("state or nonce too long");
  if (p.contains("request") || p.contains("request_uri"))
    return OAuthError(ErrorCode::invalid_request, "request objects are not supported here");
  if (p.get("response_type") != "code" || !contains(cfg.response_types, "code"))
    return OAuthError(ErrorCode::unsupported_response_type, "response_type must be code");
  if (!contains(cfg.grant_types, "authorization_code"))
    return OAuthError(ErrorCode::unauthorized_client, "the client may not use the authorization code flow");
  if (auto mode = p.get("response_mode"); mode && *mode != "query") return invalid_request("response_mode must be query");
  // RFC 9700 §2.1.1: PKCE with S256 for every code flow.
  if (p.get("code_challenge_method") != "S256" || !oauth::is_valid_s256_challenge(r.code_challenge))
    return invalid_request("code_challenge with code_challenge_method S256 is required");
  if (r.scope.size() > kMaxScopeBytes || !oauth::scope_contains(r.scope, "openid"))
    return OAuthError(ErrorCode::invalid_scope, "the scope must include openid");
  for (auto token : scope_tokens(r.scope))
    if (!contains(cfg.allowed_scopes, token))
      return OAuthError(ErrorCode::invalid_scope, "the scope includes a value this client may not request");
  // Every login goes to the IdP: a request that forbids showing it cannot be served.
  if (p.get("prompt") == "none") return OAuthError(ErrorCode::login_required, "the staff member must log in");
  return r;
}

// What we ask the IdP for: identity and profile, and the back-office scopes the portal wants, which the
// IdP grants or not per staff member (seeds/003).
std::string idp_scope(std::string_view portal_scope) {
  std::string out = "openid profile email";
  for (auto token : scope_tokens(portal_scope))
    if (token != "openid" && token != "profile" && token != "email") out.append(" ").append(token);
  return out;
}

}  // namespace

http::Response handle_authorize(const Context& ctx, const http::Request& req) {
  auto params = req.method == http::Method::post ? http::parse_form(req.body, {}) : http::parse_query(req.query, {});
  if (!params) return error_page(ctx, kRoute, req, params.error());
  const auto client_id = params->get("client_id");
  const auto* client = client_id ? ctx.client(*client_id) : nullptr;
  if (!client) return error_page(ctx, kRoute, req, invalid_request("unknown client_id"));
  // RFC 6749 §3.1.2.3: compared exactly with a registered redirect URI.
  const std::string redirect_uri(params->get("redirect_uri").value_or(""));
  if (!contains(client->config->redirect_uris, redirect_uri))
    return error_page(ctx, kRoute, req, invalid_request("redirect_uri is not registered for this client"), client->id());

  const std::string portal_state(params->get("state").value_or("").substr(0, kMaxStateBytes));
  auto portal = portal_request(*params, *client, redirect_uri);
  if (!portal) return error_redirect(ctx, kRoute, req, redirect_uri, portal_state, portal.error(), client->id());
  if (!ctx.may_federate(*client))
    return error_redirect(ctx, kRoute, req, redirect_uri, portal_state,
                          {ErrorCode::unauthorized_client, "this client may not log staff in through the institution's IdP"},
                          client->id());

  // The login is bound to this browser: only it may bring the IdP's answer back (login CSRF).
  auto browser = http::cookie_value(req, kLoginCookie);
  const bool new_browser = browser.empty();
  if (new_browser) browser = ctx.random().token(32);
  PendingAtIdp pending;
  pending.portal = std::move(*portal);
  pending.idp_nonce = ctx.random().token(32);
  pending.idp_code_verifier = ctx.random().token(32);
  pending.idp_scope = idp_scope(pending.portal.scope);
  pending.browser_hash = storage::hash_token(browser);
  const auto state = ctx.random().token(32);

  auto url = ctx.deps.idp->authorization_url({ctx.callback_url, pending.idp_scope, state, pending.idp_nonce,
                                              oauth::s256_challenge(pending.idp_code_verifier)});
  if (!url) return error_page(ctx, kRoute, req, url.error(), client->id());
  auto stored = ctx.ttl().put_if_absent(storage::TtlKind::federation_state, storage::hash_token(state), pending.to_json(),
                                        ctx.cfg.nonfapi.login_lifetime);
  if (!stored || !*stored)
    return error_page(ctx, kRoute, req, stored ? OAuthError(ErrorCode::server_error, "state collision") : stored.error(),
                      client->id());
  log::info("staff_login_started", {{"client_id", client->id()}, {"request_id", std::string_view(req.request_id)}});
  auto res = see_other(*url);
  if (new_browser) res.set("Set-Cookie", http::set_cookie(kLoginCookie, browser));
  return res;
}

}  // namespace fapid::nonfapi
