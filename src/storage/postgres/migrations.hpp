#pragma once
// The numbered schema steps of the PostgreSQL adapter (DESIGN.md: schema changes are versioned
// migrations). A step, once released, is never edited: a change is a new step.
#include <span>
#include <string_view>

namespace fapid::storage::postgres {

struct Migration {
  int version;               // 1, 2, 3... without gaps
  std::string_view summary;  // what the step does, for the migration report and the log
  std::string_view sql;      // runs with search_path set to the configured schema
};

std::span<const Migration> migrations();
int latest_schema_version();

}  // namespace fapid::storage::postgres
