#pragma once
// What each `fapid users` action does once its flags are parsed and the configuration is loaded:
// check the input, open the store, write, and say what happened. Each returns the exit status
// (users_command.hpp).
#include "app/users_command.hpp"
#include "config/config.hpp"

namespace fapid::app {

int add_user_action(const UsersInvocation& inv, const config::Config& cfg);
int import_users_action(const UsersInvocation& inv, const config::Config& cfg);
int set_disabled_action(const UsersInvocation& inv, const config::Config& cfg, bool disabled);

}  // namespace fapid::app
