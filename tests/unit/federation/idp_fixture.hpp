#pragma once
// A stand-in IdP for the federation unit tests: its RSA keys, JWKS and discovery document, and tokens
// signed with any header and claims (attack tokens included). Header-only, test code only.
#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "federation/idp_tokens.hpp"
#include "unit/jose/test_support.hpp"

namespace fapid::federation::test {

using json = nlohmann::ordered_json;
using jose::test::RawAlg;

inline constexpr const char* kIssuer = "https://idp.bank.example/realms/staff";
inline constexpr const char* kDiscoveryUrl = "https://idp.bank.example/realms/staff/.well-known/openid-configuration";
inline constexpr const char* kJwksUri = "https://idp.bank.example/realms/staff/certs";
inline constexpr const char* kTokenEndpoint = "https://idp.bank.example/realms/staff/token";
inline constexpr const char* kClientId = "internal_users_federation";
inline constexpr const char* kNonce = "n-0S6_WzA2Mj";
inline const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

inline std::int64_t unix_now() { return 1'800'000'000; }

struct FakeIdp {
  std::map<std::string, jose::OsslPtr<EVP_PKEY>> keys;  // by kid

  FakeIdp() { keys.emplace("k1", jose::test::make_rsa()); }

  std::string jwks() const {
    json list = json::array();
    for (const auto& [kid, key] : keys) list.push_back(jose::test::jwk_of(key.get(), kid, "RS256"));
    return json{{"keys", list}}.dump();
  }
  jose::PublicKeySet key_set() const { return jose::PublicKeySet::from_jwks_json(jwks()).value(); }

  static json discovery() {
    return {{"issuer", kIssuer},
            {"authorization_endpoint", std::string(kIssuer) + "/auth"},
            {"token_endpoint", kTokenEndpoint},
            {"jwks_uri", kJwksUri},
            {"end_session_endpoint", std::string(kIssuer) + "/logout"},
            {"id_token_signing_alg_values_supported", {"RS256"}}};
  }

  // The ID token of the seeds' first staff member, as the IdP would sign it.
  static json id_claims() {
    return {{"iss", kIssuer},          {"sub", "f2cec0ee-1d63-45b3-bc7c-03266250a2d5"},
            {"aud", kClientId},        {"azp", kClientId},
            {"exp", unix_now() + 300}, {"iat", unix_now() - 5},
            {"nonce", kNonce},         {"name", "Usuario1 Admin"},
            {"preferred_username", "user1"}, {"email", "user1@example.com"}};
  }
  // Its access token (seeds/003, scenario 1).
  static json access_claims() {
    return {{"iss", kIssuer},
            {"sub", "f2cec0ee-1d63-45b3-bc7c-03266250a2d5"},
            {"typ", "Bearer"},
            {"azp", kClientId},
            {"exp", unix_now() + 300},
            {"iat", unix_now() - 5},
            {"scope", "openid oob_outages:write email oob_outages:read profile"}};
  }

  std::string sign(const json& claims, const std::string& kid = "k1", RawAlg alg = RawAlg::RS256,
                   json header = json::object()) const {
    if (!header.contains("alg")) header["alg"] = alg == RawAlg::PS256 ? "PS256" : "RS256";
    if (!header.contains("kid") && !kid.empty()) header["kid"] = kid;
    return jose::test::raw_jws(header.dump(), claims.dump(), keys.at(kid.empty() ? "k1" : kid).get(), alg);
  }
};

inline IdpExpectations expectations() {
  return {kIssuer, kClientId, {jose::Alg::RS256}, kNow, std::chrono::seconds(60), std::chrono::seconds(600), ""};
}

}  // namespace fapid::federation::test
