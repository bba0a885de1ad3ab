#pragma once
// Consent records to statement parameters and result columns back, in the orders of consent_sql.cpp.
// A stored status or permission list this build cannot read is a corrupt row: store_fault.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/consent_repository.hpp"
#include "storage/sqlite/sqlite_statement.hpp"

namespace fapid::storage::sqlite {

// `permissions_json` is permissions_to_json(consent.permissions), kept alive by the caller until the
// statement has run (text is bound without a copy).
Statement& bind_consent(Statement& st, const ConsentRecord& consent, const std::string& permissions_json);
Statement& bind_extension(Statement& st, const ConsentExtension& extension);

Result<ConsentRecord> read_consent(const Statement& st);
ConsentExtension read_extension(const Statement& st);
Result<ConsentTransition> read_transition(const Statement& st);

// The status in column `index`; store_fault naming `operation` when it is not a known one.
Result<ConsentStatus> read_status(const Statement& st, int index, std::string_view operation);

}  // namespace fapid::storage::sqlite
