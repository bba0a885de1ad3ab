#pragma once
// What the FAPI tree's endpoints share: configuration, keys, clients, stores, time and randomness,
// and the URLs derived from the issuer. Built once in add_routes; endpoints hold it by shared_ptr.
#include <memory>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "http/metrics.hpp"
#include "jose/key_store.hpp"
#include "jose/public_key_set.hpp"
#include "oauth/client_authenticator.hpp"
#include "oauth/client_registry.hpp"
#include "oauth/dpop_nonce.hpp"
#include "oauth/self_contained_token.hpp"
#include "pages/page_renderer.hpp"
#include "storage/consent_repository.hpp"
#include "storage/grant_repository.hpp"
#include "storage/random.hpp"
#include "storage/ttl_store.hpp"
#include "storage/user_repository.hpp"
#include "users/password_hasher.hpp"

namespace fapid::fapi {

inline constexpr std::string_view kIssuerPath = "/auth";

// The paths of the tree's endpoints below the issuer path (metadata and routes use the same table).
inline constexpr std::string_view kParPath = "/par";
inline constexpr std::string_view kAuthorizePath = "/authorize";
inline constexpr std::string_view kTokenPath = "/token";
inline constexpr std::string_view kIntrospectionPath = "/token/introspection";
inline constexpr std::string_view kRevocationPath = "/token/revocation";
inline constexpr std::string_view kUserinfoPath = "/userinfo";
inline constexpr std::string_view kInteractionPath = "/interaction";
inline constexpr std::string_view kTestInteractionPath = "/test/interaction";  // FAPID_TEST_ROUTES builds only
inline constexpr std::string_view kLoginPath = "/interaction/login";
inline constexpr std::string_view kDecisionPath = "/interaction/decision";
inline constexpr std::string_view kStylesheetPath = "/interaction/style.css";

// The Open Finance Brasil consents API, at the root of the mTLS listener (SPEC, consents API v3).
inline constexpr std::string_view kConsentsPath = "/open-banking/consents/v3/consents";

struct FapiDeps {
  config::ConfigPtr config;
  std::shared_ptr<const jose::KeyStore> keys;
  std::shared_ptr<const oauth::ClientRegistry> clients;
  std::shared_ptr<storage::TtlStore> ttl;
  std::shared_ptr<storage::GrantRepository> grants;
  std::shared_ptr<storage::AuditLog> audit;
  std::shared_ptr<storage::ConsentRepository> consents;
  std::shared_ptr<storage::UserRepository> users;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<storage::Random> random;
  http::Metrics* metrics = nullptr;  // outlives the routes (main owns it)
  std::shared_ptr<const pages::PageRenderer> pages;      // the customer's login and consent pages
  std::shared_ptr<const users::PasswordHasher> hasher;   // the customers' passwords
};

struct Context {
  explicit Context(FapiDeps deps);

  FapiDeps deps;
  const config::Config& cfg;
  std::string issuer;          // https://as.example/auth
  std::string par_url;         // on the mTLS listener
  std::string token_url;
  std::string userinfo_url;
  std::string introspection_url;
  std::string revocation_url;
  std::string consents_url;    // on the mTLS listener
  oauth::ClientAuthenticator authenticator;
  oauth::DpopNonces dpop_nonces;
  oauth::SelfContainedRules self_contained;  // verifies the tree's own self-contained access tokens; `now` unset

  const Clock& clock() const { return *deps.clock; }
  storage::TtlStore& ttl() const { return *deps.ttl; }
  storage::GrantRepository& grants() const { return *deps.grants; }
  storage::ConsentRepository& consents() const { return *deps.consents; }
  storage::UserRepository& users() const { return *deps.users; }
  storage::Random& random() const { return *deps.random; }
  const jose::KeyStore& keys() const { return *deps.keys; }
  // The client-authentication policy of one endpoint (its URL joins the accepted assertion audiences
  // for fapi1-advanced clients, SPEC CA3).
  oauth::ClientAuthPolicy auth_policy(const std::string& endpoint_url) const;

  Context(const Context&) = delete;  // self_contained points into it
  Context& operator=(const Context&) = delete;

 private:
  jose::PublicKeySet own_keys_;
};

}  // namespace fapid::fapi
