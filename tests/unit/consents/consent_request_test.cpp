// POST /consents bodies (Open Finance Brasil consents API v3): shape, documents, permission groups and
// combinations, expiry (SPEC "Open Finance Brasil API shapes" 2, section 17).
#include "fapi/consents/consent_request.hpp"

#include <gtest/gtest.h>

#include "consent_test_support.hpp"

namespace fapid::fapi::consents {
namespace {

using namespace testing;
using std::chrono::seconds;

const TimePoint kNow = at("2025-03-10T12:00:00Z");

Validated<ConsentRequest> parse(const nlohmann::json& body, const PermissionGroupSet& offered = all_permission_groups()) {
  return parse_consent_request(body.dump(), kNow, offered);
}

// --- accepted bodies -------------------------------------------------------------------------------

TEST(ConsentRequest, AcceptsAWholeGroupAndAnswersItInCatalogueOrder) {
  const auto r = parse(consent_body({"RESOURCES_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_READ"}));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->logged_user_cpf, kCpf);
  EXPECT_EQ(r.value->business_entity_cnpj, "");
  EXPECT_EQ(r.value->permissions, kBalances);
  EXPECT_FALSE(r.value->expiration);  // omitted: indefinite
  EXPECT_FALSE(r.value->is_linked);
}

TEST(ConsentRequest, CollapsesDuplicatePermissions) {
  const auto r = parse(consent_body({"ACCOUNTS_READ", "RESOURCES_READ", "ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ",
                                     "RESOURCES_READ"}));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->permissions, kBalances);
}

TEST(ConsentRequest, PermissionsSharedByTwoGroupsAppearOnce) {
  const auto r = parse(consent_body({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_TRANSACTIONS_READ",
                                     "RESOURCES_READ"}));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->permissions, (std::vector<std::string>{"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ",
                                                            "ACCOUNTS_TRANSACTIONS_READ", "RESOURCES_READ"}));
}

TEST(ConsentRequest, AcceptsEachGroupOfTheTableOnItsOwn) {
  for (std::size_t g = 0; g < kPermissionGroupCount; ++g) {
    const auto names = permission_names(group_members(static_cast<PermissionGroup>(g)));
    const bool business = asks_business_customer_data(group_members(static_cast<PermissionGroup>(g)));
    const auto r = parse(business ? business_body(names) : consent_body(names));
    ASSERT_TRUE(accepted(r)) << g;
    EXPECT_EQ(r.value->permissions, names) << g;
  }
}

TEST(ConsentRequest, AcceptsEveryNonPersonalGroupAtOnceForABusinessEntity) {
  std::vector<std::string> names;
  for (auto p : known_permissions()) {
    if (std::string_view(p).starts_with("CUSTOMERS_PERSONAL_")) continue;
    names.emplace_back(p);
  }
  const auto r = parse(business_body(names));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->permissions, names);
  EXPECT_EQ(r.value->business_entity_cnpj, kCnpj);
}

TEST(ConsentRequest, AcceptsAccountDataForABusinessEntity) {
  const auto r = parse(business_body(kBalances));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->business_entity_cnpj, kCnpj);
}

TEST(ConsentRequest, AcceptsAnAlphanumericCnpj) {
  auto body = business_body(kBalances);
  body["data"]["businessEntity"] = party("12ABC34501DE35", "CNPJ");
  const auto r = parse(body);
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->business_entity_cnpj, "12ABC34501DE35");
}

TEST(ConsentRequest, KeepsIsLinkedOfTheOptimisedJourney) {
  auto body = consent_body();
  body["data"]["isLinked"] = true;
  const auto r = parse(body);
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->is_linked, true);
}

TEST(ConsentRequest, IgnoresMembersTheSpecDoesNotDefine) {
  auto body = consent_body();
  body["data"]["somethingNew"] = {{"nested", 1}};
  body["meta"] = nlohmann::json::object();
  EXPECT_TRUE(accepted(parse(body)));
}

// --- the supported subset ------------------------------------------------------------------------

TEST(ConsentRequest, DropsCompleteGroupsTheInstitutionDoesNotOffer) {
  const auto r = parse(consent_body({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ", "EXCHANGES_READ"}),
                       permission_groups({PermissionGroup::exchanges}));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->permissions, (std::vector<std::string>{"RESOURCES_READ", "EXCHANGES_READ"}));
}

TEST(ConsentRequest, KeepsTheWholeCreditOperationsGroupWhenItIsOffered) {
  const auto names = permission_names(group_members(PermissionGroup::credit_operations));
  const auto r = parse(consent_body(names), permission_groups({PermissionGroup::credit_operations}));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->permissions.size(), 17u);
}

TEST(ConsentRequest, RefusesWhenNoRequestedGroupIsOffered) {
  EXPECT_TRUE(fails_with(parse(consent_body({"EXCHANGES_READ", "RESOURCES_READ"}),
                               permission_groups({PermissionGroup::account_balances})),
                         422, "SEM_PERMISSOES_FUNCIONAIS_RESTANTES"));
}

// --- combinations --------------------------------------------------------------------------------

TEST(ConsentRequest, RefusesResourcesReadAlone) {
  EXPECT_TRUE(fails_with(parse(consent_body({"RESOURCES_READ"})), 422, "COMBINACAO_PERMISSOES_INCORRETA"));
}

