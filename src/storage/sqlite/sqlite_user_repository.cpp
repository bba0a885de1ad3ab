#include "storage/sqlite/sqlite_user_repository.hpp"

#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/user_rows.hpp"
#include "storage/sqlite/user_sql.hpp"
#include "storage/sqlite/write_transaction.hpp"

namespace fapid::storage {

using sqlite::find;
using sqlite::run;
using sqlite::SqliteConnection;
using sqlite::Statement;
using sqlite::WriteTransaction;

SqliteUserRepository::SqliteUserRepository(std::shared_ptr<SqliteDatabase> database)
    : database_(std::move(database)) {}

Result<AddUserOutcome> SqliteUserRepository::add_user(const UserRecord& user) {
  return database_->write("add_user", [&](SqliteConnection& conn) -> Result<AddUserOutcome> {
    auto done = run(conn, sqlite::sql::kInsertUser, "add_user",
                    [&](Statement& st) -> Statement& { return sqlite::bind_user(st, user); });
    if (!done) return done.error();
    return conn.changes() == 1 ? AddUserOutcome::added : AddUserOutcome::login_taken;
  });
}

Result<std::size_t> SqliteUserRepository::import_users(const std::vector<UserRecord>& users) {
  constexpr std::string_view kOp = "import_users";
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<std::size_t> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    // Any return before commit rolls the whole import back.
    for (const auto& user : users) {
      auto done = run(conn, sqlite::sql::kInsertUser, kOp,
                      [&](Statement& st) -> Statement& { return sqlite::bind_user(st, user); });
      if (!done) return done.error();
      if (conn.changes() == 0) return login_taken_error(user.login);  // in the store, or earlier in `users`
    }
    if (auto committed = tx->commit(); !committed) return committed.error();
    return users.size();
  });
}

Result<std::optional<UserRecord>> SqliteUserRepository::find_by_login(std::string_view login) {
  return database_->with_connection([&](SqliteConnection& conn) {
    return find<UserRecord>(conn, sqlite::sql::kFindUserByLogin, "find_user_by_login",
                            [&](Statement& st) -> Statement& { return st.text(login); }, sqlite::read_user);
  });
}

Result<std::optional<UserRecord>> SqliteUserRepository::find_by_id(std::string_view id) {
  return database_->with_connection([&](SqliteConnection& conn) {
    return find<UserRecord>(conn, sqlite::sql::kFindUserById, "find_user_by_id",
                            [&](Statement& st) -> Statement& { return st.text(id); }, sqlite::read_user);
  });
}

Result<bool> SqliteUserRepository::set_disabled(std::string_view login, bool disabled, TimePoint now) {
  return database_->write("set_user_disabled", [&](SqliteConnection& conn) -> Result<bool> {
    auto done = run(conn, sqlite::sql::kSetUserDisabled, "set_user_disabled", [&](Statement& st) -> Statement& {
      return st.text(login).integer(disabled ? 1 : 0).time(now);
    });
    if (!done) return done.error();
    return conn.changes() > 0;
  });
}

Result<std::optional<UserRecord>> SqliteUserRepository::record_failed_login(std::string_view id,
                                                                            const LockoutPolicy& policy,
                                                                            TimePoint now) {
  return database_->write("record_failed_login", [&](SqliteConnection& conn) -> Result<std::optional<UserRecord>> {
    auto st = conn.prepare(sqlite::sql::kRecordFailedLogin, "record_failed_login");
    if (!st) return st.error();
    auto row = st->text(id).integer(policy.max_failures).time(now + policy.lock_for).time(now).step();
    if (!row) return row.error();
    if (!*row) return std::optional<UserRecord>();
    auto user = sqlite::read_user(*st);
    // The write completes when the statement finishes: a failure there is reported, not lost.
    if (auto done = st->finish(); !done) return done.error();
    return std::optional<UserRecord>(std::move(user));
  });
}

Result<void> SqliteUserRepository::record_successful_login(std::string_view id,
                                                          const std::optional<std::string>& rehashed,
                                                          TimePoint now) {
  return database_->write("record_successful_login", [&](SqliteConnection& conn) -> Result<void> {
    return run(conn, sqlite::sql::kRecordSuccessfulLogin, "record_successful_login", [&](Statement& st) -> Statement& {
      st.text(id);
      if (rehashed) st.text(*rehashed);
      else st.null();
      return st.time(now);
    });
  });
}

}  // namespace fapid::storage
