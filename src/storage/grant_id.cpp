#include "storage/grant_id.hpp"

#include <cstdint>
#include <cstdio>

namespace fapid::storage {

std::string new_grant_id(std::chrono::system_clock::time_point now, Random& random) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  char prefix[13];
  std::snprintf(prefix, sizeof prefix, "%012llx",
                static_cast<unsigned long long>(ms < 0 ? 0 : ms) & 0xffffffffffffULL);
  return prefix + random.token(16);
}

}  // namespace fapid::storage
