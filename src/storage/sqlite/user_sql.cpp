#include "storage/sqlite/user_sql.hpp"

namespace fapid::storage::sqlite::sql {
namespace {

// The column order bind_user and read_user expect (user_rows.cpp).
const std::string kUserColumns =
    "id, login, document, name, email, attributes_json, password_hash, disabled, failed_logins, locked_until, "
    "created_at, updated_at";

}  // namespace

// A taken login writes nothing (changes() is 0); a duplicate id is still an error.
const std::string kInsertUser = "INSERT INTO users (" + kUserColumns +
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                                "ON CONFLICT (login) DO NOTHING";
const std::string kFindUserByLogin = "SELECT " + kUserColumns + " FROM users WHERE login = ?1";
const std::string kFindUserById = "SELECT " + kUserColumns + " FROM users WHERE id = ?1";
const std::string kSetUserDisabled = "UPDATE users SET disabled = ?2, updated_at = ?3 WHERE login = ?1";
// One statement computes the new count from the stored one, so concurrent failures (threads, or
// processes sharing the file) each add one. ?2 is the threshold, ?3 the end of the lock.
const std::string kRecordFailedLogin =
    "UPDATE users SET failed_logins = failed_logins + 1, "
    "locked_until = CASE WHEN failed_logins + 1 >= ?2 THEN ?3 ELSE locked_until END, updated_at = ?4 "
    "WHERE id = ?1 RETURNING " + kUserColumns;
// ?2 is NULL unless the hash was upgraded.
const std::string kRecordSuccessfulLogin =
    "UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = COALESCE(?2, password_hash), "
    "updated_at = ?3 WHERE id = ?1";

}  // namespace fapid::storage::sqlite::sql
