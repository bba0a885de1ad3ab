#pragma once
// A store's reachability, for /readyz and for the reconnect loop.
#include <string_view>

#include "core/result.hpp"

namespace fapid::storage {

class Pingable {
 public:
  virtual ~Pingable() = default;
  virtual std::string_view name() const = 0;  // "sqlite", "postgres", "redis"
  // One cheap round trip; store_unavailable when the store cannot answer.
  virtual Result<void> ping() = 0;
};

}  // namespace fapid::storage
