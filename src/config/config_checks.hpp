#pragma once
// Rules that span several keys, checked once every key has been read (config_loader.cpp).
#include <string>
#include <vector>

#include "config/config.hpp"

namespace fapid::config {

// Listener ports must differ (0 = ephemeral, exempt).
void check_listener_ports(const Server& server, std::vector<std::string>& errors);

// kids unique; at most one active key per (use, alg); at least one active signing key.
void check_key_set(const std::vector<KeyFile>& keys, std::vector<std::string>& errors);

// clientIds unique across clients.
void check_client_ids(const std::vector<Client>& clients, std::vector<std::string>& errors);

// Federation: every allowed client id names a configured non-FAPI client. `source_note` follows each
// path: "" for YAML, " (from INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS)" for the environment.
void check_federation_clients(const Federation& federation, const std::vector<Client>& clients,
                              const std::string& source_note, std::vector<std::string>& errors);

// fapi: each lifetime within its range (limits.hpp and config_checks.cpp); acrValuesSupported a
// non-empty set of absolute URIs or URNs containing acr; the DPoP nonce secret at least
// kMinDpopNonceSecretBytes long.
void check_fapi(const Fapi& fapi, std::vector<std::string>& errors);

// users.lockout.lockFor within its range (limits.hpp).
void check_users(const Users& users, std::vector<std::string>& errors);

// consents: each lifetime within its range (limits.hpp).
void check_consents(const Consents& consents, std::vector<std::string>& errors);
void check_nonfapi(const NonFapi& nonfapi, std::vector<std::string>& errors);

}  // namespace fapid::config
