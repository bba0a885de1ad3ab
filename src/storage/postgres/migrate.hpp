#pragma once
// Applying the numbered migrations (migrations.hpp) to the configured schema, at start-up and from
// `fapid migrate`. Several instances starting together are serialised by an advisory lock; a
// database migrated by a newer fapid is refused rather than written with an older idea of its tables.
#include "core/result.hpp"
#include "storage/migration_report.hpp"
#include "storage/postgres/postgres_options.hpp"

namespace fapid::storage {

// Creates the schema when missing and applies every step newer than the recorded version, all in one
// transaction: either the schema reaches the newest version or nothing changes. store_unavailable
// when PostgreSQL cannot be reached; store_fault naming both versions when the database is newer
// than this binary, or when a step fails.
Result<MigrationReport> migrate_postgres(const PostgresOptions& options);

}  // namespace fapid::storage
