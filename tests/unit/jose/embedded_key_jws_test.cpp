#include "jose/embedded_key_jws.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "jose/jwk_thumbprint.hpp"
#include "jose/jws_verify.hpp"
#include "test_support.hpp"

namespace fapid::jose {
namespace {

using test::keys;
using test::raw_jws;
using test::RawAlg;
using ordered = nlohmann::ordered_json;

constexpr const char* kClaims = R"({"jti":"j1","htm":"POST","htu":"https://as.example/token","iat":1700000000})";
const std::vector<Alg> kBoth{Alg::PS256, Alg::ES256};

ordered bare_jwk(EVP_PKEY* key) {  // {kty, n, e} or {kty, crv, x, y}
  ordered jwk = test::jwk_of(key, "unused", "unused");
  for (const char* name : {"kid", "use", "alg"}) jwk.erase(name);
  return jwk;
}

ordered header(const char* alg, const ordered& jwk) { return {{"typ", "dpop+jwt"}, {"alg", alg}, {"jwk", jwk}}; }

std::string es256(const ordered& h, EVP_PKEY* key = keys().es256.get()) {
  return raw_jws(h.dump(), kClaims, key, RawAlg::ES256);
}

std::string rejected(const std::string& compact, std::string_view description) {
  auto r = verify_jws_with_embedded_jwk(compact, kBoth, kDefaultMaxJwsBytes);
  EXPECT_FALSE(r);
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(r.error().description, description) << r.error().detail;
  return r.error().detail;
}

TEST(EmbeddedKeyJws, VerifiesWithTheHeaderJwkAndReturnsItsThumbprint) {
  for (auto [alg, key, raw] : {std::tuple{"ES256", keys().es256.get(), RawAlg::ES256},
                               std::tuple{"PS256", keys().ps256.get(), RawAlg::PS256}}) {
    auto r = verify_jws_with_embedded_jwk(raw_jws(header(alg, bare_jwk(key)).dump(), kClaims, key, raw), kBoth,
                                          kDefaultMaxJwsBytes);
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(to_string(r->alg), alg);
    EXPECT_EQ(r->jwk_thumbprint, jwk_thumbprint_sha256(bare_jwk(key).dump()));
    EXPECT_EQ(r->payload, kClaims);
  }
}

TEST(EmbeddedKeyJws, RejectsAHeaderWithoutJwk) {
  EXPECT_EQ(rejected(es256({{"alg", "ES256"}}), kInvalidEmbeddedKey), "JWS: header has no jwk object");
  EXPECT_EQ(rejected(es256({{"alg", "ES256"}, {"jwk", "x"}}), kInvalidEmbeddedKey), "JWS: header has no jwk object");
}

TEST(EmbeddedKeyJws, RejectsAJwkWithPrivateOrSymmetricMembers) {
  ordered with_d = bare_jwk(keys().es256.get());
  with_d["d"] = "AQAB";
  EXPECT_NE(rejected(es256(header("ES256", with_d)), kInvalidEmbeddedKey).find("\"d\""), std::string::npos);
  EXPECT_NE(rejected(es256(header("ES256", {{"kty", "oct"}, {"k", "AQAB"}})), kInvalidEmbeddedKey).find("\"k\""),
            std::string::npos);
}

TEST(EmbeddedKeyJws, RejectsAJwkThatDoesNotFitTheAlg) {  // ATTACKS.md A04
  EXPECT_EQ(rejected(es256(header("ES256", bare_jwk(keys().ps256.get()))), kInvalidEmbeddedKey),
            "JWS: jwk does not fit the alg");
  EXPECT_EQ(rejected(raw_jws(header("PS256", bare_jwk(keys().es256.get())).dump(), kClaims, keys().ps256.get(),
                             RawAlg::PS256),
                     kInvalidEmbeddedKey),
            "JWS: jwk does not fit the alg");
  ordered other_alg = bare_jwk(keys().es256.get());
  other_alg["alg"] = "ES384";
  EXPECT_EQ(rejected(es256(header("ES256", other_alg)), kInvalidEmbeddedKey), "JWS: jwk alg differs from the header alg");
  ordered enc = bare_jwk(keys().es256.get());
  enc["use"] = "enc";
  EXPECT_EQ(rejected(es256(header("ES256", enc)), kInvalidEmbeddedKey), "JWS: jwk use is not sig");
}

TEST(EmbeddedKeyJws, RejectsSmallRsaAndOtherCurves) {
  EXPECT_NE(rejected(raw_jws(header("PS256", bare_jwk(keys().rsa1024.get())).dump(), kClaims, keys().rsa1024.get(),
                             RawAlg::PS256),
                     kInvalidEmbeddedKey)
                .find("2048"),
            std::string::npos);
  const std::string coordinate = test::b64(std::string(48, '\x01'));  // refused on crv before the point
  const ordered p384{{"kty", "EC"}, {"crv", "P-384"}, {"x", coordinate}, {"y", coordinate}};
  EXPECT_NE(rejected(es256(header("ES256", p384)), kInvalidEmbeddedKey).find("P-256"), std::string::npos);
}

TEST(EmbeddedKeyJws, RejectsASignatureByAnotherKeyThanTheJwk) {
  EXPECT_EQ(rejected(es256(header("ES256", bare_jwk(keys().es256.get())), test::make_ec().get()), kSignatureInvalid),
            "JWS: signature does not verify with the embedded jwk");
}

TEST(EmbeddedKeyJws, KeepsTheStrictPreChecksOfVerifyJws) {
  const ordered jwk = bare_jwk(keys().es256.get());
  rejected(es256({{"alg", "none"}, {"jwk", jwk}}), kAlgorithmNotAllowed);
  rejected(es256({{"alg", "RS256"}, {"jwk", jwk}}), kAlgorithmNotAllowed);
  rejected(es256({{"alg", "ES256"}, {"jwk", jwk}, {"crit", ordered::array()}}), kMalformedJws);
  rejected("a.b", kMalformedJws);
  rejected(es256(header("ES256", jwk)) + ".x", kMalformedJws);
  rejected(" " + es256(header("ES256", jwk)), kMalformedJws);
  auto ok = es256(header("ES256", jwk));
  EXPECT_FALSE(verify_jws_with_embedded_jwk(ok, {Alg::PS256}, kDefaultMaxJwsBytes));
  EXPECT_FALSE(verify_jws_with_embedded_jwk(ok, kBoth, ok.size() - 1));
  EXPECT_TRUE(verify_jws_with_embedded_jwk(ok, kBoth, ok.size()));
}

}  // namespace
}  // namespace fapid::jose
