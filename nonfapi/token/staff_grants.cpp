#include "nonfapi/token/staff_grants.hpp"

#include <nlohmann/json.hpp>

#include "log/logger.hpp"
#include "nonfapi/authorize/staff_records.hpp"
#include "nonfapi/token/staff_tokens.hpp"
#include "oauth/pkce.hpp"
#include "oauth/scope.hpp"
#include "storage/grant_id.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi {

namespace {

OAuthError invalid_grant(std::string detail) {
  return {ErrorCode::invalid_grant, "the grant is invalid, expired or already used", std::move(detail)};
}

bool wants_refresh(const oauth::RegisteredClient& client) {
  const auto& types = client.config->grant_types;
  return std::find(types.begin(), types.end(), "refresh_token") != types.end();
}

std::string claims_of(const StaffCode& code) {
  nlohmann::json c{{"auth_time", code.auth_time}, {"sid", code.session_id}};
  if (!code.profile.name.empty()) c["name"] = code.profile.name;
  if (!code.profile.preferred_username.empty()) c["preferred_username"] = code.profile.preferred_username;
  if (!code.profile.email.empty()) c["email"] = code.profile.email;
  return c.dump();
}

// Logout revokes what the session was given: the session lists its grants.
void remember_grant(const Context& ctx, const std::string& session_id, const std::string& grant_id) {
  const auto key = storage::hash_token(session_id);
  auto stored = ctx.ttl().get(storage::TtlKind::staff_session, key);
  if (!stored || !*stored) return;  // logged out already: its grants die when it is found gone
  auto session = StaffSession::from_json(**stored);
  if (!session) return;
  session->grant_ids.push_back(grant_id);
  if (auto put = ctx.ttl().put(storage::TtlKind::staff_session, key, session->to_json(), ctx.cfg.nonfapi.refresh_token_lifetime);
      !put)
    log::warn("staff_session_not_updated", {{"reason", std::string_view(put.error().detail)}});
}

}  // namespace

Result<http::Response> staff_code_grant(const Context& ctx, const oauth::RegisteredClient& client, const http::Params& form) {
  const auto code = form.get("code");
  if (!code || code->empty()) return OAuthError(ErrorCode::invalid_request, "code is required");
  const auto code_hash = storage::hash_token(*code);
  auto stored = ctx.ttl().get(storage::TtlKind::staff_code, code_hash);
  if (!stored) return stored.error();
  if (!*stored) {
    // RFC 6749 §4.1.2: a code seen again after redemption revokes what it issued.
    auto revoked = ctx.grants().revoke_grant_by_code(code_hash, ctx.clock().now());
    if (!revoked) return revoked.error();
    return invalid_grant(*revoked ? "code replayed: its grant is revoked" : "unknown or expired code");
  }
  const auto record = StaffCode::from_json(**stored);
  if (!record) return OAuthError(ErrorCode::server_error, "unreadable code record");
  // Checked before anything is written: a wrong request changes nothing.
  if (record->portal.client_id != client.id()) return invalid_grant("code issued to another client");
  if (form.get("redirect_uri") != std::optional<std::string_view>(record->portal.redirect_uri))
    return invalid_grant("redirect_uri differs from the authorization request");
  const auto verifier = form.get("code_verifier");
  if (!verifier || !oauth::verify_s256(*verifier, record->portal.code_challenge))
    return invalid_grant("code_verifier missing or not matching");

  const auto now = ctx.clock().now();
  auto access = mint_staff_access_token(ctx, client, record->profile.subject, record->scope);
  if (!access) return access.error();
  const StaffIdentityClaims identity{record->profile.subject, claims_of(*record)};
  storage::GrantRecord grant{storage::new_grant_id(now, ctx.random()), client.id(), identity.subject, record->scope, "", code_hash,
                             identity.claims_json, now, now + ctx.cfg.nonfapi.refresh_token_lifetime, std::nullopt};
  access->record.grant_id = grant.id;
  std::string refresh_token;
  std::optional<storage::RefreshTokenRecord> refresh;
  if (wants_refresh(client)) {
    refresh_token = ctx.random().token(32);
    refresh = storage::RefreshTokenRecord{storage::hash_token(refresh_token), grant.id, {}, now, grant.expires_at, std::nullopt};
  }
  std::string id_token;
  if (oauth::scope_contains(record->scope, "openid")) {
    auto minted = mint_staff_id_token(ctx, client, identity, record->portal.nonce, access->token);
    if (!minted) return minted.error();
    id_token = std::move(*minted);
  }
  // The grant row's unique code_hash is the durable single-use marker, written before the code leaves
  // the TTL store (as in the FAPI tree): a store outage is an error after which the code still works.
  auto created = ctx.grants().create_grant(grant, refresh, access->record);
  if (!created) return created.error();
  if (*created == storage::CreateOutcome::code_already_redeemed) {
    (void)ctx.grants().revoke_grant_by_code(code_hash, now);
    return invalid_grant("code replayed: its grant is revoked");
  }
  if (auto erased = ctx.ttl().erase(storage::TtlKind::staff_code, code_hash); !erased)
    log::warn("code_not_erased", {{"reason", std::string_view(erased.error().detail)}});
  remember_grant(ctx, record->session_id, grant.id);
  return staff_token_response(ctx, access->token, record->scope, refresh_token, id_token);
}

