#pragma once
// The rules one static client must satisfy, checked after its keys were read (config_loader.cpp).
// Each failure is appended to `errors` as "<path>.<key>: message".
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace fapid::config {

// What the Client value cannot tell by itself: which keys the YAML had and whether enums parsed.
struct ClientFacts {
  bool auth_method_known = false;  // tokenEndpointAuthMethod present and a known method
  bool profile_known = true;       // profile absent (non-FAPI) or a known profile
  bool has_secret_name = false;
  bool has_secret_key = false;
  int jwks_sources = 0;            // how many of jwks, jwksFile, jwksUri are set
  bool has_subject_dn = false;
  bool has_token_binding = false;              // tokenBinding present and a known value
  std::optional<bool> request_object_signing;  // requestObjectSigning present and known: required -> true
};

bool is_fapi(const Client& client);

// Validates `client`, normalizes its response types to "code" / "code id_token" and sets
// require_signed_request_object from requestObjectSigning and the profile's default.
void validate_client(Client& client, const ClientFacts& facts, const std::string& path, std::vector<std::string>& errors);

}  // namespace fapid::config
