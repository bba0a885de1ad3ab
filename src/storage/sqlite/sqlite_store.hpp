#pragma once
// Opening the embedded adapter: one file, one pool, shared by the TTL store, the repositories and
// the audit log. The file is migrated on open (migrate.hpp).
#include <memory>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/sqlite/sqlite_consent_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_grant_repository.hpp"
#include "storage/sqlite/sqlite_options.hpp"
#include "storage/sqlite/sqlite_outage_repository.hpp"
#include "storage/sqlite/sqlite_ttl_store.hpp"
#include "storage/sqlite/sqlite_user_repository.hpp"

namespace fapid::storage {

struct SqliteStores {
  std::shared_ptr<SqliteDatabase> database;
  std::shared_ptr<SqliteTtlStore> ttl;  // also the Pingable for /readyz, and has sweep_expired()
  std::shared_ptr<SqliteGrantRepository> grants;
  std::shared_ptr<SqliteAuditLog> audit;
  std::shared_ptr<SqliteUserRepository> users;
  std::shared_ptr<SqliteConsentRepository> consents;  // also has sweep_expired_keys()
  std::shared_ptr<SqliteOutageRepository> outages;
};

// `clock` must outlive the stores.
Result<SqliteStores> open_sqlite(const SqliteOptions& options, const Clock& clock);

}  // namespace fapid::storage
