#include "storage/sqlite/migrate.hpp"

#include <algorithm>
#include <string>

#include "storage/sqlite/database_files.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/write_transaction.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

namespace sqlite {

Result<MigrationReport> apply_migrations(SqliteConnection& conn, const std::string& path) {
  constexpr std::string_view kOperation = "migrate";
  // The version is read under the write lock, so of two processes migrating at once the second sees
  // the first one's result and applies nothing.
  auto tx = WriteTransaction::begin(conn, kOperation);
  if (!tx) return tx.error();
  auto recorded = conn.query_text("PRAGMA user_version", kOperation);
  if (!recorded) return recorded.error();

  MigrationReport report;
  report.version_before = std::stoi(*recorded);
  if (report.version_before > latest_schema_version()) {
    return store_fault("sqlite: " + path + " is at schema version " + std::to_string(report.version_before) +
                       ", newer than version " + std::to_string(latest_schema_version()) +
                       ", the newest this fapid knows: run a newer fapid or restore a matching backup");
  }
  for (const auto& step : migrations()) {
    if (step.version <= report.version_before) continue;
    if (auto applied = conn.exec(std::string(step.sql), kOperation); !applied) return applied.error();
    // user_version lives in the file header and changes inside the transaction like any row.
    const auto set_version = "PRAGMA user_version = " + std::to_string(step.version);
    if (auto recorded_step = conn.exec(set_version, kOperation); !recorded_step) return recorded_step.error();
    report.applied.push_back(step.version);
  }
  if (auto committed = tx->commit(); !committed) return committed.error();
  report.version_after = std::max(report.version_before, latest_schema_version());
  return report;
}

}  // namespace sqlite

Result<MigrationReport> migrate_sqlite(const SqliteOptions& options) {
  if (auto prepared = sqlite::prepare_database_file(options.path); !prepared) return prepared.error();
  auto conn = sqlite::SqliteConnection::open(options);
  if (!conn) return conn.error();
  return sqlite::apply_migrations(**conn, options.path);
}

}  // namespace fapid::storage
