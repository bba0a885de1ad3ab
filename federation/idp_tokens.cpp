#include "federation/idp_tokens.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "jose/base64url.hpp"
#include "jose/jws_verify.hpp"
#include "jose/strict_json.hpp"
#include "oauth/jwt_claims.hpp"

namespace fapid::federation {

namespace {

OAuthError refused(std::string detail) {
  return {ErrorCode::access_denied, "the identity provider's answer could not be accepted", std::move(detail)};
}

bool equal_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Printable, bounded text: what reaches our ID tokens, pages and logs from another organisation.
bool plain_text(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string profile_claim(const oauth::JwtClaims& c, std::string_view name) {
  auto v = c.string(name);
  return v && plain_text(*v, kMaxProfileClaimBytes) ? *v : std::string();
}

Result<jose::VerifiedJws> verify(std::string_view token, const jose::PublicKeySet& keys, const IdpExpectations& e,
                                 const char* what) {
  auto verified = jose::verify_jws(token, keys, {e.algs, kMaxIdpTokenBytes});
  if (verified) return verified;
  const auto& err = verified.error();
  if (err.description == jose::kNoMatchingKey)
    return refused(std::string(kUnknownKeyDetail) + " (" + what + "): " + err.detail);
  return refused(std::string(what) + ": " + err.description + ": " + err.detail);
}

// RFC 8725 §3.11: an access token must not pass as an ID token.
bool typed_as_access_token(const std::string& header_json) {
  const auto header = jose::parse_strict_json(header_json);
  if (!header || !header->contains("typ") || !(*header)["typ"].is_string()) return false;
  std::string typ = (*header)["typ"].get<std::string>();
  for (auto& ch : typ) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return typ == "at+jwt" || typ == "application/at+jwt";
}

// The values of the role claim: a string or an array of strings, at a dotted path of objects. Values that
// are not plain bounded text are skipped; more than kMaxRoles are not read.
std::vector<std::string> roles_of(const nlohmann::json& claims, std::string_view path) {
  std::vector<std::string> out;
  if (path.empty()) return out;
  const nlohmann::json* at = &claims;
  for (std::size_t start = 0; start <= path.size();) {
    const auto end = std::min(path.find('.', start), path.size());
    const auto it = at->is_object() ? at->find(std::string(path.substr(start, end - start))) : at->end();
    if (!at->is_object() || it == at->end()) return out;
    at = &*it;
    start = end + 1;
  }
  auto take = [&out](const nlohmann::json& v) {
    if (v.is_string() && out.size() < kMaxRoles && plain_text(v.get_ref<const std::string&>(), kMaxProfileClaimBytes))
      out.push_back(v.get<std::string>());
  };
  if (at->is_array())
    for (const auto& v : *at) take(v);
  else
    take(*at);
  return out;
}

std::optional<std::string> check_times(const oauth::JwtClaims& c, const IdpExpectations& e, bool iat_required) {
  const oauth::TimeRules rules{e.now, e.max_skew};
  if (auto p = oauth::check_exp(c, rules)) return p;
  if (auto p = oauth::check_not_in_future(c, "iat", iat_required, rules)) return p;
  if (const auto iat = c.numeric_date("iat"); iat && *iat < oauth::to_unix_seconds(e.now - e.max_age))
    return "iat older than " + std::to_string(e.max_age.count()) + " s";
  return std::nullopt;
}

}  // namespace

Result<StaffIdentity> check_id_token(std::string_view id_token, const jose::PublicKeySet& keys,
                                     const IdpExpectations& expected, std::string_view nonce) {
  auto verified = verify(id_token, keys, expected, "id_token");
  if (!verified) return verified.error();
  if (typed_as_access_token(verified->header_json)) return refused("id_token: typ is an access token's");
  const auto claims = oauth::JwtClaims::parse(verified->payload);
  if (!claims) return refused("id_token: claims are not a JSON object");
  // F01: the discovered issuer, exactly.
  if (claims->string("iss") != expected.issuer) return refused("id_token: iss is not the IdP's issuer");
  // F02 (OIDC Core §3.1.3.7 items 3-5): we are the one audience; azp, when present, is us.
  const auto& json = claims->json();
  const auto aud = json.find("aud");
  const bool sole_audience = aud != json.end() && (aud->is_string() || (aud->is_array() && aud->size() == 1)) &&
                             claims->audience_is_one_of({expected.client_id}, true);
  if (!sole_audience) return refused("id_token: aud is not our client id alone");
  if (claims->has("azp") && claims->string("azp") != expected.client_id) return refused("id_token: azp is not our client id");
  if (auto problem = check_times(*claims, expected, true)) return refused("id_token: " + *problem);
  // F03: the nonce of this login, compared in constant time.
  const auto got_nonce = claims->string("nonce");
  if (!got_nonce || nonce.empty() || !equal_secret(*got_nonce, nonce)) return refused("id_token: nonce missing or mismatched");
  const auto sub = claims->string("sub");
  if (!sub || !plain_text(*sub, kMaxSubjectBytes)) return refused("id_token: sub missing or malformed");
  return StaffIdentity{expected.issuer,
                       *sub,
                       profile_claim(*claims, "name"),
                       profile_claim(*claims, "preferred_username"),
                       profile_claim(*claims, "email"),
                       roles_of(claims->json(), expected.role_claim)};
}

Result<std::optional<AccessTokenFacts>> check_access_token(std::string_view access_token, const jose::PublicKeySet& keys,
                                                           const IdpExpectations& expected, std::string_view subject) {
  // A compact JWS has three segments and a header that decodes to a JSON object; anything else is opaque.
  const auto first_dot = access_token.find('.');
  const bool three_segments = first_dot != std::string_view::npos &&
                              access_token.find('.', first_dot + 1) != std::string_view::npos &&
                              access_token.find('.', access_token.find('.', first_dot + 1) + 1) == std::string_view::npos;
  if (!three_segments) return std::nullopt;
  const auto header = jose::base64url_decode(access_token.substr(0, first_dot));
  if (!header) return std::nullopt;
  if (const auto h = jose::parse_strict_json(*header); !h || !h->is_object()) return std::nullopt;

  auto verified = verify(access_token, keys, expected, "access_token");
  if (!verified) return verified.error();
  const auto claims = oauth::JwtClaims::parse(verified->payload);
  if (!claims) return refused("access_token: claims are not a JSON object");
  if (claims->string("iss") != expected.issuer) return refused("access_token: iss is not the IdP's issuer");
  if (auto problem = check_times(*claims, expected, false)) return refused("access_token: " + *problem);
  // Issued to us: Keycloak names the client in azp, RFC 9068 in client_id; whichever is present must be us.
  const bool has_azp = claims->has("azp"), has_client_id = claims->has("client_id");
  if (!has_azp && !has_client_id) return refused("access_token: names no client (azp or client_id)");
  if ((has_azp && claims->string("azp") != expected.client_id) ||
      (has_client_id && claims->string("client_id") != expected.client_id))
    return refused("access_token: issued to another client");
  if (claims->has("sub") && claims->string("sub") != subject) return refused("access_token: sub differs from the ID token's");
  AccessTokenFacts facts;
  if (claims->has("scope")) {
    facts.scope = claims->string("scope");
    if (!facts.scope) return refused("access_token: scope is not a string");
  }
  facts.roles = roles_of(claims->json(), expected.role_claim);
  return facts;
}

}  // namespace fapid::federation
