#include "nonfapi/logout/end_session_endpoint.hpp"

#include <algorithm>

#include "http/cookies.hpp"
#include "http/form.hpp"
#include "http/html.hpp"
#include "http/url_builder.hpp"
#include "jose/jws_verify.hpp"
#include "log/logger.hpp"
#include "nonfapi/authorize/portal_redirect.hpp"
#include "nonfapi/authorize/staff_records.hpp"
#include "oauth/jwt_claims.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi {

namespace {

constexpr std::string_view kRoute = "/auth-nonfapi/session/end";
constexpr std::size_t kMaxStateBytes = 512;

OAuthError invalid_request(std::string description, std::string detail = {}) {
  return {ErrorCode::invalid_request, std::move(description), std::move(detail)};
}

struct Hint {
  std::string client_id;  // its aud
  std::string session_id;  // its sid
};

// L3: an ID token this issuer signed (an expired one is fine: it only names the session); a forged,
// alg=none or foreign one ends nothing.
Result<Hint> read_hint(const Context& ctx, std::string_view hint) {
  auto keys = jose::PublicKeySet::from_jwks_json(ctx.keys().public_jwks_json());
  if (!keys) return keys.error();
  auto verified = jose::verify_jws(hint, *keys, {ctx.keys().signing_algs()});
  if (!verified) return invalid_request("the id_token_hint is not an ID token of this issuer", verified.error().detail);
  const auto claims = oauth::JwtClaims::parse(verified->payload);
  if (!claims || claims->string("iss") != ctx.issuer) return invalid_request("the id_token_hint is not an ID token of this issuer");
  auto aud = claims->string("aud");
  if (!aud) return invalid_request("the id_token_hint names no client");
  return Hint{std::move(*aud), claims->string("sid").value_or("")};
}

// Revokes what the session was given and forgets it; returns the IdP's ID token for its logout.
std::string end_session(const Context& ctx, const std::string& session_id, const std::string& expected_client) {
  if (session_id.empty()) return {};
  const auto key = storage::hash_token(session_id);
  auto stored = ctx.ttl().get(storage::TtlKind::staff_session, key);
  if (!stored || !*stored) return {};
  const auto session = StaffSession::from_json(**stored);
  // A hint of one client never ends another client's session.
  if (!session || (!expected_client.empty() && session->client_id != expected_client)) return {};
  if (auto gone = ctx.ttl().consume(storage::TtlKind::staff_session, key); !gone || !*gone) return {};  // ended meanwhile
  const auto now = ctx.clock().now();
  for (const auto& grant : session->grant_ids)
    if (auto r = ctx.grants().revoke_grant(grant, now); !r)
      log::error("staff_logout_revoke_failed", {{"reason", std::string_view(r.error().detail)}});
  (void)ctx.deps.audit->append({now, "staff.logout", session->client_id, session->subject, "{}"});
  log::info("staff_logout", {{"client_id", std::string_view(session->client_id)}, {"sub", std::string_view(session->subject)}});
  return session->idp_id_token;
}

}  // namespace

http::Response handle_end_session(const Context& ctx, const http::Request& req) {
  auto params = req.method == http::Method::post ? http::parse_form(req.body, {}) : http::parse_query(req.query, {});
  if (!params) return error_page(ctx, kRoute, req, params.error());
  const std::string state(params->get("state").value_or(""));
  if (state.size() > kMaxStateBytes) return error_page(ctx, kRoute, req, invalid_request("state too long"));

  Hint hint;
  if (const auto text = params->get("id_token_hint")) {
    auto read = read_hint(ctx, *text);
    if (!read) return error_page(ctx, kRoute, req, read.error());
    hint = std::move(*read);
  }
  std::string client_id(params->get("client_id").value_or(""));
  if (!client_id.empty() && !hint.client_id.empty() && client_id != hint.client_id)
    return error_page(ctx, kRoute, req, invalid_request("client_id differs from the id_token_hint's audience"));
  if (client_id.empty()) client_id = hint.client_id;
  const auto* client = client_id.empty() ? nullptr : ctx.client(client_id);
  if (!client_id.empty() && !client) return error_page(ctx, kRoute, req, invalid_request("unknown client"));

  // L2: a return address only when a client vouches for it, and only one it registered exactly.
  std::string return_to(params->get("post_logout_redirect_uri").value_or(""));
  if (!return_to.empty()) {
    const auto& registered = client ? client->config->post_logout_redirect_uris : std::vector<std::string>{};
    if (!client || std::find(registered.begin(), registered.end(), return_to) == registered.end())
      return error_page(ctx, kRoute, req, invalid_request("post_logout_redirect_uri is not registered for this client"),
                        client_id);
  }

  const auto session_id = !hint.session_id.empty() ? hint.session_id : http::cookie_value(req, kSessionCookie);
  const auto idp_id_token = end_session(ctx, session_id, hint.client_id);

  http::Response res;
  std::string idp_logout;
  if (!idp_id_token.empty() && ctx.deps.idp) {
    PendingAtIdp pending;
    pending.kind = PendingAtIdp::Kind::logout;
    pending.post_logout_redirect_uri = return_to;
    pending.logout_state = state;
    const auto logout_state = ctx.random().token(32);
    auto url = ctx.deps.idp->end_session_url(idp_id_token, ctx.callback_url, logout_state);
    auto stored = url && !url->empty()
                      ? ctx.ttl().put_if_absent(storage::TtlKind::federation_state, storage::hash_token(logout_state),
                                                pending.to_json(), ctx.cfg.nonfapi.login_lifetime)
                      : Result<bool>(false);
    // Our session is over either way; an IdP that cannot be reached keeps its own until it expires.
    if (url && stored && *stored) idp_logout = *url;
    else log::warn("staff_logout_idp_skipped", {{"reason", url ? std::string_view("no end_session_endpoint") : std::string_view(url.error().detail)}});
  }
  if (!idp_logout.empty()) {
    res = see_other(idp_logout);
  } else if (!return_to.empty()) {
    res = see_other(state.empty() ? return_to : http::append_params(return_to, http::UrlPart::query, {{"state", state}}));
  } else {
    res = http::html_page(200, "Signed out", "You are signed out of the back office.");
  }
  res.set("Set-Cookie", http::set_cookie(kSessionCookie, "", 0));
  return res;
}

}  // namespace fapid::nonfapi
