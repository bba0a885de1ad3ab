#pragma once
// Applying the numbered migrations (migrations.hpp) to the database file, at start-up and from
// `fapid migrate`. Several processes opening one file together are serialised by SQLite's write
// lock; a file migrated by a newer fapid is refused rather than written with an older idea of its
// tables.
#include <string>

#include "core/result.hpp"
#include "storage/migration_report.hpp"
#include "storage/sqlite/sqlite_options.hpp"

namespace fapid::storage {

// Creates the file (and its directory) when missing and applies every step newer than the recorded
// version, all in one transaction: either the file reaches the newest version or nothing changes.
// store_fault naming both versions when the file is newer than this binary; store_fault when the file
// is not a SQLite database; store_unavailable when it is locked past the busy timeout or the disk fails.
Result<MigrationReport> migrate_sqlite(const SqliteOptions& options);

namespace sqlite {
class SqliteConnection;
// The same on an open connection (SqliteDatabase::open uses it before building its pool).
Result<MigrationReport> apply_migrations(SqliteConnection& conn, const std::string& path);
}  // namespace sqlite

}  // namespace fapid::storage
