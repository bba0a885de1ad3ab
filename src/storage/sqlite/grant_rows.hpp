#pragma once
// Records to statement parameters and result columns back to records, in the orders of grant_sql.cpp.
#include <string_view>

#include "storage/records.hpp"
#include "storage/sqlite/sqlite_statement.hpp"

namespace fapid::storage::sqlite {

inline constexpr int kGrantColumnCount = 10;
inline constexpr int kRefreshColumnCount = 7;
inline constexpr int kAccessColumnCount = 9;

// Binds every column of a grant; an empty code_hash becomes NULL (so UNIQUE ignores it).
Statement& bind_grant(Statement& st, const GrantRecord& grant);
// Bind every column of a token, with `grant_id` in place of the record's own.
Statement& bind_refresh(Statement& st, const RefreshTokenRecord& token, std::string_view grant_id);
Statement& bind_access(Statement& st, const AccessTokenRecord& token, std::string_view grant_id);

// Read the columns starting at `first`.
GrantRecord read_grant(const Statement& st, int first);
RefreshTokenRecord read_refresh(const Statement& st, int first);
AccessTokenRecord read_access(const Statement& st, int first);
AuditEvent read_audit_event(const Statement& st);

}  // namespace fapid::storage::sqlite
