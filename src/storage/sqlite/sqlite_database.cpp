#include "storage/sqlite/sqlite_database.hpp"

#include "storage/sqlite/database_files.hpp"
#include "storage/sqlite/migrate.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {
namespace {

PoolOptions pool_options(const SqliteOptions& options) {
  PoolOptions pool;
  pool.size = options.pool_size;
  pool.acquire_timeout = options.busy_timeout;
  return pool;
}

}  // namespace

SqliteDatabase::SqliteDatabase(const SqliteOptions& options, std::unique_ptr<sqlite::SqliteConnection> writer)
    : options_(options),
      pool_("sqlite", pool_options(options), [this] { return sqlite::SqliteConnection::open(options_); }),
      writes_([this] { return sqlite::SqliteConnection::open(options_); }, std::move(writer)) {}

Result<std::shared_ptr<SqliteDatabase>> SqliteDatabase::open(const SqliteOptions& options) {
  if (options.pool_size == 0) return store_fault("sqlite: the pool size is 0");
  if (auto prepared = sqlite::prepare_database_file(options.path); !prepared) return prepared.error();
  // Opened up front so a bad file stops the start; once migrated it becomes the writer connection.
  // The pool opens the readers' connections on first use.
  auto conn = sqlite::SqliteConnection::open(options);
  if (!conn) return conn.error();
  if (auto migrated = sqlite::apply_migrations(**conn, options.path); !migrated) return migrated.error();
  return std::shared_ptr<SqliteDatabase>(new SqliteDatabase(options, std::move(*conn)));
}

}  // namespace fapid::storage
