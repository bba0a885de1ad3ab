#pragma once
// What applying an adapter's numbered schema migrations did (`fapid migrate`, start-up).
#include <vector>

namespace fapid::storage {

struct MigrationReport {
  int version_before = 0;    // 0: a new database or schema
  int version_after = 0;
  std::vector<int> applied;  // the versions this call applied, in order; empty when up to date
};

}  // namespace fapid::storage
