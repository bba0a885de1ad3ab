#pragma once
// Command-line parsing for fapid: subcommands and their flags, nothing else.
#include <optional>
#include <string>
#include <vector>

namespace fapid::app {

enum class Command { serve, check_config, migrate, help, version };

struct Invocation {
  Command command = Command::help;
  std::string config_path;
  std::string help_topic;  // subcommand whose help was asked for ("" for the overview)
};

struct ParseResult {
  std::optional<Invocation> invocation;
  std::string error;  // set when invocation is empty
};

ParseResult parse_cli(const std::vector<std::string>& args);
std::string usage(const std::string& topic);

}  // namespace fapid::app
