#include "jose/public_key_set.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fapid::jose {
namespace {

using test::jwk_of;
using test::keys;
using ordered = nlohmann::ordered_json;

std::string jwks(std::initializer_list<ordered> members) {
  ordered list = ordered::array();
  for (const auto& m : members) list.push_back(m);
  return ordered{{"keys", list}}.dump();
}

std::string rejection(const std::string& text) {
  auto r = PublicKeySet::from_jwks_json(text);
  EXPECT_FALSE(r) << text;
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(r.error().description, "invalid JWKS");
  return r.error().detail;
}

TEST(PublicKeySet, AcceptsRsaAndP256KeysAndFindsThemByKid) {
  auto set = PublicKeySet::from_jwks_json(
      jwks({jwk_of(keys().ps256.get(), "a", "PS256"), jwk_of(keys().es256.get(), "b", "ES256")}));
  ASSERT_TRUE(set) << set.error().detail;
  EXPECT_EQ(set->size(), 2u);
  EXPECT_TRUE(set->contains_kid("b"));
  EXPECT_FALSE(set->contains_kid("c"));
}

TEST(PublicKeySet, RejectsAKeyWithPrivateMembers) {
  for (const char* member : {"d", "p", "q", "dp", "dq", "qi", "oth"}) {
    auto k = jwk_of(keys().ps256.get(), "a", "PS256");
    k[member] = "AQAB";
    EXPECT_NE(rejection(jwks({k})).find("keys[0]: has private"), std::string::npos) << member;
  }
}

TEST(PublicKeySet, RejectsSymmetricAndUnknownKeyTypes) {
  EXPECT_NE(rejection(jwks({ordered{{"kty", "oct"}, {"kid", "h"}, {"k", "c2VjcmV0"}}})).find("keys[0]"), std::string::npos);
  EXPECT_NE(rejection(jwks({ordered{{"kty", "oct"}, {"kid", "h"}}})).find("oct"), std::string::npos);
  EXPECT_NE(rejection(jwks({ordered{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}}})).find("unsupported kty"),
            std::string::npos);
  EXPECT_NE(rejection(jwks({ordered{{"kid", "x"}}})).find("kty"), std::string::npos);
}

TEST(PublicKeySet, RejectsDuplicateKids) {
  EXPECT_EQ(rejection(jwks({jwk_of(keys().ps256.get(), "same", "PS256"), jwk_of(keys().es256.get(), "same", "ES256")})),
            "keys[1]: duplicate kid");
}

TEST(PublicKeySet, RejectsShortRsaAndCurvesOtherThanP256) {
  EXPECT_NE(rejection(jwks({jwk_of(keys().rsa1024.get(), "a", "PS256")})).find("2048"), std::string::npos);
  auto k = jwk_of(keys().es256.get(), "a", "ES256");
  k["crv"] = "P-384";
  EXPECT_NE(rejection(jwks({k})).find("P-256"), std::string::npos);
}

TEST(PublicKeySet, RejectsAPointNotOnTheCurve) {
  auto k = jwk_of(keys().es256.get(), "a", "ES256");
  auto y = *base64url_decode(k["y"].get<std::string>());
  y.back() = static_cast<char>(y.back() ^ 1);
  k["y"] = base64url_encode(y);
  EXPECT_FALSE(PublicKeySet::from_jwks_json(jwks({k})));
  k["x"] = base64url_encode(std::string(31, 'x'));  // wrong coordinate length
  EXPECT_FALSE(PublicKeySet::from_jwks_json(jwks({k})));
}

TEST(PublicKeySet, RejectsMalformedDocuments) {
  rejection("");
  rejection("[]");
  rejection(R"({"keys":{}})");
  rejection(R"({"nokeys":[]})");
  rejection(R"({"keys":[],"keys":[]})");                       // duplicate member
  rejection(R"({"keys":["x"]})");
  rejection(std::string(kMaxJwksBytes + 1, ' '));
  auto k = jwk_of(keys().ps256.get(), "a", "PS256");
  k["n"] = k["n"].get<std::string>() + "=";                   // padding is not base64url
  rejection(jwks({k}));
}

TEST(PublicKeySet, RejectsMoreThanTheMaximumNumberOfKeys) {
  ordered list = ordered::array();
  for (std::size_t i = 0; i <= kMaxJwksKeys; ++i) list.push_back(jwk_of(keys().es256.get(), std::to_string(i), "ES256"));
  rejection(ordered{{"keys", list}}.dump());
}

TEST(PublicKeySet, AnEmptySetIsValid) {
  auto set = PublicKeySet::from_jwks_json(R"({"keys":[]})");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->size(), 0u);
  EXPECT_EQ(PublicKeySet().size(), 0u);
}

}  // namespace
}  // namespace fapid::jose
