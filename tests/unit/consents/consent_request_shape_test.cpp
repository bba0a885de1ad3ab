// POST /consents bodies that are not the CreateConsent shape: 400 PARAMETRO_NAO_INFORMADO for a missing
// member, 400 PARAMETRO_INVALIDO for anything else malformed, oversized or unknown.
#include "fapi/consents/consent_request.hpp"

#include <gtest/gtest.h>

#include "consent_test_support.hpp"

namespace fapid::fapi::consents {
namespace {

using namespace testing;

const TimePoint kNow = at("2025-03-10T12:00:00Z");

Validated<ConsentRequest> parse_text(std::string_view body) { return parse_consent_request(body, kNow); }
Validated<ConsentRequest> parse(const nlohmann::json& body) { return parse_text(body.dump()); }

TEST(ConsentRequestShape, RefusesWhatIsNotOneStrictJsonObject) {
  for (const char* bad : {"", "null", "[]", "\"data\"", "{", "{\"data\":{}} trailing", "{'data':{}}"}) {
    EXPECT_TRUE(fails_with(parse_text(bad), 400, "PARAMETRO_INVALIDO")) << bad;
  }
}

TEST(ConsentRequestShape, RefusesDuplicateMembersSoNoTwoReadersDisagree) {
  const std::string body = consent_body().dump();
  const std::string twice = "{\"data\":{\"permissions\":[\"RESOURCES_READ\"]," + body.substr(std::string("{\"data\":{").size());
  ASSERT_NE(twice.find("\"permissions\""), twice.rfind("\"permissions\""));
  EXPECT_TRUE(fails_with(parse_text(twice), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, RefusesInvalidUtf8) {
  auto body = consent_body().dump();
  body.insert(body.find("ACCOUNTS_READ"), "\xC3");
  EXPECT_TRUE(fails_with(parse_text(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, RefusesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 20; ++i) deep += "{\"x\":";
  deep += "1";
  for (int i = 0; i < 20; ++i) deep += "}";
  auto body = consent_body().dump();
  body.insert(body.size() - 2, ",\"extra\":" + deep);
  EXPECT_TRUE(fails_with(parse_text(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, AcceptsABodyOfSixteenKibAndRefusesOneByteMore) {
  auto body = consent_body().dump();
  body.insert(1, kMaxConsentBodyBytes - body.size(), ' ');
  ASSERT_EQ(body.size(), kMaxConsentBodyBytes);
  EXPECT_TRUE(accepted(parse_text(body)));
  body.insert(1, " ");
  EXPECT_TRUE(fails_with(parse_text(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, AcceptsAHundredPermissionsAndRefusesMore) {
  std::vector<std::string> many;
  while (many.size() < kMaxRequestedPermissions) many.insert(many.end(), kBalances.begin(), kBalances.end());
  many.resize(kMaxRequestedPermissions);
  EXPECT_TRUE(accepted(parse(consent_body(many))));
  many.push_back("RESOURCES_READ");
  EXPECT_TRUE(fails_with(parse(consent_body(many)), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, RefusesAnUnknownPermissionWithoutEchoingIt) {
  const auto r = parse(consent_body({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ", "<script>x"}));
  ASSERT_TRUE(fails_with(r, 400, "PARAMETRO_INVALIDO"));
  EXPECT_EQ(r.error->detail.find("<script>"), std::string::npos);
  EXPECT_NE(r.error->detail.find("permissions[3]"), std::string::npos);
  EXPECT_TRUE(fails_with(parse(consent_body({"accounts_read"})), 400, "PARAMETRO_INVALIDO"));
  EXPECT_TRUE(fails_with(parse(consent_body({"PAYMENTS_INITIATE"})), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, RefusesPermissionsThatAreNotANonEmptyListOfStrings) {
  auto body = consent_body();
  body["data"]["permissions"] = nlohmann::json::array();
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["permissions"] = "ACCOUNTS_READ";
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["permissions"] = {"ACCOUNTS_READ", 7};
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, NamesEachMissingRequiredMember) {
  EXPECT_TRUE(fails_with(parse(nlohmann::json{{"permissions", kBalances}}), 400, "PARAMETRO_NAO_INFORMADO"));
  auto body = consent_body();
  body["data"].erase("permissions");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_NAO_INFORMADO"));
  body = consent_body();
  body["data"].erase("loggedUser");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_NAO_INFORMADO"));
  body = consent_body();
  body["data"]["loggedUser"].erase("document");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_NAO_INFORMADO"));
  body = consent_body();
  body["data"]["loggedUser"]["document"].erase("identification");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_NAO_INFORMADO"));
  body = consent_body();
  body["data"]["loggedUser"]["document"].erase("rel");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_NAO_INFORMADO"));
  body = business_body(kBalances);
  body["data"]["businessEntity"]["document"].erase("identification");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_NAO_INFORMADO"));
}

TEST(ConsentRequestShape, RefusesMembersOfTheWrongType) {
  EXPECT_TRUE(fails_with(parse(nlohmann::json{{"data", nlohmann::json::array()}}), 400, "PARAMETRO_INVALIDO"));
  auto body = consent_body();
  body["data"]["loggedUser"] = "52998224725";
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body = consent_body();
  body["data"]["loggedUser"]["document"] = nlohmann::json::array();
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body = consent_body();
  body["data"]["loggedUser"]["document"]["identification"] = 52998224725;
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body = consent_body();
  body["data"]["businessEntity"] = nullptr;
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body = consent_body();
  body["data"]["isLinked"] = "true";
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, RefusesACpfWithWrongCheckDigitsOrAnotherRel) {
  auto body = consent_body();
  body["data"]["loggedUser"] = party("52998224724", "CPF");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["loggedUser"] = party("11111111111", "CPF");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["loggedUser"] = party("529.982.247-25", "CPF");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["loggedUser"] = party(kCpf, "RG");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["loggedUser"] = party(kCpf, "cpf");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ConsentRequestShape, RefusesACnpjWithWrongCheckDigitsOrAnotherRel) {
  auto body = business_body(kBalances);
  body["data"]["businessEntity"] = party("11222333000182", "CNPJ");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["businessEntity"] = party("00000000000000", "CNPJ");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["businessEntity"] = party(kCpf, "CNPJ");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["businessEntity"] = party(kCnpj, "CPF");
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
}

}  // namespace
}  // namespace fapid::fapi::consents
