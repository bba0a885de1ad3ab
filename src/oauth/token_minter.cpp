#include "oauth/token_minter.hpp"

#include <nlohmann/json.hpp>
#include <openssl/sha.h>

#include "jose/base64url.hpp"
#include "oauth/jwt_claims.hpp"
#include "oauth/self_contained_token.hpp"

namespace fapid::oauth {

namespace {

constexpr std::size_t kOpaqueTokenBytes = 32;

nlohmann::json confirmation(const storage::Confirmation& cnf) {
  nlohmann::json c = nlohmann::json::object();
  if (!cnf.x5t_s256.empty()) c["x5t#S256"] = cnf.x5t_s256;  // RFC 8705 §3.1
  if (!cnf.jkt.empty()) c["jkt"] = cnf.jkt;                  // RFC 9449 §6.1
  return c;
}

}  // namespace

std::string half_hash(std::string_view value) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest);
  return jose::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH / 2));
}

Result<std::string> mint_access_token(const jose::KeyStore& keys, jose::Alg alg, const AccessTokenSpec& spec,
                                      storage::Random& random) {
  if (spec.format == config::AccessTokenFormat::opaque) return random.token(kOpaqueTokenBytes);
  const auto iat = to_unix_seconds(spec.now);
  nlohmann::json claims{{"iss", spec.issuer},       {"sub", spec.subject}, {"aud", spec.audience},
                        {"client_id", spec.client_id}, {"iat", iat},     {"exp", iat + spec.lifetime.count()},
                        {"jti", random.token(16)},  {"scope", spec.scope}};
  if (auto cnf = confirmation(spec.cnf); !cnf.empty()) claims["cnf"] = std::move(cnf);
  if (!spec.consent_id.empty()) claims["consent_id"] = spec.consent_id;
  if (spec.self_contained) claims["gty"] = kSelfContainedGrantType;
  return keys.sign(alg, claims.dump(), "at+jwt");  // RFC 9068 §2.1
}

Result<std::string> mint_id_token(const jose::KeyStore& keys, jose::Alg alg, const IdTokenSpec& spec) {
  nlohmann::json claims = nlohmann::json::object();
  if (!spec.claims_json.empty()) {
    auto extra = nlohmann::json::parse(spec.claims_json, nullptr, false);
    if (extra.is_object()) claims = std::move(extra);
  }
  const auto iat = to_unix_seconds(spec.now);
  claims["iss"] = spec.issuer;
  claims["sub"] = spec.subject;
  claims["aud"] = spec.audience;
  claims["iat"] = iat;
  claims["exp"] = iat + spec.lifetime.count();
  if (!spec.nonce.empty()) claims["nonce"] = spec.nonce;
  if (!spec.c_hash.empty()) claims["c_hash"] = spec.c_hash;
  if (!spec.s_hash.empty()) claims["s_hash"] = spec.s_hash;
  if (!spec.at_hash.empty()) claims["at_hash"] = spec.at_hash;
  return keys.sign(alg, claims.dump(), "JWT");
}

}  // namespace fapid::oauth
