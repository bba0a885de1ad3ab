#pragma once
// Wire strings of configuration enums, defined once (STYLE.md, Names).
#include <optional>
#include <string_view>

#include "config/config.hpp"

namespace fapid::config {

std::string_view to_string(AuthMethod method);
std::optional<AuthMethod> auth_method_from(std::string_view s);
std::string_view to_string(Profile profile);
std::optional<Profile> profile_from(std::string_view s);

}  // namespace fapid::config
