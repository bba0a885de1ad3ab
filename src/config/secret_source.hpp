#pragma once
// Resolves a client secret named by clientSecretName/clientSecretKey: first the mounted-secret file
// <secretsDir>/<name>/<key> (the layout of a Kubernetes Secret volume), else the environment variable
// FAPID_SECRET_<NAME>_<KEY>. Error texts name the places looked at, never a value.
#include <optional>
#include <string>
#include <string_view>

#include "config/environment.hpp"
#include "config/secret.hpp"

namespace fapid::config {

struct SecretLookup {
  std::optional<Secret> secret;
  std::string error;  // empty when found
};

// A name or key usable as one path segment: [A-Za-z0-9._-]+ and not "." or "..", so a configured
// name can never walk out of secretsDir.
bool is_secret_path_segment(std::string_view segment);

// "portal-secret", "client-secret" -> "FAPID_SECRET_PORTAL_SECRET_CLIENT_SECRET".
std::string secret_env_name(std::string_view name, std::string_view key);

// `secrets_dir` may be empty (no mounted secrets: environment only).
SecretLookup resolve_secret(std::string_view secrets_dir, std::string_view name, std::string_view key,
                            const Environment& env);

}  // namespace fapid::config
