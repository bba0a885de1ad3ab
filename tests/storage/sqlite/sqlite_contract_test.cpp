// The shared contract suites, run against the SQLite adapter (one fresh file per test).
#include "sqlite_test_support.hpp"
#include "unit/storage/contract/consent_repository_contract.hpp"
#include "unit/storage/contract/grant_repository_contract.hpp"
#include "unit/storage/contract/ttl_store_contract.hpp"
#include "unit/storage/contract/user_repository_contract.hpp"

namespace fapid::storage::testing {

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, TtlStoreContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, GrantRepositoryContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, UserRepositoryContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ConsentRepositoryContract, SqliteFactory);

}  // namespace fapid::storage::testing
