#include "fapi/consents/consent_request.hpp"

#include "fapi/consents/request_fields.hpp"

namespace fapid::fapi::consents {
namespace {

using fields::fail;
using fields::ok;
using fields::rule;

constexpr std::string_view kExpiryTitle = "Data de expiração inválida";

std::optional<ConsentRequestError> check_expiration(std::optional<TimePoint> expiration, TimePoint now) {
  if (!expiration) return std::nullopt;
  if (*expiration <= now) {
    return rule("DATA_EXPIRACAO_INVALIDA", kExpiryTitle, "data.expirationDateTime deve estar no futuro.");
  }
  if (*expiration > twelve_months_after(now)) {
    return rule("DATA_EXPIRACAO_INVALIDA", kExpiryTitle, "data.expirationDateTime não pode ultrapassar 12 meses.");
  }
  return std::nullopt;
}

// The rules between the permissions and the parties, in the order of the header's table.
std::optional<ConsentRequestError> check_parties(const PermissionSet& requested, bool has_business_entity) {
  const bool personal = asks_personal_customer_data(requested);
  const bool business = asks_business_customer_data(requested);
  if (personal && business) {
    return rule("PERMISSAO_PF_PJ_EM_CONJUNTO", "Permissões PF e PJ em conjunto",
                "Dados cadastrais de pessoa natural e de pessoa jurídica não podem ser pedidos juntos.");
  }
  if (business && !has_business_entity) {
    return rule("INFORMACOES_PJ_NAO_INFORMADAS", "Informações PJ não informadas",
                "Permissões CUSTOMERS_BUSINESS_* exigem data.businessEntity.");
  }
  // The spec names the code without defining it; the Open Finance reference mock bank refuses personal
  // permissions with a business entity, and this is the code for PJ permissions that are wrong.
  if (personal && has_business_entity) {
    return rule("PERMISSOES_PJ_INCORRETAS", "Permissões PJ incorretas",
                "Permissões CUSTOMERS_PERSONAL_* não cabem em um consentimento com data.businessEntity.");
  }
  return std::nullopt;
}

}  // namespace

Validated<ConsentRequest> parse_consent_request(std::string_view body, TimePoint now,
                                                const PermissionGroupSet& offered) {
  auto data = fields::read_data(body);
  if (data.error) return fail<ConsentRequest>(*data.error);
  auto cpf = fields::read_document(*data.value, fields::Party::logged_user);
  if (cpf.error) return fail<ConsentRequest>(*cpf.error);
  if (!*cpf.value) return fail<ConsentRequest>(fields::missing("data.loggedUser"));
  auto cnpj = fields::read_document(*data.value, fields::Party::business_entity);
  if (cnpj.error) return fail<ConsentRequest>(*cnpj.error);
  auto requested = fields::read_permissions(*data.value);
  if (requested.error) return fail<ConsentRequest>(*requested.error);
  auto expiration = fields::read_expiration(*data.value);
  if (expiration.error) return fail<ConsentRequest>(*expiration.error);
  auto is_linked = fields::read_is_linked(*data.value);
  if (is_linked.error) return fail<ConsentRequest>(*is_linked.error);

  // The spec: the TPP sends every permission of each group it wants, the transmitter validates that
  // ("deve validar o preenchimento correto dos agrupamentos"); the conformance suite expects 422 here.
  const auto grouped = apply_group_rules(*requested.value, offered);
  if (grouped.verdict == GroupVerdict::incomplete_group) {
    return fail<ConsentRequest>(rule("COMBINACAO_PERMISSOES_INCORRETA", "Combinação de permissões incorreta",
                                     "Cada permissão deve vir com todas as do seu agrupamento."));
  }
  if (auto e = check_parties(*requested.value, cnpj.value->has_value())) return fail<ConsentRequest>(*e);
  if (auto e = check_expiration(*expiration.value, now)) return fail<ConsentRequest>(*e);
  if (grouped.verdict == GroupVerdict::nothing_offered) {
    return fail<ConsentRequest>(rule("SEM_PERMISSOES_FUNCIONAIS_RESTANTES", "Sem permissões funcionais restantes",
                                     "Nenhum agrupamento pedido é oferecido por esta instituição."));
  }

  return ok(ConsentRequest{.logged_user_cpf = std::move(**cpf.value),
                           .business_entity_cnpj = cnpj.value->value_or(""),
                           .permissions = permission_names(grouped.granted),
                           .expiration = *expiration.value,
                           .is_linked = *is_linked.value});
}

Validated<ExtensionRequest> parse_extension_request(std::string_view body, TimePoint now,
                                                    std::optional<TimePoint> current_expiration) {
  auto data = fields::read_data(body);
  if (data.error) return fail<ExtensionRequest>(*data.error);
  auto cpf = fields::read_document(*data.value, fields::Party::logged_user);
  if (cpf.error) return fail<ExtensionRequest>(*cpf.error);
  if (!*cpf.value) return fail<ExtensionRequest>(fields::missing("data.loggedUser"));
  auto cnpj = fields::read_document(*data.value, fields::Party::business_entity);
  if (cnpj.error) return fail<ExtensionRequest>(*cnpj.error);
  auto expiration = fields::read_expiration(*data.value);
  if (expiration.error) return fail<ExtensionRequest>(*expiration.error);

  const auto& wanted = *expiration.value;
  if (auto e = check_expiration(wanted, now)) return fail<ExtensionRequest>(*e);
  // 422ResponseErrorCreateConsent: "Nova data para expiração do consentimento é inválida" when it does not
  // extend the consent. An indefinite consent has nothing later than it but indefinite.
  if (wanted && (!current_expiration || *wanted <= *current_expiration)) {
    return fail<ExtensionRequest>(rule("DATA_EXPIRACAO_INVALIDA", kExpiryTitle,
                                       "A nova data de expiração deve ser posterior à atual."));
  }

  return ok(ExtensionRequest{.logged_user_cpf = std::move(**cpf.value),
                             .business_entity_cnpj = cnpj.value->value_or(""),
                             .expiration = wanted});
}

}  // namespace fapid::fapi::consents
