#include "storage/postgres/user_rows.hpp"

#include "storage/postgres/row_mapping.hpp"

namespace fapid::storage::postgres {

UserRecord read_user(const pqxx::row& row) {
  UserRecord u;
  u.id = row[0].as<std::string>();
  u.login = row[1].as<std::string>();
  u.document = row[2].as<std::string>();
  u.name = row[3].as<std::string>();
  u.email = row[4].as<std::string>();
  u.attributes_json = row[5].as<std::string>();
  u.password_hash = row[6].as<std::string>();
  u.disabled = row[7].as<bool>();
  u.failed_logins = row[8].as<int>();
  u.locked_until = optional_time(row[9]);
  u.created_at = from_millis(row[10].as<std::int64_t>());
  u.updated_at = from_millis(row[11].as<std::int64_t>());
  return u;
}

}  // namespace fapid::storage::postgres
