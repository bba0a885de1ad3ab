#pragma once
// Loads and validates the YAML configuration (docs/configuration.md). Never throws: every problem is
// returned as "yaml.path: message", all of them at once, so an operator fixes a file in one pass.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/environment.hpp"

namespace fapid::config {

struct LoadResult {
  ConfigPtr config;                 // null when errors is non-empty
  std::vector<std::string> errors;  // e.g. "clients[2].redirectUris[0]: not an https URL"
};

// `yaml_text` longer than kMaxConfigFileBytes is refused. Relative file paths inside the configuration
// are used as given, i.e. resolved against the process working directory.
LoadResult load_config_text(std::string_view yaml_text, const Environment& env);

// Reads at most kMaxConfigFileBytes from `path`, then load_config_text.
LoadResult load_config_file(const std::string& path, const Environment& env);

}  // namespace fapid::config