Result<http::Response> staff_refresh_grant(const Context& ctx, const oauth::RegisteredClient& client,
                                           const http::Params& form) {
  const auto presented = form.get("refresh_token");
  if (!presented || presented->empty()) return OAuthError(ErrorCode::invalid_request, "refresh_token is required");
  const auto old_hash = storage::hash_token(*presented);
  const auto now = ctx.clock().now();
  auto found = ctx.grants().find_refresh_token(old_hash, now);
  if (!found) return found.error();
  if (!*found) {
    // Rotated away already? Then this is a replay, and rotate_refresh_token revokes the family below.
    auto probe = ctx.grants().rotate_refresh_token(old_hash, {}, {}, now);
    if (!probe) return probe.error();
    return invalid_grant(*probe == storage::RotateOutcome::replayed ? "refresh token replayed: its grant is revoked"
                                                                    : "unknown, expired or revoked refresh token");
  }
  const auto& grant = (*found)->grant;
  if (grant.client_id != client.id()) return invalid_grant("refresh token of another client");
  std::string scope = grant.scope;
  if (const auto narrower = form.get("scope")) {
    if (!oauth::scope_subset(*narrower, grant.scope))
      return OAuthError(ErrorCode::invalid_scope, "the scope exceeds what was granted");
    scope = std::string(*narrower);
  }
  auto access = mint_staff_access_token(ctx, client, grant.subject, scope);
  if (!access) return access.error();
  access->record.grant_id = grant.id;
  // Rotation (RFC 9700 §4.14.2): the portal runs in a browser; a stolen refresh token works once at most.
  const auto next_token = ctx.random().token(32);
  storage::RefreshTokenRecord next{storage::hash_token(next_token), grant.id, {}, now, grant.expires_at, std::nullopt};
  auto rotated = ctx.grants().rotate_refresh_token(old_hash, next, access->record, now);
  if (!rotated) return rotated.error();
  if (*rotated != storage::RotateOutcome::rotated) return invalid_grant("refresh token used concurrently or revoked");
  std::string id_token;
  if (oauth::scope_contains(scope, "openid")) {
    auto minted = mint_staff_id_token(ctx, client, {grant.subject, grant.claims_json}, "", access->token);
    if (!minted) return minted.error();
    id_token = std::move(*minted);
  }
  return staff_token_response(ctx, access->token, scope, next_token, id_token);
}

}  // namespace fapid::nonfapi
