// RFC 6749 §4.4 (SPEC TK8): the client acts for itself, e.g. to create consents (scope `consents`).
#include <algorithm>

#include "fapi/token/grants.hpp"
#include "storage/grant_id.hpp"

namespace fapid::fapi {

namespace {

Result<http::Response> issue(const Context& ctx, const TokenRequest& req, std::optional<storage::SingleUseKey>& assertion_jti) {
  const auto& c = *req.client.config;
  std::string scope;
  if (const auto requested = req.form.get("scope"); requested && !requested->empty()) {
    std::string allowed;
    for (const auto& s : c.allowed_scopes)
      if (s != "openid") allowed += (allowed.empty() ? "" : " ") + s;
    // openid means a user; there is none here.
    if (!scope_subset(*requested, allowed)) return OAuthError(ErrorCode::invalid_scope, "scope not allowed for this client");
    scope = *requested;
  } else {
    for (const auto& s : c.allowed_scopes)
      if (s != "openid") scope += (scope.empty() ? "" : " ") + s;
  }
  auto cnf = bind_tokens(ctx, req, std::nullopt);
  if (!cnf) return cnf.error();
  if (c.access_token_format == config::AccessTokenFormat::jwt) {
    // Self-contained (oauth/self_contained_token.hpp): no row to take the assertion's jti with, so it is
    // taken before the signature (authentication does so already for such a client), and a replay costs none.
    if (auto taken = ctx.authenticator.take_jti(assertion_jti); !taken) return taken.error();
    auto access = issue_access_token(ctx, req.client, {"", scope, "", *cnf, true});
    if (!access) return access.error();
    return token_response(ctx, {access->token, !cnf->jkt.empty(), scope, "", ""});
  }
  auto access = issue_access_token(ctx, req.client, {"", scope, "", *cnf});
  if (!access) return access.error();
  const auto now = ctx.clock().now();
  storage::GrantRecord grant{storage::new_grant_id(now, ctx.random()), req.client.id(), "", scope, "", "", "{}", now,
                             now + ctx.cfg.fapi.access_token_lifetime, std::nullopt};
  access->record.grant_id = grant.id;
  if (assertion_jti) {
    auto created = ctx.grants().create_grant_once(ctx.ttl(), *assertion_jti, grant, std::nullopt, access->record);
    assertion_jti.reset();  // taken, or left free by a failed write: not to be taken again either way
    if (!created) return created.error();
    // T05: another request took this jti since authentication looked.
    if (*created == storage::CreateOutcome::key_already_used) return invalid_client("assertion jti replayed");
  } else if (auto created = ctx.grants().create_grant(grant, std::nullopt, access->record); !created) {
    return created.error();
  }
  return token_response(ctx, {access->token, !cnf->jkt.empty(), scope, "", ""});
}

}  // namespace

Result<http::Response> client_credentials_grant(const Context& ctx, const TokenRequest& req,
                                                std::optional<storage::SingleUseKey> assertion_jti) {
  auto response = issue(ctx, req, assertion_jti);
  // Refused before its write: the assertion is used up all the same, as on any other endpoint, and a
  // replay is reported as such rather than as the refusal.
  if (!response && assertion_jti) {
    if (auto taken = ctx.authenticator.take_jti(assertion_jti); !taken) return taken.error();
  }
  return response;
}

}  // namespace fapid::fapi
