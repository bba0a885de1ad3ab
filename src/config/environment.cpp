#include "config/environment.hpp"

#include <cstdlib>

namespace fapid::config {

std::optional<std::string> ProcessEnvironment::get(std::string_view name) const {
  const std::string key(name);  // getenv needs a NUL-terminated name
  const char* value = std::getenv(key.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace fapid::config