TEST(ConsentRequest, RefusesAGroupMissingOneOfItsPermissions) {
  EXPECT_TRUE(fails_with(parse(consent_body({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ"})), 422,
                         "COMBINACAO_PERMISSOES_INCORRETA"));
  EXPECT_TRUE(fails_with(parse(consent_body({"ACCOUNTS_BALANCES_READ", "RESOURCES_READ"})), 422,
                         "COMBINACAO_PERMISSOES_INCORRETA"));
}

TEST(ConsentRequest, RefusesAPermissionThatCompletesNoGroupBesideACompleteOne) {
  EXPECT_TRUE(fails_with(parse(consent_body({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ",
                                             "CREDIT_CARDS_ACCOUNTS_READ"})),
                         422, "COMBINACAO_PERMISSOES_INCORRETA"));
}

TEST(ConsentRequest, RefusesPartOfTheCreditOperationsGroup) {
  EXPECT_TRUE(fails_with(parse(consent_body({"LOANS_READ", "LOANS_WARRANTIES_READ", "LOANS_SCHEDULED_INSTALMENTS_READ",
                                             "LOANS_PAYMENTS_READ", "RESOURCES_READ"})),
                         422, "COMBINACAO_PERMISSOES_INCORRETA"));
}

TEST(ConsentRequest, RefusesPersonalAndBusinessCustomerDataTogether) {
  const std::vector<std::string> both = {"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
                                         "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "RESOURCES_READ"};
  EXPECT_TRUE(fails_with(parse(business_body(both)), 422, "PERMISSAO_PF_PJ_EM_CONJUNTO"));
  EXPECT_TRUE(fails_with(parse(consent_body(both)), 422, "PERMISSAO_PF_PJ_EM_CONJUNTO"));
}

TEST(ConsentRequest, RefusesBusinessCustomerDataWithoutABusinessEntity) {
  EXPECT_TRUE(fails_with(parse(consent_body({"CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "RESOURCES_READ"})), 422,
                         "INFORMACOES_PJ_NAO_INFORMADAS"));
}

TEST(ConsentRequest, RefusesPersonalCustomerDataForABusinessEntity) {
  EXPECT_TRUE(fails_with(parse(business_body({"CUSTOMERS_PERSONAL_ADITTIONALINFO_READ", "RESOURCES_READ"})), 422,
                         "PERMISSOES_PJ_INCORRETAS"));
}

TEST(ConsentRequest, AcceptsPersonalCustomerDataWithoutABusinessEntity) {
  EXPECT_TRUE(accepted(parse(consent_body({"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "RESOURCES_READ"}))));
}

// --- expiry --------------------------------------------------------------------------------------

nlohmann::json expiring(std::string_view when) {
  auto body = consent_body();
  body["data"]["expirationDateTime"] = when;
  return body;
}

TEST(ConsentRequest, AcceptsAnExpiryFromOneSecondToTwelveMonthsAhead) {
  const auto soon = parse(expiring("2025-03-10T12:00:01Z"));
  ASSERT_TRUE(accepted(soon));
  EXPECT_EQ(soon.value->expiration, kNow + seconds{1});
  const auto last = parse(expiring("2026-03-10T12:00:00Z"));
  ASSERT_TRUE(accepted(last));
  EXPECT_EQ(last.value->expiration, at("2026-03-10T12:00:00Z"));
}

TEST(ConsentRequest, RefusesAnExpiryNowOrInThePast) {
  EXPECT_TRUE(fails_with(parse(expiring("2025-03-10T12:00:00Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
  EXPECT_TRUE(fails_with(parse(expiring("2025-03-10T11:59:59Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
  EXPECT_TRUE(fails_with(parse(expiring("2020-01-01T00:00:00Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
}

TEST(ConsentRequest, RefusesAnExpiryBeyondTwelveMonths) {
  EXPECT_TRUE(fails_with(parse(expiring("2026-03-10T12:00:01Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
  EXPECT_TRUE(fails_with(parse(expiring("2030-01-01T00:00:00Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
}

TEST(ConsentRequest, OnALeapDayTheLastExpiryIsTheTwentyEighthOfFebruaryNextYear) {
  const auto leap = at("2024-02-29T10:00:00Z");
  auto body = consent_body();
  body["data"]["expirationDateTime"] = "2025-02-28T10:00:00Z";
  EXPECT_TRUE(accepted(parse_consent_request(body.dump(), leap)));
  body["data"]["expirationDateTime"] = "2025-02-28T10:00:01Z";
  EXPECT_TRUE(fails_with(parse_consent_request(body.dump(), leap), 422, "DATA_EXPIRACAO_INVALIDA"));
  body["data"]["expirationDateTime"] = "2024-02-29T10:00:01Z";
  EXPECT_TRUE(accepted(parse_consent_request(body.dump(), leap)));
}

TEST(ConsentRequest, RefusesAnExpiryNotInTheWireForm) {
  for (const char* bad : {"2025-06-01T12:00:00", "2025-06-01T12:00:00+00:00", "2025-06-01T12:00:00.000Z",
                          "2025-06-01T12:00:00z", "2025-06-01", "2025-12-31T23:59:60Z", "2025-02-29T12:00:00Z",
                          "01/06/2025", ""}) {
    EXPECT_TRUE(fails_with(parse(expiring(bad)), 400, "PARAMETRO_INVALIDO")) << bad;
  }
}

TEST(ConsentRequest, RefusesAnExpiryThatIsNotAString) {
  auto body = consent_body();
  body["data"]["expirationDateTime"] = nullptr;  // indefinite is an omitted member, not null
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
  body["data"]["expirationDateTime"] = 1767225600;
  EXPECT_TRUE(fails_with(parse(body), 400, "PARAMETRO_INVALIDO"));
}

}  // namespace
}  // namespace fapid::fapi::consents
