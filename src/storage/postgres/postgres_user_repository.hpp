#pragma once
// UserRepository on PostgreSQL (DESIGN.md, Storage): each operation is one READ COMMITTED
// transaction; a failed login is counted by one row-locking UPDATE (user_statements.cpp), so failures
// racing on several instances all count.
#include <memory>

#include "storage/user_repository.hpp"

namespace fapid::storage {

namespace postgres {
class PostgresPool;
}

class PostgresUserRepository final : public UserRepository {
 public:
  explicit PostgresUserRepository(std::shared_ptr<postgres::PostgresPool> pool);
  ~PostgresUserRepository() override;

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
  std::shared_ptr<postgres::PostgresPool> pool_;
};

}  // namespace fapid::storage
