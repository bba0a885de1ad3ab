#include "storage/postgres/user_statements.hpp"

#include <string>

namespace fapid::storage::postgres::sql {
namespace {

// The column order read_user expects (user_rows.cpp).
const std::string kUserColumns =
    "id, login, document, name, email, attributes_json, password_hash, disabled, failed_logins, locked_until, "
    "created_at, updated_at";

}  // namespace

void prepare_user_statements(pqxx::connection_base& db) {
  // ON CONFLICT (login) DO NOTHING: a taken login writes nothing and returns no row, even when two
  // additions race (the loser waits for the winner's commit, then sees it). A duplicate id is an error.
  db.prepare(kInsertUser, "INSERT INTO users (" + kUserColumns +
                              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                              "ON CONFLICT (login) DO NOTHING RETURNING id");
  db.prepare(kFindUserByLogin, "SELECT " + kUserColumns + " FROM users WHERE login = $1");
  db.prepare(kFindUserById, "SELECT " + kUserColumns + " FROM users WHERE id = $1");
  db.prepare(kSetUserDisabled, "UPDATE users SET disabled = $2, updated_at = $3 WHERE login = $1 RETURNING id");
  // The new count is computed from the row as locked: racing failures (threads or instances) queue on
  // the row lock and each adds one. $2 is the threshold, $3 the end of the lock.
  db.prepare(kRecordFailedLogin,
             "UPDATE users SET failed_logins = failed_logins + 1, "
             "locked_until = CASE WHEN failed_logins + 1 >= $2::integer THEN $3::bigint ELSE locked_until END, "
             "updated_at = $4 WHERE id = $1 RETURNING " + kUserColumns);
  // $2 is NULL unless the hash was upgraded.
  db.prepare(kRecordSuccessfulLogin,
             "UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = COALESCE($2, password_hash), "
             "updated_at = $3 WHERE id = $1");
}

}  // namespace fapid::storage::postgres::sql
