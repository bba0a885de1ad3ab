#pragma once
// A users row back to a record, in the column order of user_statements.cpp.
#include <pqxx/row>

#include "storage/user_repository.hpp"

namespace fapid::storage::postgres {

// Throws pqxx::conversion_error on a corrupt row, which pg_error.cpp maps.
UserRecord read_user(const pqxx::row& row);

}  // namespace fapid::storage::postgres
