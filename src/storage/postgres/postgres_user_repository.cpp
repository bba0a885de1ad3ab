#include "storage/postgres/postgres_user_repository.hpp"

#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <string>

#include "storage/postgres/postgres_pool.hpp"
#include "storage/postgres/row_mapping.hpp"
#include "storage/postgres/user_rows.hpp"
#include "storage/postgres/user_statements.hpp"

namespace fapid::storage {

using postgres::PgSession;
using postgres::to_millis;
using postgres::to_nullable;
namespace sql = postgres::sql;

namespace {

// True when the user was added, false when its login is taken.
bool insert_user(pqxx::work& tx, const UserRecord& u) {
  const auto rows = tx.exec_prepared(sql::kInsertUser, u.id, u.login, u.document, u.name, u.email, u.attributes_json,
                                     u.password_hash, u.disabled, u.failed_logins, to_nullable(u.locked_until),
                                     to_millis(u.created_at), to_millis(u.updated_at));
  return !rows.empty();
}

Result<std::optional<UserRecord>> find_user(postgres::PostgresPool& pool, std::string_view operation,
                                            const char* statement, std::string_view key) {
  return pool.run<std::optional<UserRecord>>(operation, [&](PgSession& s) -> Result<std::optional<UserRecord>> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(statement, std::string(key));
    if (rows.empty()) return std::nullopt;
    return postgres::read_user(rows[0]);
  });
}

}  // namespace

PostgresUserRepository::PostgresUserRepository(std::shared_ptr<postgres::PostgresPool> pool) : pool_(std::move(pool)) {}
PostgresUserRepository::~PostgresUserRepository() = default;

Result<AddUserOutcome> PostgresUserRepository::add_user(const UserRecord& user) {
  return pool_->run<AddUserOutcome>("add_user", [&](PgSession& s) -> Result<AddUserOutcome> {
    pqxx::work tx(s.db());
    if (!insert_user(tx, user)) {
      tx.abort();
      return AddUserOutcome::login_taken;
    }
    tx.commit();
    return AddUserOutcome::added;
  });
}

Result<std::size_t> PostgresUserRepository::import_users(const std::vector<UserRecord>& users) {
  return pool_->run<std::size_t>("import_users", [&](PgSession& s) -> Result<std::size_t> {
    pqxx::work tx(s.db());
    for (const auto& user : users) {
      if (!insert_user(tx, user)) {
        tx.abort();  // all or nothing: the users inserted before this one go too
        return login_taken_error(user.login);
      }
    }
    tx.commit();
    return users.size();
  });
}

Result<std::optional<UserRecord>> PostgresUserRepository::find_by_login(std::string_view login) {
  return find_user(*pool_, "find_user_by_login", sql::kFindUserByLogin, login);
}

Result<std::optional<UserRecord>> PostgresUserRepository::find_by_id(std::string_view id) {
  return find_user(*pool_, "find_user_by_id", sql::kFindUserById, id);
}

Result<bool> PostgresUserRepository::set_disabled(std::string_view login, bool disabled, TimePoint now) {
  return pool_->run<bool>("set_user_disabled", [&](PgSession& s) -> Result<bool> {
    pqxx::work tx(s.db());
    const auto rows = tx.exec_prepared(sql::kSetUserDisabled, std::string(login), disabled, to_millis(now));
    tx.commit();
    return !rows.empty();
  });
}

Result<std::optional<UserRecord>> PostgresUserRepository::record_failed_login(std::string_view id,
                                                                              const LockoutPolicy& policy,
                                                                              TimePoint now) {
  using Found = std::optional<UserRecord>;
  return pool_->run<Found>("record_failed_login", [&](PgSession& s) -> Result<Found> {
    pqxx::work tx(s.db());
    const auto rows = tx.exec_prepared(sql::kRecordFailedLogin, std::string(id), policy.max_failures,
                                       to_millis(now + policy.lock_for), to_millis(now));
    tx.commit();
    if (rows.empty()) return std::nullopt;
    return postgres::read_user(rows[0]);
  });
}

Result<void> PostgresUserRepository::record_successful_login(std::string_view id,
                                                            const std::optional<std::string>& rehashed,
                                                            TimePoint now) {
  return pool_->run<void>("record_successful_login", [&](PgSession& s) -> Result<void> {
    pqxx::work tx(s.db());
    // A null const char* is SQL NULL: the stored hash stays.
    tx.exec_prepared0(sql::kRecordSuccessfulLogin, std::string(id), rehashed ? rehashed->c_str() : nullptr,
                      to_millis(now));
    tx.commit();
    return {};
  });
}

}  // namespace fapid::storage
