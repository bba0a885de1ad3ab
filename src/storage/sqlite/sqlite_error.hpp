#pragma once
// The one place where SQLite result codes become error values (STYLE.md, Errors). A store that cannot
// answer in time or cannot write (locked past the busy timeout, I/O error, disk full) is
// store_unavailable / 503, so clients keep their credentials; anything else is store_fault / 500.
// Details name the operation and sqlite3_errmsg, which names tables and columns but never a value.
#include <string_view>

#include "core/oauth_error.hpp"

struct sqlite3;

namespace fapid::storage::sqlite {

// The error for `rc` returned by a call on `db` (nullptr when there is no handle) during `operation`.
OAuthError sqlite_error(int rc, sqlite3* db, std::string_view operation);

// Whether a (possibly extended) result code is an outage rather than a bug or a corrupt file.
bool is_outage_code(int rc);

}  // namespace fapid::storage::sqlite
