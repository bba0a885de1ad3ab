#pragma once
// One SQLite file shared by the TTL store, the repositories and the audit log. Reads run on a small
// pool of connections, in parallel (WAL). Writes go through write(): SQLite allows one writer at a
// time and, with synchronous=FULL, each commit costs an fsync, so concurrent writes are grouped into
// one transaction on the database's writer connection and share its fsync (group_commit.hpp).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/result.hpp"
#include "storage/connection_pool.hpp"
#include "storage/sqlite/group_commit.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_options.hpp"

namespace fapid::storage {

class SqliteDatabase {
 public:
  // Creates the file when missing (database_files.hpp), applies the migrations and builds the pool.
  // Fails on a file that is not a database or is newer than this binary (migrate.hpp).
  static Result<std::shared_ptr<SqliteDatabase>> open(const SqliteOptions& options);

  // Runs `work(connection)` on a pooled connection; `work` returns a Result. store_unavailable when no
  // connection frees up within the busy timeout. For reads: a write here would not be batched.
  template <class Work>
  std::invoke_result_t<Work&, sqlite::SqliteConnection&> with_connection(Work&& work) {
    auto lease = pool_.acquire();
    if (!lease) return lease.error();
    auto result = work(**lease);
    // Only a failed rollback leaves a transaction open: never lend such a connection again.
    if ((*lease)->in_transaction()) lease->discard();
    return result;
  }

  // Runs `work(connection)` on the writer connection, inside a transaction shared with the writes of
  // other threads, and returns its Result once that transaction has committed (the write is durable)
  // or failed. An error from `work` rolls back only its own changes. `work` must not call back into
  // this database: it runs while other callers wait for the same commit. `operation` names the call in
  // errors and outlives it (a literal).
  template <class Work>
  std::invoke_result_t<Work&, sqlite::SqliteConnection&> write(std::string_view operation, Work&& work) {
    using Outcome = std::invoke_result_t<Work&, sqlite::SqliteConnection&>;
    sqlite::QueuedWrite<Outcome, std::remove_reference_t<Work>> queued(operation, work);
    writes_.submit(queued);
    return std::move(queued).take();
  }

  // Copies the WAL into the database file, in PASSIVE passes that never block a reader or a writer,
  // until every frame is copied or kCheckpointPasses ran. With options.background_checkpoints, call it
  // every kCheckpointInterval from one thread. Returns at once when nothing was committed since the
  // last complete checkpoint. Under steady writes the WAL still grows (a batch commits between the
  // last pass and the next BEGIN) until the writer's fallback checkpoint, which then has only the
  // last interval's frames left to copy, lets it start over.
  Result<sqlite::WalCheckpoint> checkpoint();

  // Writes waiting for a batch, and batches committed: for tests and figures.
  std::size_t queued_writes() const { return writes_.queued(); }
  std::uint64_t write_commits() const { return writes_.commits(); }

  const std::string& path() const { return options_.path; }

 private:
  SqliteDatabase(const SqliteOptions& options, std::unique_ptr<sqlite::SqliteConnection> writer);

  const SqliteOptions options_;
  ConnectionPool<sqlite::SqliteConnection> pool_;
  sqlite::GroupCommit writes_;
  std::atomic<std::uint64_t> checkpointed_commits_{0};  // write_commits() when the WAL was last copied whole
};

// Often enough that each background checkpoint copies a few hundred frames at the rates fapid reaches
// here (a token writes 2-7 frames), and each pass that follows has little left to copy.
inline constexpr std::chrono::milliseconds kCheckpointInterval{100};
inline constexpr int kCheckpointPasses = 4;

}  // namespace fapid::storage
