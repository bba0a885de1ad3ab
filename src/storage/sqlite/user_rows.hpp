#pragma once
// A user record to statement parameters and result columns back, in the order of user_sql.cpp.
#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/user_repository.hpp"

namespace fapid::storage::sqlite {

Statement& bind_user(Statement& st, const UserRecord& user);
UserRecord read_user(const Statement& st);

}  // namespace fapid::storage::sqlite
