#pragma once
// The back office's consents administration (issue 6, item 5): staff search and read the Open Finance
// consents of the institution's customers, and revoke one on a customer's request. Views in
// consent_admin_views.hpp; answers the `data`/`links`/`meta` envelope, failures `errors[]`.
//
//   GET  /backoffice/v1/consents?cpf=&cnpj=&clientId=&status=&page=&page-size=   oob_consents:read
//        newest first (creationDateTime, then consentId)
//   GET  /backoffice/v1/consents/{consentId}            oob_consents:read   with history and extensions
//   POST /backoffice/v1/consents/{consentId}/revoke     oob_consents:write  no body needed
//   OPTIONS on both paths                               CORS preflight for the portal
//
// Reads apply a due expiry first, as the FAPI tree does (fapi/consents/consent_expiry.hpp): the consent
// is rejected by the ASPSP and its grants revoked before anyone sees it as still alive.
//
// Revoking (consents API v3 semantics of DELETE /consents/{id}, done by the institution): an AUTHORISED
// consent becomes REJECTED with rejectedBy USER, reason CUSTOMER_MANUALLY_REVOKED; an AWAITING_AUTHORISATION
// one with CUSTOMER_MANUALLY_REJECTED; the history records actor STAFF:<staff sub>; every grant of the
// consent (and so its access and refresh tokens) is revoked; audit event consent.revoked. 200 with the
// consent as it now stands. Already REJECTED: 422 CONSENTIMENTO_EM_STATUS_REJEITADO (its grants are
// revoked again, in case an earlier attempt was cut short between the two steps).
#include <memory>

#include "http/router.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi::backoffice {

inline constexpr std::string_view kConsentsPath = "/backoffice/v1/consents";

void add_consents_admin_api(http::Router& router, std::shared_ptr<const Context> ctx);

}  // namespace fapid::nonfapi::backoffice
