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
std::string_view to_string(AccessTokenFormat format);
std::optional<AccessTokenFormat> access_token_format_from(std::string_view s);
std::string_view to_string(TokenBinding binding);
std::optional<TokenBinding> token_binding_from(std::string_view s);
// requestObjectSigning: "required" (true) or "optional" (false), Client::require_signed_request_object.
std::string_view request_object_signing_name(bool required);
std::optional<bool> request_object_signing_from(std::string_view s);
// users.passwordHashing.algorithm: "argon2id", "bcrypt", "pbkdf2-sha256".
std::string_view to_string(PasswordAlgorithm algorithm);
std::optional<PasswordAlgorithm> password_algorithm_from(std::string_view s);

}  // namespace fapid::config
