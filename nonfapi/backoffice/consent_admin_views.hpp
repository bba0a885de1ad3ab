#pragma once
// The back office's view of Open Finance consents (issue 6), pure functions with no I/O. Members follow
// the consents API v3 (SPEC, Open Finance Brasil API shapes §2) where it has them, plus what staff need
// to answer a customer: the TPP (clientId), the customer's and business's documents, and the trail.
//
//   consent_json:  {consentId, clientId, status, creationDateTime, statusUpdateDateTime,
//                   expirationDateTime?, permissions[], loggedUser.document{identification, rel CPF},
//                   businessEntity?.document{identification, rel CNPJ},
//                   rejection?{rejectedBy, reason{code, additionalInformation?}}}
//   consent_detail_json adds
//                  history[]    oldest first: {dateTime, fromStatus?, toStatus, actor, reason?}
//                               (actor TPP:<client>, USER:<sub>, ASPSP or STAFF:<staff sub>)
//                  extensions[] newest first: the consents API's /extensions items
//
// And the search's query values: cpf, cnpj, clientId, status, page, page-size.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/form.hpp"
#include "nonfapi/backoffice/outage_documents.hpp"
#include "storage/consent_repository.hpp"

namespace fapid::nonfapi::backoffice {

// A staff member's change to a consent, recorded in its history ("STAFF:<subject>").
std::string staff_actor(std::string_view subject);

nlohmann::json consent_json(const storage::ConsentRecord& consent);
nlohmann::json consent_detail_json(const storage::ConsentRecord& consent,
                                   const std::vector<storage::ConsentTransition>& history,
                                   const std::vector<storage::ConsentExtension>& extensions);

// The search a query asks for (limit and offset from page and page-size), and the query again in
// canonical form (form-encoded, without page and page-size) for the page links. 400 PARAMETRO_INVALIDO
// for a CPF or CNPJ that fails its check digits (fapi/consents/documents.hpp), an empty or over-long
// clientId (256 bytes), a status outside AWAITING_AUTHORISATION, AUTHORISED, REJECTED, or a bad page.
// Other parameters are ignored.
struct ConsentQuery {
  storage::ConsentSearch search;
  PageRequest page;
  std::string canonical_query;
};
Validated<ConsentQuery> parse_consent_query(const http::Params& params);

}  // namespace fapid::nonfapi::backoffice
