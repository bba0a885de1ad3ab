// grant_claims: which of the user's claims each token may carry (SPEC I6, I9, A15; OIDC Core §5.5).
#include "fapi/authorize/user_claims.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fapid::fapi {
namespace {

using nlohmann::json;

constexpr const char* kLoa2 = "urn:brasil:openbanking:loa2";
constexpr const char* kLoa3 = "urn:brasil:openbanking:loa3";

UserAuthentication user() {
  return {"user-1", kLoa2, 1'699'999'990, "12345678901", {"11222333000181", "44555666000199"}};
}

AuthorizationRequest asking(std::string claims_json) {
  AuthorizationRequest r;
  r.client_id = "tpp-one";
  r.claims_json = std::move(claims_json);
  return r;
}

struct Granted {
  json id_token, userinfo;
};

Granted granted(const std::string& claims_json, const UserAuthentication& u = user()) {
  auto g = grant_claims(asking(claims_json), u);
  EXPECT_TRUE(g) << (g ? "" : g.error().detail);
  return {json::parse(g->id_token), json::parse(g->userinfo)};
}

::testing::AssertionResult denied(const std::string& claims_json, const UserAuthentication& u = user()) {
  auto g = grant_claims(asking(claims_json), u);
  if (g) return ::testing::AssertionFailure() << "granted " << g->id_token << " " << g->userinfo;
  if (g.error().code != ErrorCode::access_denied) return ::testing::AssertionFailure() << to_string(g.error().code);
  return ::testing::AssertionSuccess();
}

TEST(GrantClaims, I6_AcrAndAuthTimeAreAlwaysInTheIdTokenAndNothingElseUnrequested) {
  const auto g = granted("");
  EXPECT_EQ(g.id_token, json({{"acr", kLoa2}, {"auth_time", 1'699'999'990}}));
  EXPECT_EQ(g.userinfo, json::object());
}

TEST(GrantClaims, I9_CpfIsAStringAndCnpjAnArrayEachInTheSectionThatAskedForIt) {
  const auto g = granted(R"({"id_token":{"cpf":null},"userinfo":{"cnpj":null}})");
  EXPECT_EQ(g.id_token["cpf"], "12345678901");
  EXPECT_FALSE(g.id_token.contains("cnpj"));
  EXPECT_EQ(g.userinfo, json({{"cnpj", {"11222333000181", "44555666000199"}}}));
}

TEST(GrantClaims, I9_AClaimTheUserDoesNotHaveIsLeftOut) {
  auto u = user();
  u.cpf.clear();
  u.cnpj.clear();
  const auto g = granted(R"({"id_token":{"cpf":{"essential":true},"cnpj":null,"email":null}})", u);
  EXPECT_EQ(g.id_token, json({{"acr", kLoa2}, {"auth_time", 1'699'999'990}}));
}

TEST(GrantClaims, A15_AnEssentialCpfWithTheUsersValueIsGranted) {
  EXPECT_EQ(granted(R"({"id_token":{"cpf":{"essential":true,"value":"12345678901"}}})").id_token["cpf"], "12345678901");
  EXPECT_EQ(granted(R"({"userinfo":{"cpf":{"essential":true,"values":["000","12345678901"]}}})").userinfo["cpf"],
            "12345678901");
}

TEST(GrantClaims, A15_AnEssentialCpfWithAnotherValueFailsWithAccessDenied) {
  EXPECT_TRUE(denied(R"({"id_token":{"cpf":{"essential":true,"value":"10987654321"}}})"));
  EXPECT_TRUE(denied(R"({"userinfo":{"cpf":{"essential":true,"values":["10987654321"]}}})"));
  EXPECT_TRUE(denied(R"({"id_token":{"cpf":{"essential":true,"value":12345678901}}})"));  // a number is not the string
}

TEST(GrantClaims, A15_AnEssentialValueTheUserDoesNotHaveAtAllFailsWithAccessDenied) {
  auto u = user();
  u.cpf.clear();
  EXPECT_TRUE(denied(R"({"id_token":{"cpf":{"essential":true,"value":"12345678901"}}})", u));
}

TEST(GrantClaims, A15_ANonEssentialValueThatDoesNotMatchIsLeftOutWithoutFailing) {
  const auto g = granted(R"({"id_token":{"cpf":{"value":"10987654321"}}})");
  EXPECT_FALSE(g.id_token.contains("cpf"));
  const auto g2 = granted(R"({"id_token":{"cpf":{"essential":false,"value":"10987654321"}}})");
  EXPECT_FALSE(g2.id_token.contains("cpf"));
}

TEST(GrantClaims, I9_AnEssentialCnpjMatchesOneOfTheUsersAndTheWholeArrayIsReturned) {
  const auto g = granted(R"({"id_token":{"cnpj":{"essential":true,"value":"44555666000199"}}})");
  EXPECT_EQ(g.id_token["cnpj"], json({"11222333000181", "44555666000199"}));
  EXPECT_TRUE(denied(R"({"id_token":{"cnpj":{"essential":true,"value":"99888777000166"}}})"));
  EXPECT_TRUE(denied(R"({"id_token":{"cnpj":{"essential":true,"values":["99888777000166"]}}})"));
}

TEST(GrantClaims, I6_AnEssentialAcrTheLoginDidNotReachFailsWithAccessDenied) {
  EXPECT_TRUE(denied(R"({"id_token":{"acr":{"essential":true,"values":[")" + std::string(kLoa3) + R"("]}}})"));
  const auto g = granted(R"({"id_token":{"acr":{"essential":true,"values":[")" + std::string(kLoa3) + R"(",")" +
                         kLoa2 + R"("]}}})");
  EXPECT_EQ(g.id_token["acr"], kLoa2);
}

TEST(GrantClaims, I6_TheIdTokenAcrIsTheOneTheLoginReachedWhateverWasAskedNonEssentially) {
  const auto g = granted(R"({"id_token":{"acr":{"value":")" + std::string(kLoa3) + R"("}}})");
  EXPECT_EQ(g.id_token["acr"], kLoa2);
}

TEST(GrantClaims, AMalformedStoredClaimsParameterGrantsOnlyTheDefaults) {
  for (const char* claims : {"not json", "[]", R"({"id_token":"cpf"})", R"({"id_token":[]})"}) {
    const auto g = granted(claims);
    EXPECT_EQ(g.id_token, json({{"acr", kLoa2}, {"auth_time", 1'699'999'990}})) << claims;
    EXPECT_EQ(g.userinfo, json::object()) << claims;
  }
}

TEST(UserAuthentication, RoundTripsThroughJson) {
  const auto u = user();
  const auto back = UserAuthentication::from_json(u.to_json());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->subject, u.subject);
  EXPECT_EQ(back->acr, u.acr);
  EXPECT_EQ(back->auth_time, u.auth_time);
  EXPECT_EQ(back->cpf, u.cpf);
  EXPECT_EQ(back->cnpj, u.cnpj);
  EXPECT_FALSE(UserAuthentication::from_json(R"({"sub":"u"})"));
  EXPECT_FALSE(UserAuthentication::from_json(R"({"sub":1,"acr":"a","auth_time":1,"cpf":"","cnpj":[]})"));
  EXPECT_FALSE(UserAuthentication::from_json(R"({"sub":"u","acr":"a","auth_time":1,"cpf":"","cnpj":[1]})"));
  EXPECT_FALSE(UserAuthentication::from_json("[]"));
}

}  // namespace
}  // namespace fapid::fapi

namespace fapid::fapi {
namespace {

TEST(UserClaimsEssential, OnlyABooleanTrueIsEssential) {
  EXPECT_TRUE(is_essential(nlohmann::json::parse(R"({"essential":true})")));
  for (const char* spec : {R"({"essential":false})", R"({"essential":"true"})", R"({"essential":1})", "null", "{}", "[]"})
    EXPECT_FALSE(is_essential(nlohmann::json::parse(spec))) << spec;
}

}  // namespace
}  // namespace fapid::fapi
