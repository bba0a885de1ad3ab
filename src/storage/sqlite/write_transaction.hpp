#pragma once
// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed. IMMEDIATE takes the write lock up front
// (waiting up to the busy timeout), so two writers never both read a row and then race to change it,
// and a writer never fails half-way with a stale snapshot (SQLITE_BUSY_SNAPSHOT).
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
  // SqliteDatabase notices and discards the connection.
  ~WriteTransaction();

  // On success the changes are durable (synchronous=FULL); on failure the destructor rolls back.
  Result<void> commit();

 private:
  WriteTransaction(SqliteConnection& conn, std::string_view operation) : conn_(&conn), operation_(operation) {}

  SqliteConnection* conn_;  // null once committed or moved from
  std::string_view operation_;
};

}  // namespace fapid::storage::sqlite
