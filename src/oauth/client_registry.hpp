#pragma once
// The configured clients with what authentication needs already parsed: their public keys and, for
// tls_client_auth, their expected certificate subject. Built once at start-up, immutable afterwards.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config.hpp"
#include "jose/public_key_set.hpp"
#include "oauth/distinguished_name.hpp"

namespace fapid::oauth {

struct RegisteredClient {
  const config::Client* config = nullptr;
  jose::PublicKeySet keys;                        // from jwks / jwksFile; empty when none
  std::optional<DistinguishedName> subject_dn;    // tls_client_auth only (SPEC CA7)

  const std::string& id() const { return config->client_id; }
};

struct RegistryLoad;

class ClientRegistry {
 public:
  // Every problem is reported, each naming its client: "clients[1].jwks: invalid JWKS".
  static RegistryLoad build(const config::ConfigPtr& config);

  const RegisteredClient* find(std::string_view client_id) const;

 private:
  config::ConfigPtr config_;  // keeps the clients that RegisteredClient points into alive
  std::unordered_map<std::string, RegisteredClient> clients_;
};

struct RegistryLoad {
  std::shared_ptr<const ClientRegistry> registry;  // null when errors is not empty
  std::vector<std::string> errors;
};

}  // namespace fapid::oauth
