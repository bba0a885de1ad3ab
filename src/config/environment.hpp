#pragma once
// Environment lookup behind a small interface so the loader's tests are hermetic (no setenv).
#include <optional>
#include <string>
#include <string_view>

namespace fapid::config {

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::optional<std::string> get(std::string_view name) const = 0;
};

// The real process environment (getenv); read once at start-up, before any thread starts.
class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
};

}  // namespace fapid::config
