#pragma once
// UserRepository on SQLite (DESIGN.md, Storage). Counting a failed login is one UPDATE that adds to the
// stored count, so racing failures all count; an import is one BEGIN IMMEDIATE transaction.
#include <memory>

#include "storage/sqlite/sqlite_database.hpp"
#include "storage/user_repository.hpp"

namespace fapid::storage {

class SqliteUserRepository final : public UserRepository {
 public:
  explicit SqliteUserRepository(std::shared_ptr<SqliteDatabase> database);

  Result<AddUserOutcome> add_user(const UserRecord& user) override;
  Result<std::size_t> import_users(const std::vector<UserRecord>& users) override;
  Result<std::optional<UserRecord>> find_by_login(std::string_view login) override;
  Result<std::optional<UserRecord>> find_by_id(std::string_view id) override;
  Result<bool> set_disabled(std::string_view login, bool disabled, TimePoint now) override;
  Result<std::optional<UserRecord>> record_failed_login(std::string_view id, const LockoutPolicy& policy,
                                                        TimePoint now) override;
  Result<void> record_successful_login(std::string_view id, const std::optional<std::string>& rehashed,
                                       TimePoint now) override;

 private:
  std::shared_ptr<SqliteDatabase> database_;
};

}  // namespace fapid::storage
