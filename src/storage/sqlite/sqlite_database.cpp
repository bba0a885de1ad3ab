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

Result<sqlite::WalCheckpoint> SqliteDatabase::checkpoint() {
  const auto commits = writes_.commits();
  if (commits == checkpointed_commits_.load()) return sqlite::WalCheckpoint{};
  return with_connection([&](sqlite::SqliteConnection& conn) -> Result<sqlite::WalCheckpoint> {
    sqlite::WalCheckpoint wal;
    // Writes committed during a pass are left for the next one, which has only those to copy.
    for (int pass = 0; pass < kCheckpointPasses; ++pass) {
      auto done = conn.checkpoint_wal("checkpoint");
      if (!done) return done.error();
      wal = *done;
      if (wal.busy || wal.complete()) break;
    }
    // `commits` was read before the first pass, so a write that raced it is copied next time.
    if (wal.complete()) checkpointed_commits_.store(commits);
    return wal;
  });
}

}  // namespace fapid::storage
