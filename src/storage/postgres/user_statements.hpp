#pragma once
// The SQL of the user repository, prepared once per connection beside statements.hpp's.
#include <pqxx/connection>

namespace fapid::storage::postgres::sql {

inline constexpr const char* kInsertUser = "insert_user";
inline constexpr const char* kFindUserByLogin = "find_user_by_login";
inline constexpr const char* kFindUserById = "find_user_by_id";
inline constexpr const char* kSetUserDisabled = "set_user_disabled";
inline constexpr const char* kRecordFailedLogin = "record_failed_login";
inline constexpr const char* kRecordSuccessfulLogin = "record_successful_login";

void prepare_user_statements(pqxx::connection_base& db);

}  // namespace fapid::storage::postgres::sql
