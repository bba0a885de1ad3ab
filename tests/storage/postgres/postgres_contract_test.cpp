// The shared GrantRepository / AuditLog contract (tests/unit/storage/contract) on PostgreSQL: each
// test gets its own schema, migrated, and its own pools (forked children open theirs).
#include "postgres_test_support.hpp"
#include "unit/storage/contract/grant_repository_contract.hpp"

namespace fapid::storage::testing {
namespace {

struct PostgresFactory {
  static std::string fresh_backing() { return fresh_schema(); }
  static std::shared_ptr<GrantRepository> open_grants(const std::string& schema) { return open_migrated(schema).grants; }
  static std::shared_ptr<AuditLog> open_audit(const std::string& schema) { return open_migrated(schema).audit; }
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, GrantRepositoryContract, PostgresFactory);

}  // namespace fapid::storage::testing
