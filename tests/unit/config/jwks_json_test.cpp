#include "config/jwks_json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fapid::config {
namespace {

TEST(JwksJson, AcceptsAPublicJwksAndReserializesCompact) {
  const auto r = jwks_from_text(R"( { "keys" : [ {"kty":"EC","kid":"a","x":"1","y":"2"} ] } )");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.compact, R"({"keys":[{"kid":"a","kty":"EC","x":"1","y":"2"}]})");
}

TEST(JwksJson, RefusesDuplicateMemberNamesAtAnyDepth) {
  EXPECT_EQ(jwks_from_text(R"({"keys":[],"keys":[{"kty":"EC","kid":"a"}]})").error, "duplicate JSON member name \"keys\"");
  EXPECT_EQ(jwks_from_text(R"({"keys":[{"kty":"EC","kid":"a","kty":"RSA"}]})").error, "duplicate JSON member name \"kty\"");
}

TEST(JwksJson, RefusesDeepNesting) {
  const std::string deep = R"({"keys":[{"kty":"EC","kid":"a","x":)" + std::string(100, '[') + std::string(100, ']') + "}]}";
  EXPECT_EQ(jwks_from_text(deep).error, "JSON nested deeper than 16");
}

TEST(JwksJson, RefusesEveryPrivateMember) {
  for (const char* m : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
    const auto r = jwks_from_text(std::string(R"({"keys":[{"kty":"RSA","kid":"a",")") + m + R"(":"x"}]})");
    EXPECT_EQ(r.error, std::string("keys[0] contains the private member \"") + m + "\"");
    EXPECT_EQ(r.compact, "");
  }
}

TEST(JwksJson, RefusesMalformedShapes) {
  EXPECT_EQ(jwks_from_text("[]").error, "JWKS must be a JSON object");
  EXPECT_EQ(jwks_from_text(R"({"keys":{}})").error, "JWKS must have a non-empty \"keys\" array");
  EXPECT_EQ(jwks_from_text(R"({"keys":[1]})").error, "keys[0] is not an object");
  EXPECT_EQ(jwks_from_text(R"({"keys":[{"kty":"EC","kid":""}]})").error, "keys[0] has no \"kid\" string");
  EXPECT_EQ(jwks_from_text(R"({"keys":[{"kty":"EC","kid":"a"},{"kty":"RSA","kid":"a"}]})").error, "keys[1] repeats the kid of an earlier key");
  EXPECT_EQ(jwks_from_text("{").error.rfind("invalid JSON: ", 0), 0u);
}

}  // namespace
}  // namespace fapid::config
