#pragma once
// The three ways the SQLite repositories use a cached statement: run it for its effect, ask whether it
// returns a row, or read its first row.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace fapid::storage::sqlite {

// Binds a statement's parameters in order.
using Bind = std::function<Statement&(Statement&)>;

// Runs a statement that returns no rows.
inline Result<void> run(SqliteConnection& conn, const std::string& sql, std::string_view operation, const Bind& bind) {
  auto st = conn.prepare(sql, operation);
  if (!st) return st.error();
  return bind(*st).finish();
}

// True when `sql` returns at least one row.
inline Result<bool> exists(SqliteConnection& conn, const std::string& sql, std::string_view operation,
                           const Bind& bind) {
  auto st = conn.prepare(sql, operation);
  if (!st) return st.error();
  return bind(*st).step();
}

// The first row of a query mapped by `read`, or nothing.
template <class T, class Read>
Result<std::optional<T>> find(SqliteConnection& conn, const std::string& sql, std::string_view operation,
                              const Bind& bind, Read read) {
  auto st = conn.prepare(sql, operation);
  if (!st) return st.error();
  auto row = bind(*st).step();
  if (!row) return row.error();
  if (!*row) return std::optional<T>();
  return std::optional<T>(read(*st));
}

}  // namespace fapid::storage::sqlite
