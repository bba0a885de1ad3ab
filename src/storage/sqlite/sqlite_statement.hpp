#pragma once
// One use of a cached prepared statement: bind the parameters in order, step, read columns. The
// destructor resets it, so no statement keeps a read snapshot open (which would stop WAL checkpoints)
// and the next use starts clean. Bind failures are remembered and reported by the first step.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/records.hpp"

struct sqlite3_stmt;

namespace fapid::storage::sqlite {

class Statement {
 public:
  Statement(sqlite3_stmt* stmt, std::string_view operation) : stmt_(stmt), operation_(operation) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Each binds the next parameter (?1, ?2, ...). Empty strings are bound as empty, never as NULL.
  Statement& text(std::string_view value);
  Statement& blob(std::string_view value);
  Statement& integer(std::int64_t value);
  Statement& null();
  Statement& text_or_null(std::string_view value);  // NULL when empty (an absent code_hash)
  Statement& time(TimePoint value);                 // milliseconds since the epoch
  Statement& time(const std::optional<TimePoint>& value);

  // True when a row is ready to read, false when the statement has finished.
  Result<bool> step();
  // Steps until the statement has finished. An autocommit write commits only then, so a failed commit
  // (an I/O error, a full disk) is reported here rather than lost.
  Result<void> finish();

  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  std::int64_t column_integer(int index) const;
  bool column_is_null(int index) const;
  TimePoint column_time(int index) const;
  std::optional<TimePoint> column_optional_time(int index) const;

 private:
  Statement& remember(int rc);

  sqlite3_stmt* stmt_;
  std::string_view operation_;
  int next_parameter_ = 1;
  int bind_error_ = 0;  // SQLITE_OK
};

std::int64_t to_millis(TimePoint t);
TimePoint from_millis(std::int64_t ms);

}  // namespace fapid::storage::sqlite
