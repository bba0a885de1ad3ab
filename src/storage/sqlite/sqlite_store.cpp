#include "storage/sqlite/sqlite_store.hpp"

namespace fapid::storage {

Result<SqliteStores> open_sqlite(const SqliteOptions& options, const Clock& clock) {
  auto database = SqliteDatabase::open(options);
  if (!database) return database.error();
  SqliteStores stores;
  stores.database = *database;
  stores.ttl = std::make_shared<SqliteTtlStore>(*database, clock);
  stores.grants = std::make_shared<SqliteGrantRepository>(*database);
  stores.audit = std::make_shared<SqliteAuditLog>(*database);
  stores.users = std::make_shared<SqliteUserRepository>(*database);
  stores.consents = std::make_shared<SqliteConsentRepository>(*database);
  stores.outages = std::make_shared<SqliteOutageRepository>(*database);
  return stores;
}

}  // namespace fapid::storage
