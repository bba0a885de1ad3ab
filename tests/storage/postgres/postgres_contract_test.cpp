// The shared repository contracts (tests/unit/storage/contract) on PostgreSQL: each test gets its own
// schema, migrated, and its own pools (forked children open theirs).
#include "postgres_test_support.hpp"
#include "unit/storage/contract/consent_repository_contract.hpp"
#include "unit/storage/contract/grant_repository_contract.hpp"
#include "unit/storage/contract/outage_repository_contract.hpp"
#include "unit/storage/contract/user_repository_contract.hpp"

namespace fapid::storage::testing {
namespace {

// Port 1 on loopback refuses at once: a server that is down, without waiting for a timeout.
PostgresStores unreachable() {
  PostgresOptions options;
  options.url = "postgresql://fapid@127.0.0.1:1/fapid_test";
  options.schema = "t_never_created";
  options.connect_timeout = std::chrono::seconds(2);
  auto stores = open_postgres(options);
  return stores ? *stores : PostgresStores{};
}

struct PostgresFactory {
  static std::string fresh_backing() { return fresh_schema(); }
  static std::shared_ptr<GrantRepository> open_grants(const std::string& schema) { return open_migrated(schema).grants; }
  static std::shared_ptr<AuditLog> open_audit(const std::string& schema) { return open_migrated(schema).audit; }
  static std::shared_ptr<UserRepository> open_users(const std::string& schema) { return open_migrated(schema).users; }
  static std::shared_ptr<ConsentRepository> open_consents(const std::string& schema) {
    return open_migrated(schema).consents;
  }
  static std::shared_ptr<OutageRepository> open_outages(const std::string& schema) {
    return open_migrated(schema).outages;
  }
  static std::shared_ptr<UserRepository> open_unavailable_users() { return unreachable().users; }
  static std::shared_ptr<ConsentRepository> open_unavailable_consents() { return unreachable().consents; }
  static std::shared_ptr<OutageRepository> open_unavailable_outages() { return unreachable().outages; }
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, GrantRepositoryContract, PostgresFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, UserRepositoryContract, PostgresFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, ConsentRepositoryContract, PostgresFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, OutageRepositoryContract, PostgresFactory);

}  // namespace fapid::storage::testing
