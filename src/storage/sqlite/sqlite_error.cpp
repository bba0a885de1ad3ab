#include "storage/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

#include "storage/store_error.hpp"

namespace fapid::storage::sqlite {

bool is_outage_code(int rc) {
  switch (rc & 0xff) {  // the primary code of an extended one
    case SQLITE_BUSY:      // another writer held the lock past the busy timeout
    case SQLITE_LOCKED:    // a shared-cache or same-connection conflict: also only a matter of time
    case SQLITE_IOERR:     // the disk or the file system failed under us
    case SQLITE_FULL:      // the disk is full: an operator frees space and we carry on
    case SQLITE_CANTOPEN:  // out of file descriptors, or a volume not mounted (yet)
    case SQLITE_PROTOCOL:  // a WAL lock race that lost repeatedly: transient by definition
      return true;
    default:
      return false;
  }
}

OAuthError sqlite_error(int rc, sqlite3* db, std::string_view operation) {
  // sqlite3_errmsg describes the most recent failure on this connection; without a handle (a failed
  // open), the generic text of the code is all there is.
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string detail = "sqlite: ";
  detail.append(operation).append(": ").append(message).append(" (code ").append(std::to_string(rc)).append(")");
  return is_outage_code(rc) ? store_unavailable(std::move(detail)) : store_fault(std::move(detail));
}

}  // namespace fapid::storage::sqlite
