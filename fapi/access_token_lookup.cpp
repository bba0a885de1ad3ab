#include "fapi/access_token_lookup.hpp"

#include "storage/token_hash.hpp"

namespace fapid::fapi {

Result<std::optional<LiveAccessToken>> find_live_access_token(const Context& ctx, std::string_view token,
                                                              std::string* why) {
  const auto now = ctx.clock().now();
  auto rules = ctx.self_contained;
  rules.now = now;
  auto self_contained = oauth::read_self_contained_token(token, rules);
  if (!self_contained) {
    if (why) *why = self_contained.error().detail;
    return std::optional<LiveAccessToken>{};
  }
  if (auto& t = *self_contained) {
    auto revoked = ctx.grants().self_contained_token_revoked(t->jti, now);
    if (!revoked) return revoked.error();
    if (*revoked) {
      if (why) *why = "self-contained token revoked";
      return std::optional<LiveAccessToken>{};
    }
    storage::AccessTokenRecord record{"", "", t->client_id, t->scope, t->cnf, t->issued_at, t->expires_at, std::nullopt};
    storage::GrantRecord grant{"", t->client_id, "", t->scope, "", "", "{}", t->issued_at, t->expires_at, std::nullopt};
    return std::optional<LiveAccessToken>{LiveAccessToken{{std::move(record), std::move(grant)}, std::move(t->jti)}};
  }
  auto found = ctx.grants().find_access_token(storage::hash_token(token), now);
  if (!found) return found.error();
  if (!*found) {
    if (why) *why = "unknown, expired or revoked token";
    return std::optional<LiveAccessToken>{};
  }
  return std::optional<LiveAccessToken>{LiveAccessToken{std::move(**found), ""}};
}

}  // namespace fapid::fapi
