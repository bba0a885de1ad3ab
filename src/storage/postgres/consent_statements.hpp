#pragma once
// The SQL of the consent repository, prepared once per connection beside statements.hpp's. The
// conditional transition is one row-locking UPDATE, so racing transitions have one winner at READ
// COMMITTED.
#include <pqxx/connection>

#include "storage/consent_repository.hpp"

namespace fapid::storage::postgres::sql {

inline constexpr const char* kClaimIdempotencyKey = "claim_idempotency_key";
inline constexpr const char* kFindIdempotencyKey = "find_idempotency_key";
inline constexpr const char* kInsertConsent = "insert_consent";
inline constexpr const char* kInsertConsentHistory = "insert_consent_history";
inline constexpr const char* kFindConsent = "find_consent";
inline constexpr const char* kTransitionConsent = "transition_consent";
inline constexpr const char* kLockConsentExpiry = "lock_consent_expiry";
inline constexpr const char* kSetConsentExpiry = "set_consent_expiry";
inline constexpr const char* kInsertConsentExtension = "insert_consent_extension";
inline constexpr const char* kConsentExtensions = "consent_extensions";
inline constexpr const char* kConsentHistory = "consent_history";
inline constexpr const char* kSweepIdempotencyKeys = "sweep_idempotency_keys";

// The prepared search for the criteria `search` gives (one statement per combination of given criteria,
// so each plan uses its index): parameters $1 CPF, $2 CNPJ, $3 client id, $4 status (NULL when not
// given), $5 limit, $6 offset; columns those of kFindConsent, then the count of every match (index 13).
const char* search_consents(const ConsentSearch& search);

void prepare_consent_statements(pqxx::connection_base& db);

}  // namespace fapid::storage::postgres::sql
