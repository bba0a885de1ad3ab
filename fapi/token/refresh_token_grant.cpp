// RFC 6749 §6 without rotation (SPEC RT1: FAPI 2 and Open Finance Brasil keep the refresh token), bound to
// the client and to its certificate or DPoP key (S5, RT2, T11, T12).
#include <nlohmann/json.hpp>

#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/token/grants.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

OAuthError invalid_grant(std::string detail) {
  return {ErrorCode::invalid_grant, "the refresh token is invalid, expired or revoked", std::move(detail)};
}

}  // namespace

Result<http::Response> refresh_token_grant(const Context& ctx, const TokenRequest& req) {
  const auto token = req.form.get("refresh_token");
  if (!token || token->empty()) return OAuthError(ErrorCode::invalid_request, "refresh_token is required");
  const auto token_hash = storage::hash_token(*token);
  auto found = ctx.grants().find_refresh_token(token_hash, ctx.clock().now());
  if (!found) return found.error();
  if (!*found) return invalid_grant("unknown, expired or revoked refresh token");
  const auto& [stored, grant] = **found;
  if (grant.client_id != req.client.id()) return invalid_grant("refresh token of another client");  // T12
  // S5, T11: the same certificate, or a proof by the same key.
  const auto expected_jkt = stored.cnf.jkt.empty() ? std::nullopt : std::optional<std::string>(stored.cnf.jkt);
  auto cnf = bind_tokens(ctx, req, expected_jkt);
  if (!cnf) return cnf.error();
  if (!stored.cnf.x5t_s256.empty() && cnf->x5t_s256 != stored.cnf.x5t_s256)
    return invalid_grant("refresh token bound to another certificate");
  // RT4: tokens only while the consent is AUTHORISED.
  auto live = consent_allows_tokens(ctx, grant);
  if (!live) return live.error();
  if (!*live) return invalid_grant("the grant's consent is no longer authorised");

  std::string scope = grant.scope;
  if (const auto requested = req.form.get("scope"); requested && !requested->empty()) {
    if (!scope_subset(*requested, grant.scope))
      return OAuthError(ErrorCode::invalid_scope, "scope exceeds what was granted");  // RFC 6749 §6
    scope = *requested;
  }
  auto access = issue_access_token(ctx, req.client, {grant.subject, scope, grant.consent_id, *cnf});
  if (!access) return access.error();
  access->record.grant_id = grant.id;
  std::string id_token;
  if (scope_contains(scope, "openid")) {
    // RT5: the same subject and granted claims as the first ID token.
    const auto claims = nlohmann::json::parse(grant.claims_json, nullptr, false);
    const auto id_claims = claims.is_object() && claims.contains("id_token") ? claims["id_token"].dump() : std::string("{}");
    auto minted = issue_id_token(ctx, req.client, grant.subject, "", id_claims, access->token);
    if (!minted) return minted.error();
    id_token = std::move(*minted);
  }
  auto added = ctx.grants().add_access_token(token_hash, access->record, ctx.clock().now());
  if (!added) return added.error();
  if (!*added) return invalid_grant("refresh token revoked meanwhile");
  // RT1: the response repeats the refresh token unchanged.
  return token_response(ctx, {access->token, !cnf->jkt.empty(), scope, std::string(*token), id_token});
}

}  // namespace fapid::fapi
