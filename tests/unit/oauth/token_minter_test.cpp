// Tokens the server signs or generates (SPEC TK6, S2, S4, I2, I3; RFC 9068; OIDC Core §3.3.2.11).
#include "oauth/token_minter.hpp"

#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "jose/base64url.hpp"
#include "jose/jws_verify.hpp"
#include "jose/public_key_set.hpp"
#include "unit/jose/test_support.hpp"

namespace fapid::oauth {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;

struct Signer {
  std::shared_ptr<const jose::KeyStore> keys;
  jose::PublicKeySet published;
  Signer() {
    const auto& k = jose::test::keys();
    auto load = jose::KeyStore::load({{"ps", config::KeyUse::sig, "PS256", k.file("ps256.pem"), true},
                                      {"es", config::KeyUse::sig, "ES256", k.file("es256.pem"), true}});
    if (!load.keys) throw std::runtime_error(load.errors.front());
    keys = load.keys;
    published = jose::PublicKeySet::from_jwks_json(keys->public_jwks_json()).value();
  }
};

const Signer& signer() {
  static const Signer s;
  return s;
}

AccessTokenSpec spec() {
  AccessTokenSpec s;
  s.issuer = "https://as.example/auth";
  s.audience = "https://rs.example";
  s.subject = "user-1";
  s.client_id = "tpp-one";
  s.scope = "openid accounts";
  s.cnf.x5t_s256 = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2";
  s.format = config::AccessTokenFormat::jwt;
  s.now = TimePoint(std::chrono::seconds(kNow));
  s.lifetime = 300s;
  return s;
}

jose::VerifiedJws verify(const std::string& jwt) {
  auto v = jose::verify_jws(jwt, signer().published, {{jose::Alg::PS256, jose::Alg::ES256}});
  EXPECT_TRUE(v) << (v ? "" : v.error().detail);
  return *v;
}

// OIDC Core 1.0 Appendix A.3 / A.4 (the hash of RS256 is SHA-256, as for PS256 and ES256).
TEST(HalfHash, I3_TheOidcCoreExampleAtHashAndCHash) {
  EXPECT_EQ(half_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"), "77QmUPtjPfzWtF2AnpK9RQ");
  EXPECT_EQ(half_hash("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"), "LDktKdoQak3Pk0cnXxCltA");
}

TEST(HalfHash, IsTheLeftHalfOfSha256Base64urlEncoded) {
  // SHA-256("") = e3b0c442 98fc1c14 9afbf4c8 996fb924 ...
  EXPECT_EQ(half_hash(""), jose::base64url_encode(std::string("\xe3\xb0\xc4\x42\x98\xfc\x1c\x14\x9a\xfb\xf4\xc8\x99\x6f\xb9\x24", 16)));
  EXPECT_EQ(half_hash("state").size(), 22u);
}

TEST(MintAccessToken, TK6_AJwtAccessTokenIsSignedWithTypAtJwtAndVerifiesWithThePublishedKey) {
  storage::SystemRandom random;
  auto token = mint_access_token(*signer().keys, jose::Alg::PS256, spec(), random);
  ASSERT_TRUE(token);
  const auto v = verify(*token);
  EXPECT_EQ(v.alg, jose::Alg::PS256);
  EXPECT_EQ(v.kid, "ps");
  const auto header = json::parse(v.header_json);
  EXPECT_EQ(header["typ"], "at+jwt");
  const auto claims = json::parse(v.payload);
  EXPECT_EQ(claims["iss"], "https://as.example/auth");
  EXPECT_EQ(claims["sub"], "user-1");
  EXPECT_EQ(claims["aud"], "https://rs.example");
  EXPECT_EQ(claims["client_id"], "tpp-one");
  EXPECT_EQ(claims["scope"], "openid accounts");
  EXPECT_EQ(claims["iat"], kNow);
  EXPECT_EQ(claims["exp"], kNow + 300);
  EXPECT_TRUE(claims["jti"].is_string() && !claims["jti"].get<std::string>().empty());
  EXPECT_FALSE(claims.contains("consent_id"));
  EXPECT_TRUE(jose::is_base64url_alphabet(std::string_view(*token).substr(0, token->find('.'))));
}

TEST(MintAccessToken, S2_AnMtlsBoundTokenCarriesCnfX5tS256) {
  storage::SystemRandom random;
  const auto claims = json::parse(verify(mint_access_token(*signer().keys, jose::Alg::PS256, spec(), random).value()).payload);
  EXPECT_EQ(claims["cnf"], json({{"x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}}));
}

TEST(MintAccessToken, S4_ADpopBoundTokenCarriesCnfJktAndAConsentBoundOneItsConsent) {
  storage::SystemRandom random;
  auto s = spec();
  s.cnf = {"", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"};
  s.consent_id = "urn:bank:consent-1";
  const auto claims = json::parse(verify(mint_access_token(*signer().keys, jose::Alg::ES256, s, random).value()).payload);
  EXPECT_EQ(claims["cnf"], json({{"jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}}));
  EXPECT_EQ(claims["consent_id"], "urn:bank:consent-1");
}

TEST(MintAccessToken, AnUnboundTokenHasNoCnf) {
  storage::SystemRandom random;
  auto s = spec();
  s.cnf = {};
  const auto claims = json::parse(verify(mint_access_token(*signer().keys, jose::Alg::PS256, s, random).value()).payload);
  EXPECT_FALSE(claims.contains("cnf"));
}

TEST(MintAccessToken, TK6_AnOpaqueTokenIs43Base64urlCharactersAndUnique) {
  storage::SystemRandom random;
  auto s = spec();
  s.format = config::AccessTokenFormat::opaque;
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto token = mint_access_token(*signer().keys, jose::Alg::PS256, s, random).value();
    EXPECT_EQ(token.size(), 43u);  // 32 random bytes (K6: ≥ 256 bits)
    EXPECT_TRUE(jose::is_base64url_alphabet(token)) << token;
    EXPECT_EQ(token.find('.'), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(MintAccessToken, WithoutAnActiveKeyForTheAlgorithmItFails) {
  const auto& k = jose::test::keys();
  auto load = jose::KeyStore::load({{"ps", config::KeyUse::sig, "PS256", k.file("ps256.pem"), true}});
  ASSERT_TRUE(load.keys);
  storage::SystemRandom random;
  auto token = mint_access_token(*load.keys, jose::Alg::ES256, spec(), random);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::server_error);
}

TEST(MintIdToken, I2_I3_TheIdTokenCarriesTheStandardClaimsNonceAndHashes) {
  IdTokenSpec s;
  s.issuer = "https://as.example/auth";
  s.subject = "user-1";
  s.audience = "tpp-one";
  s.nonce = "n-0S6_WzA2Mj";
  s.claims_json = R"({"acr":"urn:brasil:openbanking:loa2","auth_time":1699999990,"iss":"https://evil.example","cpf":"12345678901"})";
  s.c_hash = half_hash("code");
  s.s_hash = half_hash("state");
  s.now = TimePoint(std::chrono::seconds(kNow));
  s.lifetime = 600s;
  const auto v = verify(mint_id_token(*signer().keys, jose::Alg::PS256, s).value());
  EXPECT_EQ(json::parse(v.header_json)["typ"], "JWT");
  const auto c = json::parse(v.payload);
  EXPECT_EQ(c["iss"], "https://as.example/auth");  // the extra claims never override the registered ones
  EXPECT_EQ(c["sub"], "user-1");
  EXPECT_EQ(c["aud"], "tpp-one");
  EXPECT_EQ(c["iat"], kNow);
  EXPECT_EQ(c["exp"], kNow + 600);
  EXPECT_EQ(c["nonce"], "n-0S6_WzA2Mj");
  EXPECT_EQ(c["acr"], "urn:brasil:openbanking:loa2");
  EXPECT_EQ(c["auth_time"], 1699999990);
  EXPECT_EQ(c["cpf"], "12345678901");
  EXPECT_EQ(c["c_hash"], half_hash("code"));
  EXPECT_EQ(c["s_hash"], half_hash("state"));
  EXPECT_FALSE(c.contains("at_hash"));
}

TEST(MintIdToken, A6_WithoutNonceOrStateTheTokenHasNeitherNonceNorSHash) {
  IdTokenSpec s;
  s.issuer = "https://as.example/auth";
  s.subject = "user-1";
  s.audience = "tpp-one";
  s.now = TimePoint(std::chrono::seconds(kNow));
  s.lifetime = 600s;
  const auto c = json::parse(verify(mint_id_token(*signer().keys, jose::Alg::ES256, s).value()).payload);
  for (const char* name : {"nonce", "s_hash", "c_hash", "at_hash"}) EXPECT_FALSE(c.contains(name)) << name;
}

}  // namespace
}  // namespace fapid::oauth
