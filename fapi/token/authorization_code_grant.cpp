// RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6) and the code bindings of SPEC TK1-TK5, TK9.
#include <nlohmann/json.hpp>

#include "fapi/code_record.hpp"
#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/token/grants.hpp"
#include "log/logger.hpp"
#include "oauth/pkce.hpp"
#include "storage/grant_id.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

OAuthError invalid_grant(std::string detail) {
  return {ErrorCode::invalid_grant, "the authorization code is invalid, expired or already used", std::move(detail)};
}

// TK1: a code seen again after redemption revokes what it issued (RFC 6749 §4.1.2).
OAuthError replayed(const Context& ctx, const TokenRequest& req, const std::string& code_hash) {
  auto revoked = ctx.grants().revoke_grant_by_code(code_hash, ctx.clock().now());
  if (!revoked) return revoked.error();
  if (*revoked) {
    log::warn("code_replayed", {{"client_id", std::string_view(req.client.id())}, {"request_id", std::string_view(req.http.request_id)}});
    (void)ctx.deps.audit->append({ctx.clock().now(), "code.replayed", req.client.id(), "", "{}"});
  }
  return invalid_grant(*revoked ? "code replayed: its grant is revoked" : "unknown or expired code");
}

}  // namespace

Result<http::Response> authorization_code_grant(const Context& ctx, const TokenRequest& req) {
  const auto code = req.form.get("code");
  if (!code || code->empty()) return OAuthError(ErrorCode::invalid_request, "code is required");
  const auto code_hash = storage::hash_token(*code);
  auto stored = ctx.ttl().get(storage::TtlKind::authorization_code, code_hash);
  if (!stored) return stored.error();
  if (!*stored) return replayed(ctx, req, code_hash);
  auto record = CodeRecord::from_json(**stored);
  if (!record) return OAuthError(ErrorCode::server_error, "unreadable code record");
  const auto& request = record->request;

  // Checked before anything is written: a wrong request changes nothing.
  if (request.client_id != req.client.id()) return invalid_grant("code issued to another client");  // TK3, T04
  if (req.form.get("redirect_uri") != std::optional<std::string_view>(request.redirect_uri))
    return invalid_grant("redirect_uri differs from the authorization request");  // T04
  const auto verifier = req.form.get("code_verifier");
  if (!verifier) return invalid_grant("code_verifier missing");  // TK4
  if (!oauth::verify_s256(*verifier, request.code_challenge)) return invalid_grant("code_verifier does not match");
  auto cnf = bind_tokens(ctx, req, request.dpop_jkt.empty() ? std::nullopt : std::optional<std::string>(request.dpop_jkt));
  if (!cnf) return cnf.error();

  const auto now = ctx.clock().now();
  auto grant_expiry = now + ctx.cfg.fapi.refresh_token_lifetime;
  const auto consent_id = consent_id_in_scope(request.scope);
  if (!consent_id.empty()) {
    // The customer approved this consent when the code was issued; it must still be AUTHORISED (RT4).
    auto consent = load_consent(ctx, consent_id);
    if (!consent) return consent.error();
    if (!*consent || (*consent)->status != storage::ConsentStatus::authorised || (*consent)->client_id != req.client.id())
      return invalid_grant("the code's consent is no longer authorised");
    // RT3: the refresh token lives at least as long as the consent.
    grant_expiry = std::max(grant_expiry, consent_tokens_until(**consent, now));
  }
  auto access = issue_access_token(ctx, req.client, {record->user.subject, request.scope, consent_id, *cnf});
  if (!access) return access.error();
  storage::GrantRecord grant{storage::new_grant_id(now, ctx.random()), req.client.id(), record->user.subject, request.scope, consent_id, code_hash,
                             nlohmann::json{{"id_token", nlohmann::json::parse(record->claims.id_token)},
                                            {"userinfo", nlohmann::json::parse(record->claims.userinfo)}}
                                 .dump(),
                             now, grant_expiry, std::nullopt};
  access->record.grant_id = grant.id;
  std::string refresh_token;
  std::optional<storage::RefreshTokenRecord> refresh;
  const auto& grant_types = req.client.config->grant_types;
  if (std::find(grant_types.begin(), grant_types.end(), "refresh_token") != grant_types.end()) {
    refresh_token = ctx.random().token(32);
    refresh = storage::RefreshTokenRecord{storage::hash_token(refresh_token), grant.id, *cnf, now, grant_expiry, std::nullopt};
  }
  std::string id_token;
  if (scope_contains(request.scope, "openid")) {
    auto minted = issue_id_token(ctx, req.client, record->user.subject, request.nonce, record->claims.id_token, access->token);
    if (!minted) return minted.error();
    id_token = std::move(*minted);
  }
  // TK1, T02: the durable grant row is the single-use marker: its code_hash is unique, so of concurrent
  // redemptions exactly one is created, and a replay the TTL store forgot (R02: a Redis restart or flush)
  // is still caught. Written before the code leaves the TTL store, so a store outage (503) leaves the code
  // redeemable once the store is back (DESIGN.md: an error, never a lost grant).
  auto created = ctx.grants().create_grant(grant, refresh, access->record);
  if (!created) return created.error();
  if (*created == storage::CreateOutcome::code_already_redeemed) return replayed(ctx, req, code_hash);
  if (auto erased = ctx.ttl().erase(storage::TtlKind::authorization_code, code_hash); !erased)
    log::warn("code_not_erased", {{"reason", std::string_view(erased.error().detail)}});  // the durable marker still holds
  return token_response(ctx, {access->token, !cnf->jkt.empty(), request.scope, refresh_token, id_token});
}

}  // namespace fapid::fapi
