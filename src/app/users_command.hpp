#pragma once
// `fapid users add|import|disable|enable`: the operator's tool for the bank customers who log in at
// the consent pages (issue 5). Its own flags, parsed here; main.cpp hands it what follows `users`.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fapid::app {

enum class UsersAction { add, import, disable, enable };

struct UsersInvocation {
  UsersAction action = UsersAction::add;
  std::string config_path;
  std::map<std::string, std::string> options;  // "--login" -> value, for every single-valued flag given
  std::vector<std::string> attributes;         // every --attribute, in order
  std::string csv_path;                        // import
};

struct UsersParse {
  std::optional<UsersInvocation> invocation;
  bool help = false;   // --help or -h anywhere
  std::string error;   // set when neither
};

UsersParse parse_users_cli(const std::vector<std::string>& args);

// The text of `fapid help users`.
std::string users_usage();

// Runs `fapid users ARGS...`. Exit status as `migrate`: 0 done, 1 the store could not be reached or
// failed, 2 a usage, configuration or input error (an invalid field, a login already taken, an
// unknown login). Errors go to stderr; passwords and hashes are never printed.
int run_users_command(const std::vector<std::string>& args);

}  // namespace fapid::app
