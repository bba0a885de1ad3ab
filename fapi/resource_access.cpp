#include "fapi/resource_access.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include "fapi/access_token_lookup.hpp"
#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/holder_of_key.hpp"

namespace fapid::fapi {

namespace {

struct Presented {
  std::string scheme;  // "Bearer" or "DPoP", as the token demands (S6: compared case-insensitively)
  std::string token;
};

Result<Presented> read_authorization(const http::Request& req) {
  const auto header = req.header("authorization");
  if (!header) return invalid_token("no Authorization header");
  const auto sp = header->find(' ');
  if (sp == std::string_view::npos) return invalid_token("malformed Authorization header");
  const auto scheme = header->substr(0, sp);
  auto token = header->substr(sp + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) return invalid_token("empty token");
  if (boost::algorithm::iequals(scheme, "bearer")) return Presented{"Bearer", std::string(token)};
  if (boost::algorithm::iequals(scheme, "dpop")) return Presented{"DPoP", std::string(token)};
  return invalid_token("unsupported authorization scheme");
}

}  // namespace

OAuthError invalid_token(std::string detail) {
  return OAuthError(ErrorCode::invalid_token, "the access token is invalid", std::move(detail)).with_status(401);
}

Result<storage::AccessTokenView> authenticate_access_token(const Context& ctx, const http::Request& req,
                                                            const std::string& url) {
  auto presented = read_authorization(req);
  if (!presented) return presented.error();
  std::string why;
  auto found = find_live_access_token(ctx, presented->token, &why);
  if (!found) return found.error();
  if (!*found) return invalid_token(std::move(why));
  const auto& token = (*found)->view.token;
  if (!token.cnf.jkt.empty()) {
    if (presented->scheme != "DPoP") return invalid_token("DPoP-bound token presented as Bearer");  // S6
    auto proof = check_dpop_proof(ctx, req, {url, presented->token, token.cnf.jkt, ctx.cfg.fapi.require_dpop_nonce});
    if (!proof) return proof.error();
  } else {
    if (presented->scheme != "Bearer") return invalid_token("token is not DPoP-bound");
    // S2: the certificate of this connection must be the one the token is bound to.
    if (token.cnf.x5t_s256.empty() || certificate_confirmation(req.peer).x5t_s256 != token.cnf.x5t_s256)
      return invalid_token("token bound to another certificate");
  }
  auto live = consent_allows_tokens(ctx, (*found)->view.grant);
  if (!live) return live.error();
  if (!*live) return invalid_token("the token's consent is no longer authorised");
  return std::move((*found)->view);
}

}  // namespace fapid::fapi
