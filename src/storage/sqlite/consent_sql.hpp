#pragma once
// The SQL of the consent repository, beside the column order consent_rows.cpp reads and binds.
#include <string>

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

}  // namespace fapid::storage::sqlite::sql
