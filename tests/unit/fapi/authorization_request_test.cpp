// AuthorizationRequest: the validated request as it is stored under a request URI (SPEC R5, P6).
#include "fapi/authorization_request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fapid::fapi {
namespace {

AuthorizationRequest full() {
  AuthorizationRequest r;
  r.client_id = "tpp-one";
  r.response_type = "code id_token";
  r.response_mode = "fragment.jwt";
  r.redirect_uri = "https://tpp.example/cb?app=1&x=%20";
  r.scope = "openid accounts consent:urn:bank:1";
  r.state = "st\"ate\n\u00e9";
  r.nonce = "n-0S6_WzA2Mj";
  r.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  r.claims_json = R"({"id_token":{"cpf":{"essential":true}}})";
  r.dpop_jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
  r.acr_values = "urn:brasil:openbanking:loa2";
  r.max_age = 300;
  return r;
}

void expect_same(const AuthorizationRequest& a, const AuthorizationRequest& b) {
  EXPECT_EQ(a.client_id, b.client_id);
  EXPECT_EQ(a.response_type, b.response_type);
  EXPECT_EQ(a.response_mode, b.response_mode);
  EXPECT_EQ(a.redirect_uri, b.redirect_uri);
  EXPECT_EQ(a.scope, b.scope);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.nonce, b.nonce);
  EXPECT_EQ(a.code_challenge, b.code_challenge);
  EXPECT_EQ(a.claims_json, b.claims_json);
  EXPECT_EQ(a.dpop_jkt, b.dpop_jkt);
  EXPECT_EQ(a.acr_values, b.acr_values);
  EXPECT_EQ(a.max_age, b.max_age);
}

TEST(AuthorizationRequest, R5_EveryValidatedParameterRoundTripsThroughJson) {
  const auto r = full();
  const auto back = AuthorizationRequest::from_json(r.to_json());
  ASSERT_TRUE(back);
  expect_same(*back, r);
}

TEST(AuthorizationRequest, A6_AbsentOptionalParametersStayAbsent) {
  AuthorizationRequest r;
  r.client_id = "c";
  const auto back = AuthorizationRequest::from_json(r.to_json());
  ASSERT_TRUE(back);
  expect_same(*back, r);
  EXPECT_EQ(back->state, "");
  EXPECT_EQ(back->max_age, std::nullopt);
}

TEST(AuthorizationRequest, AStoredRecordMissingAFieldOrOfTheWrongTypeIsNotRead) {
  auto j = nlohmann::json::parse(full().to_json());
  for (const auto& [name, value] : j.items()) {
    if (name == "max_age") continue;
    auto missing = j;
    missing.erase(name);
    EXPECT_FALSE(AuthorizationRequest::from_json(missing.dump())) << name;
    auto wrong = j;
    wrong[name] = 1;
    EXPECT_FALSE(AuthorizationRequest::from_json(wrong.dump())) << name;
  }
  EXPECT_FALSE(AuthorizationRequest::from_json("not json"));
  EXPECT_FALSE(AuthorizationRequest::from_json("[]"));
  EXPECT_FALSE(AuthorizationRequest::from_json(""));
}

TEST(AuthorizationRequest, HasScopeMatchesWholeSpaceSeparatedTokens) {
  AuthorizationRequest r;
  r.scope = "openid accounts consent:urn:bank:1";
  EXPECT_TRUE(r.has_scope("openid"));
  EXPECT_TRUE(r.has_scope("accounts"));
  EXPECT_TRUE(r.has_scope("consent:urn:bank:1"));
  EXPECT_FALSE(r.has_scope("account"));
  EXPECT_FALSE(r.has_scope("open"));
  EXPECT_FALSE(r.has_scope("consent"));
  EXPECT_FALSE(r.has_scope(""));
  r.scope = "";
  EXPECT_FALSE(r.has_scope("openid"));
}

TEST(AuthorizationRequest, J1_JarmIsWantedForTheJwtModesOnly) {
  AuthorizationRequest r;
  for (const char* mode : {"jwt", "query.jwt", "fragment.jwt"}) {
    r.response_mode = mode;
    EXPECT_TRUE(r.wants_jarm()) << mode;
  }
  for (const char* mode : {"", "query", "fragment", "form_post", "form_post.jwt"}) {
    r.response_mode = mode;
    EXPECT_FALSE(r.wants_jarm()) << mode;
  }
}

}  // namespace
}  // namespace fapid::fapi
