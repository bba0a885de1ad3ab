#pragma once
// The numbered schema steps of the SQLite adapter (DESIGN.md: schema changes are versioned
// migrations), recorded in the file's `PRAGMA user_version`. A step, once released, is never edited:
// a change is a new step.
#include <span>
#include <string_view>

namespace fapid::storage::sqlite {

struct Migration {
  int version;               // 1, 2, 3... without gaps
  std::string_view summary;  // what the step does, for the migration report and the log
  std::string_view sql;
};

std::span<const Migration> migrations();
int latest_schema_version();

}  // namespace fapid::storage::sqlite
