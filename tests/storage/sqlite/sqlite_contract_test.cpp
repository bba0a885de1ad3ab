// The shared contract suites, run against the SQLite adapter (one fresh file per test).
#include "sqlite_test_support.hpp"
#include "unit/storage/contract/grant_repository_contract.hpp"
#include "unit/storage/contract/ttl_store_contract.hpp"

namespace fapid::storage::testing {

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, TtlStoreContract, SqliteFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, GrantRepositoryContract, SqliteFactory);

}  // namespace fapid::storage::testing
