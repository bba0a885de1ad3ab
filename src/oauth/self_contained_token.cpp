#include "oauth/self_contained_token.hpp"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "jose/jws_verify.hpp"
#include "jose/strict_json.hpp"
#include "oauth/jwt_claims.hpp"

namespace fapid::oauth {

namespace {

// A compact JWS has exactly two dots; an opaque token (base64url) has none and costs no parsing.
bool looks_like_jws(std::string_view token) { return std::count(token.begin(), token.end(), '.') == 2; }

OAuthError refused(std::string detail) {
  return OAuthError(ErrorCode::invalid_token, "the access token is invalid", std::move(detail)).with_status(401);
}

std::optional<storage::Confirmation> confirmation(const nlohmann::json& claims) {
  const auto it = claims.find("cnf");
  if (it == claims.end()) return storage::Confirmation{};
  if (!it->is_object()) return std::nullopt;
  storage::Confirmation cnf;
  for (const auto& [name, field] : {std::pair{"x5t#S256", &cnf.x5t_s256}, std::pair{"jkt", &cnf.jkt}}) {
    const auto member = it->find(name);
    if (member == it->end()) continue;
    if (!member->is_string() || member->get_ref<const std::string&>().empty()) return std::nullopt;
    *field = member->get<std::string>();
  }
  return cnf;
}

// A NumericDate as a time point, if the clock can hold it: numeric_date() allows ±10^12 s, and a
// system_clock of nanoseconds ends in 2262 (past that, the conversion would overflow).
std::optional<storage::TimePoint> time_point(std::optional<std::int64_t> seconds) {
  using std::chrono::duration_cast;
  constexpr auto kMax = duration_cast<std::chrono::seconds>(storage::TimePoint::max().time_since_epoch()).count();
  constexpr auto kMin = duration_cast<std::chrono::seconds>(storage::TimePoint::min().time_since_epoch()).count();
  if (!seconds || *seconds >= kMax || *seconds <= kMin) return std::nullopt;
  return storage::TimePoint{std::chrono::seconds{*seconds}};
}

}  // namespace

Result<std::optional<SelfContainedToken>> read_self_contained_token(std::string_view token, const SelfContainedRules& rules) {
  if (!looks_like_jws(token) || rules.own_keys == nullptr) return std::optional<SelfContainedToken>{};
  auto jws = jose::verify_jws(token, *rules.own_keys, {rules.algs, jose::kDefaultMaxJwsBytes});
  if (!jws) return std::optional<SelfContainedToken>{};  // not signed here: a row decides, if there is one
  auto claims = JwtClaims::parse(jws->payload);
  if (!claims || claims->string("gty") != kSelfContainedGrantType) return std::optional<SelfContainedToken>{};

  // From here the server signed this as self-contained: whatever is wrong is final.
  const auto header = jose::parse_strict_json(jws->header_json);
  if (!header || header->value("typ", "") != "at+jwt") return refused("self-contained token: typ is not at+jwt");
  if (claims->string("iss") != rules.issuer) return refused("self-contained token: issued by another tree");
  if (!claims->audience_is_one_of({rules.issuer}, false)) return refused("self-contained token: addressed elsewhere");
  if (auto problem = check_exp(*claims, {rules.now, std::chrono::seconds{0}})) return refused("self-contained token: " + *problem);
  SelfContainedToken t;
  auto jti = claims->string("jti");
  auto client_id = claims->string("client_id");
  auto subject = claims->string("sub");
  auto scope = claims->string("scope");
  const auto iat = time_point(claims->numeric_date("iat"));
  const auto exp = time_point(claims->numeric_date("exp"));
  auto cnf = confirmation(claims->json());
  if (!jti || jti->empty() || !client_id || client_id->empty() || !subject || !scope || !iat || !exp || !cnf)
    return refused("self-contained token: a claim is missing or malformed");
  t.jti = std::move(*jti);
  t.client_id = std::move(*client_id);
  t.subject = std::move(*subject);
  t.scope = std::move(*scope);
  t.cnf = std::move(*cnf);
  t.issued_at = *iat;
  t.expires_at = *exp;
  return std::optional<SelfContainedToken>{std::move(t)};
}

}  // namespace fapid::oauth
