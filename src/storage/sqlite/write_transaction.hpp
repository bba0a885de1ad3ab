#pragma once
// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed. IMMEDIATE takes the write lock up front
// (waiting up to the busy timeout), so two writers never both read a row and then race to change it,
// and a writer never fails half-way with a stale snapshot (SQLITE_BUSY_SNAPSHOT).
//
// Inside SqliteDatabase::write the connection is already in the write batch's transaction, which holds
// the write lock: there it is a SAVEPOINT ... RELEASE instead, rolled back to unless released, and the
// batch's COMMIT makes it durable before the caller sees the result.
#include <string_view>

#include "core/result.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace fapid::storage::sqlite {

class WriteTransaction {
 public:
  static Result<WriteTransaction> begin(SqliteConnection& conn, std::string_view operation);
  WriteTransaction(WriteTransaction&& other) noexcept;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  // Rolls back when still open. A failed rollback leaves the connection inside a transaction, which
  // SqliteDatabase notices and discards the connection (or the write batch rolls back to its own
  // savepoint).
  ~WriteTransaction();

  // On success the changes are durable (synchronous=FULL), or part of the write batch that commits
  // them; on failure the destructor rolls back.
  Result<void> commit();

 private:
  WriteTransaction(SqliteConnection& conn, std::string_view operation, bool nested)
      : conn_(&conn), operation_(operation), nested_(nested) {}

  SqliteConnection* conn_;  // null once committed or moved from
  std::string_view operation_;
  bool nested_;  // a savepoint inside a transaction that was already open (the write batch's)
};

}  // namespace fapid::storage::sqlite
