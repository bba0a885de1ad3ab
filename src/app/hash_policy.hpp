#pragma once
// The configured password hashing (`users.passwordHashing`) as the hasher's policy. The configuration
// repeats the policy's fields so it need not depend on the hashing library; this is where they meet.
#include "config/config.hpp"
#include "users/password_hasher.hpp"

namespace fapid::app {

users::HashPolicy hash_policy(const config::PasswordHashing& configured);

}  // namespace fapid::app
