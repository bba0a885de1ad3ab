#pragma once
// The SQL of the consent repository, beside the column order consent_rows.cpp reads and binds.
#include <string>

#include "storage/consent_repository.hpp"

namespace fapid::storage::sqlite::sql {

extern const std::string kClaimIdempotencyKey;
extern const std::string kFindIdempotencyKey;
extern const std::string kInsertConsent;
extern const std::string kInsertConsentHistory;
extern const std::string kFindConsent;
extern const std::string kTransitionConsent;
extern const std::string kConsentExpiry;
extern const std::string kSetConsentExpiry;
extern const std::string kInsertConsentExtension;
extern const std::string kConsentExtensions;
extern const std::string kConsentHistory;
extern const std::string kSweepIdempotencyKeys;

// The search for the criteria `search` gives (one constant text per combination of given criteria, so
// each uses its index): parameters ?1 CPF, ?2 CNPJ, ?3 client id, ?4 status (bound whether used or not),
// ?5 limit, ?6 offset; columns those of kFindConsent, then the count of every match (index 13).
const std::string& search_consents(const ConsentSearch& search);

}  // namespace fapid::storage::sqlite::sql
