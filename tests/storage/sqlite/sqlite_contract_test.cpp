// The shared contract suites, run against the SQLite adapter (one fresh file per test).
#include <iostream>

#include "sqlite_test_support.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_outage_repository.hpp"
#include "unit/storage/contract/consent_repository_contract.hpp"
#include "unit/storage/contract/grant_repository_contract.hpp"
#include "unit/storage/contract/outage_repository_contract.hpp"
#include "unit/storage/contract/ttl_store_contract.hpp"
#include "unit/storage/contract/user_repository_contract.hpp"

namespace fapid::storage::testing {
namespace {

std::shared_ptr<SqliteDatabase> open_database(const std::string& path, std::chrono::milliseconds busy_timeout) {
  auto database = SqliteDatabase::open(SqliteOptions{path, busy_timeout});
  if (!database) {
    std::cerr << "opening " << path << " failed: " << database.error().detail << "\n";
    return nullptr;
  }
  return *database;
}

// SqliteFactory with the outage repository: on its own backing, or on a fresh file whose write lock
// another connection holds for the repository's lifetime (a short busy timeout, so writes fail fast).
struct SqliteOutageFactory : SqliteFactory {
  static std::shared_ptr<OutageRepository> open_outages(const std::string& backing) {
    auto database = open_database(backing, SqliteOptions{}.busy_timeout);
    return database ? std::make_shared<SqliteOutageRepository>(database) : nullptr;
  }
  static std::shared_ptr<OutageRepository> open_unavailable_outages() {
    struct Locked {
      explicit Locked(const std::string& path)
          : database(open_database(path, std::chrono::milliseconds(100))), holder(path), repo(database) {}
      std::shared_ptr<SqliteDatabase> database;
      RawDb holder;
      SqliteOutageRepository repo;
    };
    auto locked = std::make_shared<Locked>(fresh_sqlite_path());
    if (!locked->database || locked->holder.exec("BEGIN IMMEDIATE") != SQLITE_OK) return nullptr;
    return std::shared_ptr<OutageRepository>(locked, &locked->repo);  // the repository keeps the lock holder alive
  }
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, TtlStoreContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, GrantRepositoryContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, UserRepositoryContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ConsentRepositoryContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, OutageRepositoryContract, SqliteOutageFactory);

}  // namespace fapid::storage::testing
