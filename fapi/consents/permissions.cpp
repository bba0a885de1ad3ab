#include "fapi/consents/permissions.hpp"

#include <array>
#include <stdexcept>

namespace fapid::fapi::consents {
namespace {

// The enum of CreateConsent.data.permissions, consents API 3.3.1. "ADITTIONALINFO" is the spec's spelling.
constexpr std::array<std::string_view, kPermissionCount> kCatalogue = {
    "ACCOUNTS_READ",
    "ACCOUNTS_BALANCES_READ",
    "ACCOUNTS_TRANSACTIONS_READ",
    "ACCOUNTS_OVERDRAFT_LIMITS_READ",
    "CREDIT_CARDS_ACCOUNTS_READ",
    "CREDIT_CARDS_ACCOUNTS_BILLS_READ",
    "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ",
    "CREDIT_CARDS_ACCOUNTS_LIMITS_READ",
    "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ",
    "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
    "CUSTOMERS_PERSONAL_ADITTIONALINFO_READ",
    "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ",
    "CUSTOMERS_BUSINESS_ADITTIONALINFO_READ",
    "FINANCINGS_READ",
    "FINANCINGS_SCHEDULED_INSTALMENTS_READ",
    "FINANCINGS_PAYMENTS_READ",
    "FINANCINGS_WARRANTIES_READ",
    "INVOICE_FINANCINGS_READ",
    "INVOICE_FINANCINGS_SCHEDULED_INSTALMENTS_READ",
    "INVOICE_FINANCINGS_PAYMENTS_READ",
    "INVOICE_FINANCINGS_WARRANTIES_READ",
    "LOANS_READ",
    "LOANS_SCHEDULED_INSTALMENTS_READ",
    "LOANS_PAYMENTS_READ",
    "LOANS_WARRANTIES_READ",
    "UNARRANGED_ACCOUNTS_OVERDRAFT_READ",
    "UNARRANGED_ACCOUNTS_OVERDRAFT_SCHEDULED_INSTALMENTS_READ",
    "UNARRANGED_ACCOUNTS_OVERDRAFT_PAYMENTS_READ",
    "UNARRANGED_ACCOUNTS_OVERDRAFT_WARRANTIES_READ",
    "RESOURCES_READ",
    "BANK_FIXED_INCOMES_READ",
    "CREDIT_FIXED_INCOMES_READ",
    "FUNDS_READ",
    "VARIABLE_INCOMES_READ",
    "TREASURE_TITLES_READ",
    "EXCHANGES_READ",
};
static_assert(!kCatalogue.back().empty(), "kPermissionCount exceeds the catalogue");

// The groups table of the consents API v3 description, in PermissionGroup order. Credit operations,
// investments and exchanges are one group each: the spec keeps all their permissions together.
const std::array<std::vector<std::string_view>, kPermissionGroupCount> kGroupNames = {{
    {"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "RESOURCES_READ"},
    {"CUSTOMERS_PERSONAL_ADITTIONALINFO_READ", "RESOURCES_READ"},
    {"CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "RESOURCES_READ"},
    {"CUSTOMERS_BUSINESS_ADITTIONALINFO_READ", "RESOURCES_READ"},
    {"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"},
    {"ACCOUNTS_READ", "ACCOUNTS_OVERDRAFT_LIMITS_READ", "RESOURCES_READ"},
    {"ACCOUNTS_READ", "ACCOUNTS_TRANSACTIONS_READ", "RESOURCES_READ"},
    {"CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "RESOURCES_READ"},
    {"CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ", "RESOURCES_READ"},
    {"CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_BILLS_READ", "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ",
     "RESOURCES_READ"},
    {"LOANS_READ", "LOANS_WARRANTIES_READ", "LOANS_SCHEDULED_INSTALMENTS_READ", "LOANS_PAYMENTS_READ",
     "FINANCINGS_READ", "FINANCINGS_WARRANTIES_READ", "FINANCINGS_SCHEDULED_INSTALMENTS_READ",
     "FINANCINGS_PAYMENTS_READ", "UNARRANGED_ACCOUNTS_OVERDRAFT_READ", "UNARRANGED_ACCOUNTS_OVERDRAFT_WARRANTIES_READ",
     "UNARRANGED_ACCOUNTS_OVERDRAFT_SCHEDULED_INSTALMENTS_READ", "UNARRANGED_ACCOUNTS_OVERDRAFT_PAYMENTS_READ",
     "INVOICE_FINANCINGS_READ", "INVOICE_FINANCINGS_WARRANTIES_READ", "INVOICE_FINANCINGS_SCHEDULED_INSTALMENTS_READ",
     "INVOICE_FINANCINGS_PAYMENTS_READ", "RESOURCES_READ"},
    {"BANK_FIXED_INCOMES_READ", "CREDIT_FIXED_INCOMES_READ", "FUNDS_READ", "VARIABLE_INCOMES_READ",
     "TREASURE_TITLES_READ", "RESOURCES_READ"},
    {"EXCHANGES_READ", "RESOURCES_READ"},
}};

PermissionSet set_of(const std::vector<std::string_view>& names) {
  PermissionSet set;
  for (auto name : names) {
    const auto index = find_permission(name);
    if (!index) throw std::logic_error("permission group names an unknown permission: " + std::string(name));
    set.set(*index);
  }
  return set;
}

const std::array<PermissionSet, kPermissionGroupCount>& groups() {
  static const auto built = [] {
    std::array<PermissionSet, kPermissionGroupCount> out;
    for (std::size_t g = 0; g < kPermissionGroupCount; ++g) out[g] = set_of(kGroupNames[g]);
    return out;
  }();
  return built;
}

const PermissionSet& personal_customer_data() {
  static const auto set = set_of({"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "CUSTOMERS_PERSONAL_ADITTIONALINFO_READ"});
  return set;
}

const PermissionSet& business_customer_data() {
  static const auto set = set_of({"CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "CUSTOMERS_BUSINESS_ADITTIONALINFO_READ"});
  return set;
}

}  // namespace

PermissionGroupSet permission_groups(std::initializer_list<PermissionGroup> list) {
  PermissionGroupSet set;
  for (auto g : list) set.set(static_cast<std::size_t>(g));
  return set;
}

PermissionGroupSet all_permission_groups() { return PermissionGroupSet{}.set(); }

const std::vector<std::string_view>& known_permissions() {
  static const std::vector<std::string_view> list(kCatalogue.begin(), kCatalogue.end());
  return list;
}

std::optional<std::size_t> find_permission(std::string_view name) {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (kCatalogue[i] == name) return i;
  }
  return std::nullopt;
}

const PermissionSet& group_members(PermissionGroup group) { return groups()[static_cast<std::size_t>(group)]; }

GroupedPermissions apply_group_rules(const PermissionSet& requested, const PermissionGroupSet& offered) {
  PermissionSet covered;
  PermissionSet granted;
  for (std::size_t g = 0; g < kPermissionGroupCount; ++g) {
    const auto& members = groups()[g];
    if ((members & ~requested).any()) continue;  // not asked for in full
    covered |= members;
    if (offered.test(g)) granted |= members;
  }
  if ((requested & ~covered).any()) return {GroupVerdict::incomplete_group, {}};
  if (granted.none()) return {GroupVerdict::nothing_offered, {}};
  return {GroupVerdict::granted, granted};
}

bool asks_personal_customer_data(const PermissionSet& permissions) {
  return (permissions & personal_customer_data()).any();
}

bool asks_business_customer_data(const PermissionSet& permissions) {
  return (permissions & business_customer_data()).any();
}

std::vector<std::string> permission_names(const PermissionSet& permissions) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < kPermissionCount; ++i) {
    if (permissions.test(i)) names.emplace_back(kCatalogue[i]);
  }
  return names;
}

}  // namespace fapid::fapi::consents
