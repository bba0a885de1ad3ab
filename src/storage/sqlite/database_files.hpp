#pragma once
// The database file holds token hashes and personal data: only the server's user may read it. SQLite
// would create it 0644 (less the umask); creating it first with 0600 makes SQLite give its -wal and
// -shm files the same mode.
#include <string>

#include "core/result.hpp"

namespace fapid::storage::sqlite {

// Creates the missing parent directories (mode 0700) and the file itself (mode 0600) when missing.
// An existing directory or file is left as it is: its mode is the operator's choice.
Result<void> prepare_database_file(const std::string& path);

}  // namespace fapid::storage::sqlite
