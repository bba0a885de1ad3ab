#pragma once
// The body of a consent creation or extension (Open Finance Brasil consents API v3, 3.0.0 to 3.3.1),
// validated strictly: JSON shape, documents (CPF and CNPJ with their check digits), permissions (known
// names, whole groups, allowed combinations) and dates. Errors carry the HTTP status and the `code` of
// the spec's errors[].
//
// 400 (the spec leaves its code free; we use the ecosystem's payments vocabulary):
//   PARAMETRO_NAO_INFORMADO  a required member is missing
//   PARAMETRO_INVALIDO       not JSON, too big, a wrong type, a bad document, an unknown permission, a
//                            date not in the wire form
// 422 (ResponseErrorUnprocessableEntity / 422ResponseErrorCreateConsent), in the order they are checked:
//   COMBINACAO_PERMISSOES_INCORRETA      a permission outside every group asked for in full (RESOURCES_READ
//                                        alone is one)
//   PERMISSAO_PF_PJ_EM_CONJUNTO          personal and business customer data together
//   INFORMACOES_PJ_NAO_INFORMADAS        business customer data without data.businessEntity
//   PERMISSOES_PJ_INCORRETAS             personal customer data for a business entity
//   DATA_EXPIRACAO_INVALIDA              expiry not after now, past 12 months, or (extension) not after the
//                                        current one
//   SEM_PERMISSOES_FUNCIONAIS_RESTANTES  no complete group the institution offers
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fapi/consents/date_time.hpp"
#include "fapi/consents/documents.hpp"
#include "fapi/consents/permissions.hpp"

namespace fapid::fapi::consents {

inline constexpr std::size_t kMaxConsentBodyBytes = 16 * 1024;
inline constexpr std::size_t kMaxRequestedPermissions = 100;  // the catalogue has 36; duplicates are collapsed

struct ConsentRequestError {
  int status = 400;   // 400 (malformed, unknown permission) or 422 (business rule)
  std::string code;   // e.g. PARAMETRO_INVALIDO, COMBINACAO_PERMISSOES_INCORRETA, DATA_EXPIRACAO_INVALIDA
  std::string title;
  std::string detail;  // public: names the member at fault, never echoes the caller's values
};

struct ConsentRequest {
  std::string logged_user_cpf;                 // 11 digits
  std::string business_entity_cnpj;            // 14 characters, or empty
  std::vector<std::string> permissions;        // the granted subset, in catalogue order, no duplicates
  std::optional<TimePoint> expiration;         // none: indefinite
  std::optional<bool> is_linked;               // data.isLinked (3.3 optimised journey), when sent
};

struct ExtensionRequest {
  std::string logged_user_cpf;
  std::string business_entity_cnpj;
  std::optional<TimePoint> expiration;         // none: indefinite
};

template <class T>
struct Validated {
  std::optional<T> value;
  std::optional<ConsentRequestError> error;
};

// `now` decides whether an expiration is in the future and within 12 months. `offered` is the groups the
// institution serves: complete groups outside it are dropped from the answer (the spec's "supported
// subset"), and when none is left the request fails with SEM_PERMISSOES_FUNCIONAIS_RESTANTES.
Validated<ConsentRequest> parse_consent_request(std::string_view body, TimePoint now,
                                                const PermissionGroupSet& offered = all_permission_groups());

// `current_expiration` is the consent's (none: indefinite). A new expiration must be later than it; an
// indefinite consent can only be renewed as indefinite (a date would shorten it, which is no extension).
Validated<ExtensionRequest> parse_extension_request(std::string_view body, TimePoint now,
                                                    std::optional<TimePoint> current_expiration);

}  // namespace fapid::fapi::consents
