#include "storage/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include "storage/sqlite/sqlite_error.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage::sqlite {

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const SqliteOptions& options) {
  sqlite3* db = nullptr;
  // No SQLITE_OPEN_CREATE: the file was created with mode 0600 beforehand, and a file that vanished
  // since is an operator problem to report, not one to paper over with an empty database.
  const int rc = sqlite3_open_v2(options.path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    auto error = sqlite_error(rc, db, "open " + options.path);
    sqlite3_close_v2(db);  // a handle is returned even on failure (or null, which is fine)
    return error;
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  if (auto configured = conn->configure(options); !configured) return configured.error();
  return conn;
}

Result<void> SqliteConnection::configure(const SqliteOptions& options) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
  const std::string operation = "open " + options.path;
  // The first read of the file: a file that is not a database fails here with SQLITE_NOTADB.
  auto mode = query_text("PRAGMA journal_mode=WAL", operation);
  if (!mode) return mode.error();
  // WAL needs shared memory beside the file (not available on some network file systems).
  if (*mode != "wal") return store_fault("sqlite: " + operation + ": journal_mode is " + *mode + ", WAL is required");
  // synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss; a high-assurance
  // server must not forget a redeemed code or a revocation it has acknowledged.
  // trusted_schema=OFF: the file's schema may not call application functions (SQLite hardening).
  if (auto set = exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF", operation); !set)
    return set.error();
  // Only the writer connection commits, so only its setting matters; every connection gets the same.
  if (options.background_checkpoints) sqlite3_wal_autocheckpoint(db_, kFallbackCheckpointFrames);
  return {};
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> SqliteConnection::prepare(std::string_view sql, std::string_view operation) {
  if (auto cached = statements_.find(sql); cached != statements_.end()) return Statement(cached->second, operation);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                    nullptr);
  if (rc != SQLITE_OK) return sqlite_error(rc, db_, operation);
  statements_.emplace(sql, stmt);
  return Statement(stmt, operation);
}

Result<void> SqliteConnection::exec(const std::string& sql, std::string_view operation) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(rc, db_, operation);
  return {};
}

Result<std::string> SqliteConnection::query_text(const std::string& sql, std::string_view operation) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(rc, db_, operation);
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(raw, sqlite3_finalize);
  Statement statement(raw, operation);
  auto row = statement.step();
  if (!row) return row.error();
  if (!*row) return store_fault("sqlite: " + std::string(operation) + ": " + sql + " returned no row");
  std::string value = statement.column_text(0);
  if (auto done = statement.finish(); !done) return done.error();
  return value;
}

Result<WalCheckpoint> SqliteConnection::checkpoint_wal(std::string_view operation) {
  WalCheckpoint wal;
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal.frames, &wal.backfilled);
  if (rc == SQLITE_BUSY) {
    wal.busy = true;
    return wal;
  }
  if (rc != SQLITE_OK) return sqlite_error(rc, db_, operation);
  return wal;
}

std::int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace fapid::storage::sqlite

