#pragma once
// The SQL of the user repository, beside the column order user_rows.cpp reads and binds.
#include <string>

namespace fapid::storage::sqlite::sql {

extern const std::string kInsertUser;
extern const std::string kFindUserByLogin;
extern const std::string kFindUserById;
extern const std::string kSetUserDisabled;
extern const std::string kRecordFailedLogin;
extern const std::string kRecordSuccessfulLogin;

}  // namespace fapid::storage::sqlite::sql
