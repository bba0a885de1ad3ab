#include "storage/postgres/migrate.hpp"

#include <pqxx/transaction>
#include <string>

#include "storage/postgres/conninfo.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pg_error.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {
namespace {

using postgres::latest_schema_version;
using postgres::migrations;

Result<MigrationReport> apply(pqxx::connection& db, const std::string& schema) {
  const std::string quoted = db.quote_name(schema);
  pqxx::work tx(db);
  // A step may rewrite a large table: no statement timeout. Waiting for another instance's migration
  // is bounded instead, so a stuck one is reported rather than waited for forever.
  tx.exec("SET LOCAL statement_timeout = 0");
  tx.exec("SET LOCAL lock_timeout = '60s'");
  // Transaction-scoped: released by commit or rollback, even if this process dies.
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('fapid.migrate'), hashtext($1))", schema);
  // Checked before CREATE: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the database even
  // when the schema exists, which a production role may not have.
  if (tx.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty()) tx.exec("CREATE SCHEMA " + quoted);
  tx.exec("SET LOCAL search_path TO " + quoted);
  tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
      "applied_at timestamptz NOT NULL DEFAULT now())");

  MigrationReport report;
  report.version_before = tx.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].as<int>();
  if (report.version_before > latest_schema_version()) {
    tx.abort();
    return store_fault("postgres: schema " + quoted + " is at version " + std::to_string(report.version_before) +
                       ", newer than version " + std::to_string(latest_schema_version()) +
                       ", the newest this fapid knows: run a newer fapid or restore a matching backup");
  }
  for (const auto& step : migrations()) {
    if (step.version <= report.version_before) continue;
    tx.exec(std::string(step.sql));
    tx.exec_params("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())", step.version);
    report.applied.push_back(step.version);
  }
  tx.commit();
  report.version_after = std::max(report.version_before, latest_schema_version());
  return report;
}

}  // namespace

Result<MigrationReport> migrate_postgres(const PostgresOptions& options) {
  if (options.schema.empty()) return store_fault("postgres: the schema name is empty");
  auto conninfo = postgres::Conninfo::from(options);
  if (!conninfo) return conninfo.error();
  auto session = postgres::PgSession::open(*conninfo, options, postgres::PgSession::Statements::none);
  if (!session) return session.error();
  try {
    return apply((*session)->db(), options.schema);
  } catch (...) {
    return postgres::classify_current_exception("migrate", *conninfo).error;
  }
}

}  // namespace fapid::storage
