#pragma once
// One SQLite connection with its pragmas set and its prepared statements cached. Used by one thread
// at a time (the pool lends it out), so it is opened without SQLite's per-connection mutex.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "storage/sqlite/sqlite_options.hpp"
#include "storage/sqlite/sqlite_statement.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace fapid::storage::sqlite {

// With background checkpoints on, the writer still checkpoints inline once the WAL holds this many
// frames (about 40 MB): the bound on the WAL when the background task falls behind or is not running.
inline constexpr int kFallbackCheckpointFrames = 10000;

// What one PASSIVE checkpoint found: frames in the WAL, and how many of them are now in the database.
struct WalCheckpoint {
  int frames = 0;
  int backfilled = 0;
  bool busy = false;  // another checkpoint was running: nothing was done, try again later
  bool complete() const { return !busy && frames == backfilled; }
};

class SqliteConnection {
 public:
  // Opens `options.path` (which must exist: database_files.hpp) in WAL mode with synchronous=FULL,
  // foreign keys on and the busy timeout set. Refuses a file that is not a SQLite database.
  static Result<std::unique_ptr<SqliteConnection>> open(const SqliteOptions& options);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // The cached statement for `sql`, prepared on first use. `sql` is a constant of the program (never
  // built from values); only one Statement per SQL text may be in use at a time.
  Result<Statement> prepare(std::string_view sql, std::string_view operation);
  // Runs one or more statements that return no rows (migrations), uncached.
  Result<void> exec(const std::string& sql, std::string_view operation);
  // A one-row, one-column query (a PRAGMA), uncached; the value as text.
  Result<std::string> query_text(const std::string& sql, std::string_view operation);

  // Copies committed WAL frames into the database file without waiting for, or blocking, any reader or
  // writer (SQLITE_CHECKPOINT_PASSIVE). A write that finds every frame copied starts the WAL over.
  Result<WalCheckpoint> checkpoint_wal(std::string_view operation);

  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  std::int64_t changes() const;
  // True inside an explicit transaction; a connection is never lent out in that state.
  bool in_transaction() const;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<void> configure(const SqliteOptions& options);

  sqlite3* db_;
  std::unordered_map<std::string_view, sqlite3_stmt*> statements_;
};

}  // namespace fapid::storage::sqlite
