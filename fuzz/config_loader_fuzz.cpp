// libFuzzer target: arbitrary bytes as a configuration file must give errors, never a crash, hang or
// leak. The environment is empty so runs are reproducible.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config_loader.hpp"

namespace {

class EmptyEnvironment final : public fapid::config::Environment {
 public:
  std::optional<std::string> get(std::string_view) const override { return std::nullopt; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const EmptyEnvironment env;
  const auto result =
      fapid::config::load_config_text(std::string_view(reinterpret_cast<const char*>(data), size), env);
  // Invariant of the API: exactly one of a config or errors.
  if ((result.config == nullptr) == result.errors.empty()) __builtin_trap();
  return 0;
}
