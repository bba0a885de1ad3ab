#pragma once
// Opening the PostgreSQL adapter: one pool shared by the repositories and the audit log. The
// schema must have been migrated first (migrate.hpp): start-up and `fapid migrate` do that.
#include <memory>

#include "core/result.hpp"
#include "storage/postgres/postgres_audit_log.hpp"
#include "storage/postgres/postgres_consent_repository.hpp"
#include "storage/postgres/postgres_grant_repository.hpp"
#include "storage/postgres/postgres_options.hpp"
#include "storage/postgres/postgres_outage_repository.hpp"
#include "storage/postgres/postgres_user_repository.hpp"

namespace fapid::storage {

struct PostgresStores {
  std::shared_ptr<PostgresGrantRepository> grants;  // also the Pingable for /readyz
  std::shared_ptr<PostgresAuditLog> audit;
  std::shared_ptr<PostgresUserRepository> users;
  std::shared_ptr<PostgresConsentRepository> consents;
  std::shared_ptr<PostgresOutageRepository> outages;
};

// Checks the options and builds the pool; connections are opened on first use, so a database that is
// down at start-up is an outage the pool recovers from, not a crash.
Result<PostgresStores> open_postgres(const PostgresOptions& options);

}  // namespace fapid::storage
