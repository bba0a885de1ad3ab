#pragma once
// What the non-FAPI tree's endpoints share (the Back Office Portal's staff logins, federated to the
// institution's IdP, and the back-office APIs): configuration, keys, clients, stores, the IdP client,
// time and randomness, and the URLs derived from the issuer. Built once in add_routes.
#include <memory>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "federation/idp_client.hpp"
#include "federation/scope_translation.hpp"
#include "http/metrics.hpp"
#include "jose/key_store.hpp"
#include "oauth/client_authenticator.hpp"
#include "oauth/client_registry.hpp"
#include "storage/consent_repository.hpp"
#include "storage/grant_repository.hpp"
#include "storage/outage_repository.hpp"
#include "storage/random.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::nonfapi {

inline constexpr std::string_view kIssuerPath = "/auth-nonfapi";

// Paths below the issuer path (metadata and routes use the same names).
inline constexpr std::string_view kAuthorizePath = "/authorize";
inline constexpr std::string_view kCallbackPath = "/interaction/callback";  // registered at the IdP (seeds/003)
inline constexpr std::string_view kTokenPath = "/token";
inline constexpr std::string_view kUserinfoPath = "/userinfo";
inline constexpr std::string_view kIntrospectionPath = "/token/introspection";
inline constexpr std::string_view kRevocationPath = "/token/revocation";
inline constexpr std::string_view kEndSessionPath = "/session/end";

struct NonFapiDeps {
  config::ConfigPtr config;
  std::shared_ptr<const jose::KeyStore> keys;
  std::shared_ptr<const oauth::ClientRegistry> clients;
  std::shared_ptr<storage::TtlStore> ttl;
  std::shared_ptr<storage::GrantRepository> grants;
  std::shared_ptr<storage::AuditLog> audit;
  std::shared_ptr<storage::ConsentRepository> consents;
  std::shared_ptr<storage::OutageRepository> outages;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<storage::Random> random;
  http::Metrics* metrics = nullptr;                  // outlives the routes (main owns it)
  std::shared_ptr<federation::IdpClient> idp;        // null when federation is not configured
};

struct Context {
  explicit Context(NonFapiDeps deps);

  NonFapiDeps deps;
  const config::Config& cfg;
  std::string issuer;        // https://as.example/auth-nonfapi
  std::string callback_url;  // where the IdP sends the staff member back, after login and after logout
  std::string token_url;
  oauth::ClientAuthenticator authenticator;
  oauth::ClientAuthPolicy auth_policy;  // non-FAPI clients only
  federation::RoleScopes role_scopes;   // federation.roleClaim / roleScopes

  const Clock& clock() const { return *deps.clock; }
  storage::TtlStore& ttl() const { return *deps.ttl; }
  storage::GrantRepository& grants() const { return *deps.grants; }
  storage::Random& random() const { return *deps.random; }
  const jose::KeyStore& keys() const { return *deps.keys; }
  // A configured non-FAPI client, or null: FAPI clients are never served by this tree.
  const oauth::RegisteredClient* client(std::string_view client_id) const;
  // Whether the client may log staff in through the IdP (INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS).
  bool may_federate(const oauth::RegisteredClient& client) const;
};

}  // namespace fapid::nonfapi
