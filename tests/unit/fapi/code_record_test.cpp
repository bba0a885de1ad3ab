// CodeRecord: what an authorization code stands for in the TTL store (SPEC TK1, TK2, I9).
#include "fapi/code_record.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fapid::fapi {
namespace {

CodeRecord record() {
  CodeRecord c;
  c.request.client_id = "tpp-one";
  c.request.response_type = "code";
  c.request.response_mode = "jwt";
  c.request.redirect_uri = "https://tpp.example/cb";
  c.request.scope = "openid accounts";
  c.request.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  c.request.max_age = 0;
  c.user = {"user-1", "urn:brasil:openbanking:loa2", 1'699'999'990, "12345678901", {"11222333000181"}};
  c.claims = {R"({"acr":"urn:brasil:openbanking:loa2","auth_time":1699999990,"cpf":"12345678901"})",
              R"({"cnpj":["11222333000181"]})"};
  return c;
}

TEST(CodeRecord, TK1_TheRequestTheUserAndTheGrantedClaimsRoundTripThroughJson) {
  const auto c = record();
  const auto back = CodeRecord::from_json(c.to_json());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->request.client_id, "tpp-one");
  EXPECT_EQ(back->request.response_mode, "jwt");
  EXPECT_EQ(back->request.redirect_uri, c.request.redirect_uri);
  EXPECT_EQ(back->request.code_challenge, c.request.code_challenge);
  EXPECT_EQ(back->request.max_age, 0);
  EXPECT_EQ(back->user.subject, "user-1");
  EXPECT_EQ(back->user.acr, "urn:brasil:openbanking:loa2");
  EXPECT_EQ(back->user.auth_time, 1'699'999'990);
  EXPECT_EQ(back->user.cpf, "12345678901");
  EXPECT_EQ(back->user.cnpj, std::vector<std::string>{"11222333000181"});
  EXPECT_EQ(back->claims.id_token, c.claims.id_token);
  EXPECT_EQ(back->claims.userinfo, c.claims.userinfo);
}

TEST(CodeRecord, ACorruptRecordIsNotRead) {
  const auto j = nlohmann::json::parse(record().to_json());
  for (const char* name : {"request", "user", "id_token_claims", "userinfo_claims"}) {
    auto missing = j;
    missing.erase(name);
    EXPECT_FALSE(CodeRecord::from_json(missing.dump())) << name;
    auto wrong = j;
    wrong[name] = nlohmann::json::object();
    EXPECT_FALSE(CodeRecord::from_json(wrong.dump())) << name;
  }
  auto bad_request = j;
  bad_request["request"] = "{}";
  EXPECT_FALSE(CodeRecord::from_json(bad_request.dump()));
  auto bad_user = j;
  bad_user["user"] = R"({"sub":"u"})";
  EXPECT_FALSE(CodeRecord::from_json(bad_user.dump()));
  EXPECT_FALSE(CodeRecord::from_json("{"));
  EXPECT_FALSE(CodeRecord::from_json("null"));
}

}  // namespace
}  // namespace fapid::fapi
