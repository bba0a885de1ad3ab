#include "storage/sqlite/sqlite_statement.hpp"

#include <sqlite3.h>

#include <chrono>
#include <utility>

#include "storage/sqlite/sqlite_error.hpp"

namespace fapid::storage::sqlite {
namespace {

// sqlite3_bind_* binds NULL for a null pointer, even with length 0; string_views of empty strings
// may carry one.
const char* non_null(std::string_view value) { return value.data() != nullptr ? value.data() : ""; }

}  // namespace

std::int64_t to_millis(TimePoint t) {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_millis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      operation_(other.operation_),
      next_parameter_(other.next_parameter_),
      bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);  // its result repeats the last step's, already reported
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::remember(int rc) {
  if (bind_error_ == SQLITE_OK) bind_error_ = rc;
  ++next_parameter_;
  return *this;
}

// SQLITE_STATIC: the caller's strings outlive the statement use, and values of 256 KiB are not copied.
Statement& Statement::text(std::string_view value) {
  return remember(
      sqlite3_bind_text64(stmt_, next_parameter_, non_null(value), value.size(), SQLITE_STATIC, SQLITE_UTF8));
}

Statement& Statement::blob(std::string_view value) {
  return remember(sqlite3_bind_blob64(stmt_, next_parameter_, non_null(value), value.size(), SQLITE_STATIC));
}

Statement& Statement::integer(std::int64_t value) {
  return remember(sqlite3_bind_int64(stmt_, next_parameter_, value));
}

Statement& Statement::null() { return remember(sqlite3_bind_null(stmt_, next_parameter_)); }

Statement& Statement::text_or_null(std::string_view value) { return value.empty() ? null() : text(value); }

Statement& Statement::time(TimePoint value) { return integer(to_millis(value)); }

Statement& Statement::time(const std::optional<TimePoint>& value) { return value ? time(*value) : null(); }

Result<bool> Statement::step() {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_error_ != SQLITE_OK) return sqlite_error(bind_error_, db, operation_);
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(rc, db, operation_);
}

Result<void> Statement::finish() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

std::string Statement::column_text(int index) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  return data != nullptr ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
                         : std::string();
}

std::string Statement::column_blob(int index) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, index));  // null for a zero-length blob
  return data != nullptr ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
                         : std::string();
}

std::int64_t Statement::column_integer(int index) const { return sqlite3_column_int64(stmt_, index); }

bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

TimePoint Statement::column_time(int index) const { return from_millis(column_integer(index)); }

std::optional<TimePoint> Statement::column_optional_time(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_time(index);
}

}  // namespace fapid::storage::sqlite
