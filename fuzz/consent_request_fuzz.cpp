// libFuzzer target: the Open Finance Brasil consents API v3 request bodies (fapi/consents/consent_request.hpp),
// the input read as a consent creation (with every group offered, and with only the accounts and credit
// card groups), as an extension (of a dated and of an indefinite consent), and as a bare date-time.
// Oracle beyond "no crash, no UB": exactly one of value and error; an error is 400 PARAMETRO_INVALIDO or
// PARAMETRO_NAO_INFORMADO or 422 with one of the spec's codes, and has a title and a detail. An accepted
// creation names a valid CPF, no CNPJ or a valid one, known permissions in catalogue order without
// duplicates that are exactly a union of whole offered groups, with personal and business customer data
// never together and business data only with a CNPJ; any expiry is after now and within 12 months. An
// accepted extension has valid documents and an expiry, if any, within the same window and later than the
// current one. A date-time that parses formats back to the same second, and to itself in the wire form.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "fapi/consents/consent_request.hpp"

namespace {

using namespace fapid::fapi::consents;

const TimePoint kNow = parse_date_time("2025-03-10T12:00:00Z").value();

void require(bool ok) {
  if (!ok) __builtin_trap();
}

template <class T>
void check_outcome(const Validated<T>& r) {
  require(r.value.has_value() != r.error.has_value());
  if (!r.error) return;
  static const std::set<std::string> k400 = {"PARAMETRO_INVALIDO", "PARAMETRO_NAO_INFORMADO"};
  static const std::set<std::string> k422 = {
      "SEM_PERMISSOES_FUNCIONAIS_RESTANTES", "INFORMACOES_PJ_NAO_INFORMADAS", "PERMISSOES_PJ_INCORRETAS",
      "PERMISSAO_PF_PJ_EM_CONJUNTO",         "COMBINACAO_PERMISSOES_INCORRETA", "DATA_EXPIRACAO_INVALIDA"};
  const auto& e = *r.error;
  require((e.status == 400 && k400.count(e.code)) || (e.status == 422 && k422.count(e.code)));
  require(!e.title.empty() && !e.detail.empty());
}

void check_expiry(std::optional<TimePoint> expiration) {
  if (!expiration) return;
  require(*expiration > kNow && *expiration <= twelve_months_after(kNow));
  require(parse_date_time(format_date_time(*expiration)) == *expiration);  // whole seconds
}

void check_creation(std::string_view body, const PermissionGroupSet& offered) {
  const auto r = parse_consent_request(body, kNow, offered);
  check_outcome(r);
  if (!r.value) return;
  const auto& c = *r.value;
  require(is_valid_cpf(c.logged_user_cpf));
  require(c.business_entity_cnpj.empty() || is_valid_cnpj(c.business_entity_cnpj));

  PermissionSet granted;
  std::size_t previous = 0;
  for (std::size_t i = 0; i < c.permissions.size(); ++i) {
    const auto index = find_permission(c.permissions[i]);
    require(index.has_value());
    require(i == 0 || *index > previous);  // catalogue order, no duplicates
    previous = *index;
    granted.set(*index);
  }
  require(granted.any());
  PermissionSet whole_groups;
  for (std::size_t g = 0; g < kPermissionGroupCount; ++g) {
    const auto& members = group_members(static_cast<PermissionGroup>(g));
    if (offered.test(g) && (members & ~granted).none()) whole_groups |= members;
  }
  require(whole_groups == granted);
  require(!(asks_personal_customer_data(granted) && asks_business_customer_data(granted)));
  require(!asks_business_customer_data(granted) || !c.business_entity_cnpj.empty());
  check_expiry(c.expiration);
}

void check_extension(std::string_view body, std::optional<TimePoint> current) {
  const auto r = parse_extension_request(body, kNow, current);
  check_outcome(r);
  if (!r.value) return;
  require(is_valid_cpf(r.value->logged_user_cpf));
  require(r.value->business_entity_cnpj.empty() || is_valid_cnpj(r.value->business_entity_cnpj));
  check_expiry(r.value->expiration);
  if (r.value->expiration) require(current && *r.value->expiration > *current);
}

void check_date_time(std::string_view text) {
  const auto t = parse_date_time(text);
  if (!t) return;
  const auto wire = format_date_time(*t);
  require(parse_date_time(wire) == t);
  if (text.size() == kWireDateTimeLength) require(wire == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_creation(input, all_permission_groups());
  check_creation(input, permission_groups({PermissionGroup::account_balances, PermissionGroup::account_limits,
                                           PermissionGroup::account_transactions, PermissionGroup::credit_card_limits,
                                           PermissionGroup::credit_card_transactions,
                                           PermissionGroup::credit_card_bills}));
  check_extension(input, kNow + std::chrono::hours{24 * 30});
  check_extension(input, std::nullopt);
  check_date_time(input);
  return 0;
}
