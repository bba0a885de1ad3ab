#pragma once
// Where the embedded store lives and how long a worker waits for the file. Read once at start-up.
#include <chrono>
#include <cstddef>
#include <string>

namespace fapid::storage {

struct SqliteOptions {
  std::string path;  // the database file; missing parent directories are created with mode 0700
  // How long a statement waits for another writer (thread or process) before the call fails with
  // store_unavailable; also how long a worker waits for a free connection.
  std::chrono::milliseconds busy_timeout{5000};
  // Connections for reads, shared by the worker threads. Writes use one more: SQLite has one writer at
  // a time anyway, and concurrent writes share its transactions (group_commit.hpp).
  std::size_t pool_size = 4;
  // True when the owner calls SqliteDatabase::checkpoint() every kCheckpointInterval (the server's
  // store-wal thread). The writer then copies its WAL into the database itself only as a fallback,
  // past kFallbackCheckpointFrames, instead of inside every 1,000th frame's COMMIT, where all the writes
  // of that batch wait for the copy and its fsync.
  bool background_checkpoints = false;
};

}  // namespace fapid::storage
