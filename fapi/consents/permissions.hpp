#pragma once
// The permission catalogue of the Open Finance Brasil consents API v3 (3.0.0 to 3.3.1, the
// CreateConsent.data.permissions enum) and its data-sharing groups ("agrupamentos", the table in the
// API description): a TPP must ask for every permission of each group it wants, and the transmitter keeps
// whole groups only.
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapid::fapi::consents {

inline constexpr std::size_t kPermissionCount = 36;
using PermissionSet = std::bitset<kPermissionCount>;  // bit i: known_permissions()[i]

// The groups of the consents API v3 table, in its order.
enum class PermissionGroup : std::uint8_t {
  personal_registration,     // Cadastro – Dados Cadastrais PF
  personal_additional_info,  // Cadastro – Informações complementares PF
  business_registration,     // Cadastro – Dados Cadastrais PJ
  business_additional_info,  // Cadastro – Informações complementares PJ
  account_balances,          // Contas – Saldos
  account_limits,            // Contas – Limites
  account_transactions,      // Contas – Extratos
  credit_card_limits,        // Cartão de Crédito – Limites
  credit_card_transactions,  // Cartão de Crédito – Transações
  credit_card_bills,         // Cartão de Crédito – Faturas
  credit_operations,         // Operações de Crédito – Dados do Contrato (loans, financings, overdraft, invoice financings)
  investments,               // Investimento – Dados da Operação
  exchanges,                 // Câmbio – Dados da Operação
};
inline constexpr std::size_t kPermissionGroupCount = 13;
using PermissionGroupSet = std::bitset<kPermissionGroupCount>;

PermissionGroupSet permission_groups(std::initializer_list<PermissionGroup> groups);
PermissionGroupSet all_permission_groups();

// Every permission this server knows, in catalogue (the spec's enum) order.
const std::vector<std::string_view>& known_permissions();

// The index of `name` in known_permissions(), or nullopt. Exact, case-sensitive match.
std::optional<std::size_t> find_permission(std::string_view name);

// The members of one group.
const PermissionSet& group_members(PermissionGroup group);

enum class GroupVerdict {
  granted,           // `granted` holds the offered complete groups
  incomplete_group,  // a permission outside every group asked for in full: COMBINACAO_PERMISSOES_INCORRETA
  nothing_offered,   // complete groups, none offered: SEM_PERMISSOES_FUNCIONAIS_RESTANTES
};
struct GroupedPermissions {
  GroupVerdict verdict = GroupVerdict::incomplete_group;
  PermissionSet granted;
};

// Every requested permission must belong to a group requested in full; then the union of the complete
// groups the institution offers is granted. A permission shared by groups (RESOURCES_READ, ACCOUNTS_READ,
// CREDIT_CARDS_ACCOUNTS_READ) stays when any granted group has it.
GroupedPermissions apply_group_rules(const PermissionSet& requested, const PermissionGroupSet& offered);

// CUSTOMERS_PERSONAL_* and CUSTOMERS_BUSINESS_*: the customer data of a natural or a legal person.
bool asks_personal_customer_data(const PermissionSet& permissions);
bool asks_business_customer_data(const PermissionSet& permissions);

// The names of the set, in catalogue order.
std::vector<std::string> permission_names(const PermissionSet& permissions);

}  // namespace fapid::fapi::consents
