#include "nonfapi/staff_token.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include "oauth/scope.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi {

OAuthError invalid_token(std::string detail) {
  return OAuthError(ErrorCode::invalid_token, "the access token is invalid", std::move(detail)).with_status(401);
}

Result<StaffToken> authenticate_staff(const Context& ctx, const http::Request& req, std::string_view required_scope) {
  const auto header = req.header("authorization");
  if (!header) return invalid_token("no Authorization header");
  const auto sp = header->find(' ');
  if (sp == std::string_view::npos || !boost::algorithm::iequals(header->substr(0, sp), "bearer"))
    return invalid_token("not a Bearer token");
  auto token = header->substr(sp + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty() || token.size() > 16 * 1024) return invalid_token("empty or oversized token");
  auto found = ctx.grants().find_access_token(storage::hash_token(token), ctx.clock().now());
  if (!found) return found.error();
  if (!*found) return invalid_token("unknown, expired or revoked token");
  // A FAPI client's token (a TPP's) never opens the institution's back office.
  if (!ctx.client((*found)->token.client_id)) return invalid_token("token of a client outside this tree");
  if (!oauth::scope_contains((*found)->token.scope, required_scope))
    return OAuthError(ErrorCode::insufficient_scope, "the access token lacks the scope this needs",
                      "needs " + std::string(required_scope))
        .with_status(403);
  return StaffToken{(*found)->grant.subject, (*found)->token.client_id, (*found)->token.scope, (*found)->grant.claims_json};
}

}  // namespace fapid::nonfapi
