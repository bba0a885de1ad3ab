#pragma once
// One SQLite file shared by the TTL store, the grant repository and the audit log, with a small pool
// of connections for the worker threads. SQLite allows one writer at a time per file: writers queue on
// its lock (up to the busy timeout) while readers go on in parallel (WAL).
#include <memory>
#include <string>
#include <type_traits>

#include "core/result.hpp"
#include "storage/connection_pool.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_options.hpp"

namespace fapid::storage {

class SqliteDatabase {
 public:
  // Creates the file when missing (database_files.hpp), applies the migrations and builds the pool.
  // Fails on a file that is not a database or is newer than this binary (migrate.hpp).
  static Result<std::shared_ptr<SqliteDatabase>> open(const SqliteOptions& options);

  // Runs `work(connection)` on a pooled connection; `work` returns a Result. store_unavailable when no
  // connection frees up within the busy timeout.
  template <class Work>
  std::invoke_result_t<Work&, sqlite::SqliteConnection&> with_connection(Work&& work) {
    auto lease = pool_.acquire();
    if (!lease) return lease.error();
    auto result = work(**lease);
    // Only a failed rollback leaves a transaction open: never lend such a connection again.
    if ((*lease)->in_transaction()) lease->discard();
    return result;
  }

  const std::string& path() const { return options_.path; }

 private:
  explicit SqliteDatabase(const SqliteOptions& options);

  const SqliteOptions options_;
  ConnectionPool<sqlite::SqliteConnection> pool_;
};

}  // namespace fapid::storage
