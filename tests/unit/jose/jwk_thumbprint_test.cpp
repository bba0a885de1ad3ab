#include "jose/jwk_thumbprint.hpp"

#include <gtest/gtest.h>

namespace fapid::jose {
namespace {

// RFC 7638 §3.1.
constexpr const char* kRfc7638N =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjh"
    "Mstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQv"
    "RL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKn"
    "qDKgw";
constexpr const char* kRfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

// RFC 9449 §4.1 (the proof's jwk) and §6.1 (its jkt).
constexpr const char* kRfc9449Jwk =
    R"({"kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",)"
    R"("y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA","crv":"P-256"})";
constexpr const char* kRfc9449Jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

std::string rsa_jwk(std::string_view before, std::string_view after = "") {
  return "{" + std::string(before) + R"("kty":"RSA","n":")" + kRfc7638N + R"(","e":"AQAB")" + std::string(after) +
         "}";
}

TEST(JwkThumbprint, Rfc7638Section3_1ExampleGivesItsThumbprint) {
  auto thumbprint = jwk_thumbprint_sha256(rsa_jwk("", R"(,"alg":"RS256","kid":"2011-04-29")"));
  ASSERT_TRUE(thumbprint);
  EXPECT_EQ(*thumbprint, kRfc7638Thumbprint);
}

TEST(JwkThumbprint, Rfc9449EcKeyGivesTheJktOfItsExample) {
  auto thumbprint = jwk_thumbprint_sha256(kRfc9449Jwk);
  ASSERT_TRUE(thumbprint);
  EXPECT_EQ(*thumbprint, kRfc9449Jkt);
}

TEST(JwkThumbprint, MemberOrderWhitespaceAndExtraMembersDoNotChangeIt) {
  EXPECT_EQ(jwk_thumbprint_sha256(rsa_jwk(R"("use":"sig", )")), kRfc7638Thumbprint);
  const std::string reordered = std::string(R"({ "e" : "AQAB", "n":")") + kRfc7638N + R"(", "kty":"RSA" })";
  EXPECT_EQ(jwk_thumbprint_sha256(reordered), kRfc7638Thumbprint);
  EXPECT_EQ(jwk_thumbprint_sha256(
                R"({"crv":"P-256","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA","kid":"k1","alg":"ES256",)"
                R"("x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","kty":"EC","ext":{"a":[1,2]}})"),
            kRfc9449Jkt);
}

TEST(JwkThumbprint, PrivateMembersAreNotPartOfIt) {  // RFC 7638 §3.2.1: same for the public and private JWK
  EXPECT_EQ(jwk_thumbprint_sha256(rsa_jwk("", R"(,"d":"AQAB","p":"AQAB")")), kRfc7638Thumbprint);
}

TEST(JwkThumbprint, ChangingARequiredMemberChangesIt) {
  const std::string other_e = "{" + std::string(R"("kty":"RSA","n":")") + kRfc7638N + R"(","e":"AQAC"})";
  auto thumbprint = jwk_thumbprint_sha256(other_e);
  ASSERT_TRUE(thumbprint);
  EXPECT_NE(*thumbprint, kRfc7638Thumbprint);
}

TEST(JwkThumbprint, NothingForOtherKeyTypesOrMissingOrNonStringMembers) {
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"oct","k":"AQAB"})"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"OKP","crv":"Ed25519","x":"AQAB"})"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"rsa","n":"AQAB","e":"AQAB"})"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"n":"AQAB","e":"AQAB"})"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"RSA","n":"AQAB"})"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"RSA","n":"AQAB","e":65537})"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"EC","crv":"P-256","x":"AQAB"})"));
}

TEST(JwkThumbprint, NothingForTextThatIsNotOneStrictJsonObject) {
  EXPECT_FALSE(jwk_thumbprint_sha256(""));
  EXPECT_FALSE(jwk_thumbprint_sha256("[]"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"RSA","n":"AQAB","e":"AQAB")"));
  EXPECT_FALSE(jwk_thumbprint_sha256(R"({"kty":"RSA","n":"AQAB","e":"AQAB","e":"AQAC"})"));  // duplicate
}

}  // namespace
}  // namespace fapid::jose
