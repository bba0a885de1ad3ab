#include "nonfapi/authorize/callback_endpoint.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include "federation/scope_translation.hpp"
#include "http/cookies.hpp"
#include "http/form.hpp"
#include "http/html.hpp"
#include "http/url_builder.hpp"
#include "log/logger.hpp"
#include "nonfapi/authorize/portal_redirect.hpp"
#include "nonfapi/authorize/staff_records.hpp"
#include "oauth/jwt_claims.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi {

namespace {

constexpr std::string_view kRoute = "/auth-nonfapi/interaction/callback";

OAuthError denied(std::string description, std::string detail = {}) {
  return {ErrorCode::access_denied, std::move(description), std::move(detail)};
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string joined(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

// Back from the IdP's end_session_endpoint: on to where the portal asked, or our own page.
http::Response logout_done(const PendingAtIdp& pending) {
  if (pending.post_logout_redirect_uri.empty())
    return http::html_page(200, "Signed out", "You are signed out of the back office and of the institution's login.");
  http::ParamList params;
  if (!pending.logout_state.empty()) params.emplace_back("state", pending.logout_state);
  return see_other(params.empty() ? pending.post_logout_redirect_uri
                                  : http::append_params(pending.post_logout_redirect_uri, http::UrlPart::query, params));
}

http::Response login_done(const Context& ctx, const http::Request& req, const PendingAtIdp& pending,
                          const http::Params& params) {
  const auto& portal = pending.portal;
  const auto* client = ctx.client(portal.client_id);
  if (!client) return error_page(ctx, kRoute, req, denied("the client is no longer configured"), portal.client_id);
  // Login CSRF: the IdP's answer counts only in the browser that started the login.
  if (!same_secret(storage::hash_token(http::cookie_value(req, kLoginCookie)), pending.browser_hash))
    return error_page(ctx, kRoute, req, denied("this login was started in another browser; please start again"),
                      portal.client_id);
  auto idp = ctx.deps.idp->metadata();
  if (!idp) return error_page(ctx, kRoute, req, idp.error(), portal.client_id);
  // RFC 9207 §2.4: an iss parameter, when sent, names the IdP we asked (mix-up defence).
  if (const auto iss = params.get("iss"); iss && *iss != (*idp)->issuer)
    return error_page(ctx, kRoute, req, denied("the answer came from another identity provider"), portal.client_id);
  if (const auto error = params.get("error")) {
    // The IdP declined (the staff member cancelled, or may not use the portal): the portal is told.
    return error_redirect(ctx, kRoute, req, portal.redirect_uri, portal.state,
                          denied("the institution's identity provider did not log the staff member in",
                                 "IdP error: " + std::string(error->substr(0, 64))),
                          portal.client_id);
  }
  const auto code = params.get("code");
  if (!code || code->empty() || code->size() > 4096)
    return error_page(ctx, kRoute, req, denied("the identity provider sent no code"), portal.client_id);

  auto login = ctx.deps.idp->complete_login(*code, ctx.callback_url, pending.idp_code_verifier, pending.idp_nonce,
                                            pending.idp_scope);
  if (!login) return error_page(ctx, kRoute, req, login.error(), portal.client_id);

  // "openid" is this protocol's own scope, not a permission the IdP grants.
  const auto scopes = federation::translate_scopes(portal.scope, login->granted_scope + " openid",
                                                   federation::scopes_of_roles(ctx.role_scopes, login->roles),
                                                   client->config->allowed_scopes);
  const auto now = ctx.clock().now();
  const auto session_id = ctx.random().token(32);
  const StaffSession session{login->identity.subject, client->id(), login->id_token, {}};
  if (auto s = ctx.ttl().put(storage::TtlKind::staff_session, storage::hash_token(session_id), session.to_json(),
                             ctx.cfg.nonfapi.refresh_token_lifetime);
      !s)
    return error_page(ctx, kRoute, req, s.error(), portal.client_id);
  const auto& id = login->identity;
  const StaffCode staff_code{portal, joined(scopes), {id.subject, id.name, id.preferred_username, id.email}, session_id,
                             oauth::to_unix_seconds(now)};
  const auto our_code = ctx.random().token(32);
  auto stored = ctx.ttl().put_if_absent(storage::TtlKind::staff_code, storage::hash_token(our_code), staff_code.to_json(),
                                        ctx.cfg.nonfapi.code_lifetime);
  if (!stored || !*stored)
    return error_page(ctx, kRoute, req, stored ? OAuthError(ErrorCode::server_error, "code collision") : stored.error(),
                      portal.client_id);
  (void)ctx.deps.audit->append({now, "staff.login", client->id(), id.subject, nlohmann::json{{"scope", joined(scopes)}}.dump()});
  log::info("staff_login", {{"client_id", client->id()}, {"sub", std::string_view(id.subject)},
                            {"scope", joined(scopes)}, {"request_id", std::string_view(req.request_id)}});
  http::ParamList answer{{"code", our_code}};
  if (!portal.state.empty()) answer.emplace_back("state", portal.state);
  answer.emplace_back("iss", ctx.issuer);  // RFC 9207
  auto res = see_other(http::append_params(portal.redirect_uri, http::UrlPart::query, answer));
  res.set("Set-Cookie", http::set_cookie(kSessionCookie, session_id, ctx.cfg.nonfapi.refresh_token_lifetime.count()));
  return res;
}

}  // namespace

http::Response handle_callback(const Context& ctx, const http::Request& req) {
  auto params = http::parse_query(req.query, {});
  if (!params) return error_page(ctx, kRoute, req, params.error());
  const auto state = params->get("state");
  if (!state || state->empty() || state->size() > 256)
    return error_page(ctx, kRoute, req, denied("the answer carries no state; please start again"));
  // F03: a state is used once; a replayed or forged one finds nothing.
  auto record = ctx.ttl().consume(storage::TtlKind::federation_state, storage::hash_token(*state));
  if (!record) return error_page(ctx, kRoute, req, record.error());
  if (!*record) return error_page(ctx, kRoute, req, denied("this login has expired or was already used; please start again"));
  const auto pending = PendingAtIdp::from_json(**record);
  if (!pending) return error_page(ctx, kRoute, req, OAuthError(ErrorCode::server_error, "unreadable login state"));
  if (pending->kind == PendingAtIdp::Kind::logout) return logout_done(*pending);
  if (!ctx.deps.idp) return error_page(ctx, kRoute, req, denied("federation is not configured"));
  return login_done(ctx, req, *pending, *params);
}

}  // namespace fapid::nonfapi
