// SQLite result codes as error values: an outage is 503 (clients keep their credentials), anything
// else a 500 (DESIGN.md, Storage invariants).
#include "storage/sqlite/sqlite_error.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace fapid::storage::sqlite {
namespace {

TEST(SqliteError, LockedPastTheTimeoutFailingDiskOrFullDiskIsTemporarilyUnavailable) {
  for (const int rc :
       {SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_IOERR_FSYNC, SQLITE_FULL}) {
    const auto error = sqlite_error(rc, nullptr, "ttl put");
    EXPECT_EQ(error.code, ErrorCode::temporarily_unavailable) << rc;
    EXPECT_EQ(error.status, 503) << rc;
  }
}

TEST(SqliteError, AConstraintViolationOrACorruptFileIsAServerError) {
  for (const int rc : {SQLITE_CONSTRAINT_UNIQUE, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_ERROR, SQLITE_MISUSE}) {
    const auto error = sqlite_error(rc, nullptr, "create_grant");
    EXPECT_EQ(error.code, ErrorCode::server_error) << rc;
    EXPECT_EQ(error.status, 500) << rc;
  }
}

TEST(SqliteError, TheDetailNamesTheOperationAndTheDriverMessage) {
  const auto error = sqlite_error(SQLITE_FULL, nullptr, "rotate_refresh_token");
  EXPECT_EQ(error.detail, "sqlite: rotate_refresh_token: database or disk is full (code 13)");
}

}  // namespace
}  // namespace fapid::storage::sqlite
