#pragma once
// What every PostgreSQL test needs: the server's URL (a failure, never a skip, when it is unset), a
// fresh schema per test (dropped when the run ends), options for it, raw SQL for assertions, and the
// service script for the fault tests.
#include <memory>
#include <pqxx/connection>
#include <string>

#include "storage/postgres/postgres_options.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace fapid::storage::testing {

// FAPID_TEST_POSTGRES_URL; records a test failure naming scripts/services.sh when it is unset.
std::string postgres_url();

// A new schema name `t_<random hex>`, dropped by the global environment at the end of the run.
std::string fresh_schema();

// Options for `schema` with a small pool and short back-off, so tests recover quickly.
PostgresOptions options_for(const std::string& schema);

// Migrates `schema` and opens the adapter on it; records a test failure and returns nullptr members
// when either fails.
PostgresStores open_migrated(const std::string& schema, std::size_t pool_size = 4);

// A plain connection for assertions in raw SQL (search_path not set: qualify with the schema).
std::unique_ptr<pqxx::connection> admin_connection();

// Runs `scripts/services.sh <command>`; true on exit status 0.
bool services(const std::string& command);

}  // namespace fapid::storage::testing
