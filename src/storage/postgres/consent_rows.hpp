#pragma once
// Consent rows back to records, in the column orders of consent_statements.cpp. A status or a
// permission list this build cannot read throws pqxx::conversion_error, which pg_error.cpp maps to
// store_fault like any corrupt row.
#include <pqxx/row>

#include "storage/consent_repository.hpp"

namespace fapid::storage::postgres {

ConsentStatus read_status(const pqxx::field& field);
ConsentRecord read_consent(const pqxx::row& row);
ConsentExtension read_extension(const pqxx::row& row);
ConsentTransition read_transition(const pqxx::row& row);

}  // namespace fapid::storage::postgres
