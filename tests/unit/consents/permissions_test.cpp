// The consents API v3 permission catalogue and its groups ("agrupamentos").
#include "fapi/consents/permissions.hpp"

#include <gtest/gtest.h>

#include <set>

namespace fapid::fapi::consents {
namespace {

PermissionSet set_of(std::initializer_list<std::string_view> names) {
  PermissionSet set;
  for (auto n : names) set.set(find_permission(n).value());
  return set;
}

TEST(PermissionCatalogue, HoldsTheThirtySixPermissionsOfTheV3EnumOnce) {
  const auto& all = known_permissions();
  ASSERT_EQ(all.size(), kPermissionCount);
  EXPECT_EQ(std::set<std::string_view>(all.begin(), all.end()).size(), kPermissionCount);
  EXPECT_EQ(all.front(), "ACCOUNTS_READ");
  EXPECT_EQ(all.back(), "EXCHANGES_READ");
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(find_permission(all[i]), i) << all[i];
}

TEST(PermissionCatalogue, FindsNamesExactlyAsTheSpecSpellsThem) {
  EXPECT_TRUE(find_permission("CUSTOMERS_PERSONAL_ADITTIONALINFO_READ"));  // sic
  EXPECT_FALSE(find_permission("CUSTOMERS_PERSONAL_ADDITIONALINFO_READ"));
  EXPECT_FALSE(find_permission("accounts_read"));
  EXPECT_FALSE(find_permission("ACCOUNTS_READ "));
  EXPECT_FALSE(find_permission("PAYMENTS_INITIATE"));
  EXPECT_FALSE(find_permission(""));
}

TEST(PermissionGroups, EveryPermissionBelongsToAGroupAndEveryGroupNeedsResourcesRead) {
  PermissionSet covered;
  const auto resources = find_permission("RESOURCES_READ").value();
  for (std::size_t g = 0; g < kPermissionGroupCount; ++g) {
    const auto& members = group_members(static_cast<PermissionGroup>(g));
    EXPECT_TRUE(members.test(resources)) << g;
    EXPECT_GE(members.count(), 2u) << g;
    covered |= members;
  }
  EXPECT_TRUE(covered.all());
}

TEST(PermissionGroups, CreditOperationsInvestmentsAndExchangesAreOneGroupEach) {
  EXPECT_EQ(group_members(PermissionGroup::credit_operations).count(), 17u);
  EXPECT_EQ(group_members(PermissionGroup::investments).count(), 6u);
  EXPECT_EQ(group_members(PermissionGroup::exchanges),
            set_of({"EXCHANGES_READ", "RESOURCES_READ"}));
  EXPECT_EQ(group_members(PermissionGroup::account_balances),
            set_of({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"}));
}

TEST(PermissionGroups, GrantsTheUnionOfTheCompleteGroups) {
  const auto requested = set_of({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_OVERDRAFT_LIMITS_READ",
                                 "RESOURCES_READ", "EXCHANGES_READ"});
  const auto r = apply_group_rules(requested, all_permission_groups());
  EXPECT_EQ(r.verdict, GroupVerdict::granted);
  EXPECT_EQ(r.granted, requested);
}

TEST(PermissionGroups, APermissionOutsideEveryCompleteGroupMakesTheCombinationIncorrect) {
  const auto r = apply_group_rules(set_of({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ",
                                           "ACCOUNTS_TRANSACTIONS_READ", "CREDIT_CARDS_ACCOUNTS_READ"}),
                                   all_permission_groups());
  EXPECT_EQ(r.verdict, GroupVerdict::incomplete_group);
  EXPECT_EQ(apply_group_rules(set_of({"RESOURCES_READ"}), all_permission_groups()).verdict,
            GroupVerdict::incomplete_group);
  EXPECT_EQ(apply_group_rules(set_of({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ"}), all_permission_groups()).verdict,
            GroupVerdict::incomplete_group);
}

TEST(PermissionGroups, DropsCompleteGroupsNotOfferedAndKeepsSharedPermissionsOfOfferedOnes) {
  const auto requested = set_of({"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_OVERDRAFT_LIMITS_READ",
                                 "RESOURCES_READ", "EXCHANGES_READ"});
  const auto r = apply_group_rules(requested, permission_groups({PermissionGroup::account_limits}));
  EXPECT_EQ(r.verdict, GroupVerdict::granted);
  EXPECT_EQ(r.granted, set_of({"ACCOUNTS_READ", "ACCOUNTS_OVERDRAFT_LIMITS_READ", "RESOURCES_READ"}));
}

TEST(PermissionGroups, NothingOfferedLeavesNoFunctionalPermission) {
  const auto r = apply_group_rules(set_of({"EXCHANGES_READ", "RESOURCES_READ"}),
                                   permission_groups({PermissionGroup::investments}));
  EXPECT_EQ(r.verdict, GroupVerdict::nothing_offered);
  EXPECT_TRUE(r.granted.none());
}

TEST(PermissionGroups, TellsPersonalFromBusinessCustomerData) {
  EXPECT_TRUE(asks_personal_customer_data(set_of({"CUSTOMERS_PERSONAL_ADITTIONALINFO_READ"})));
  EXPECT_FALSE(asks_personal_customer_data(set_of({"CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "RESOURCES_READ"})));
  EXPECT_TRUE(asks_business_customer_data(set_of({"CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ"})));
  EXPECT_FALSE(asks_business_customer_data(set_of({"ACCOUNTS_READ", "RESOURCES_READ"})));
}

TEST(PermissionGroups, NamesComeOutInCatalogueOrder) {
  EXPECT_EQ(permission_names(set_of({"RESOURCES_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_READ"})),
            (std::vector<std::string>{"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"}));
  EXPECT_TRUE(permission_names({}).empty());
}

}  // namespace
}  // namespace fapid::fapi::consents
