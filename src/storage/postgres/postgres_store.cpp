#include "storage/postgres/postgres_store.hpp"

#include "storage/postgres/postgres_pool.hpp"

namespace fapid::storage {

Result<PostgresStores> open_postgres(const PostgresOptions& options) {
  auto pool = postgres::PostgresPool::open(options);
  if (!pool) return pool.error();
  return PostgresStores{std::make_shared<PostgresGrantRepository>(*pool), std::make_shared<PostgresAuditLog>(*pool),
                        std::make_shared<PostgresUserRepository>(*pool), std::make_shared<PostgresConsentRepository>(*pool),
                        std::make_shared<PostgresOutageRepository>(*pool)};
}

}  // namespace fapid::storage
