#pragma once
// The validated, immutable configuration. Built once by config_loader.cpp (the only file that sees
// yaml-cpp) and shared as std::shared_ptr<const Config>. Defaults live in limits.hpp.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/limits.hpp"
#include "config/secret.hpp"

namespace fapid::config {

struct Endpoint {
  std::string address;  // IP literal or host name to bind
  std::uint16_t port;   // 0 binds an ephemeral port (tests)
};

struct TlsFiles {
  std::string certificate_file;  // PEM chain, leaf first
  std::string private_key_file;  // PEM
  std::string client_ca_file;    // PEM bundle of trust anchors for the mTLS listener
};

struct HttpLimits {
  std::size_t max_header_bytes = kDefaultMaxHeaderBytes;
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  std::chrono::milliseconds header_timeout = kDefaultHeaderTimeout;      // whole header must arrive by then
  std::chrono::milliseconds body_timeout = kDefaultBodyTimeout;          // whole body, after the header
  std::chrono::milliseconds keep_alive_timeout = kDefaultKeepAliveTimeout;  // idle between requests
  std::chrono::milliseconds handshake_timeout = kDefaultHandshakeTimeout;
  std::chrono::milliseconds write_timeout = kDefaultWriteTimeout;
  std::size_t max_requests_per_connection = kDefaultMaxRequestsPerConnection;
  std::size_t max_connections = kDefaultMaxConnections;  // per listener; beyond it new ones are closed
};

struct Threads {
  unsigned io = kDefaultIoThreads;
  unsigned workers = kDefaultWorkerThreads;
  std::size_t queue = kDefaultWorkerQueue;  // bounded: when full, 503 + Retry-After
};

struct Server {
  std::string public_url;  // https base of the TLS listener as clients see it, no trailing slash
  std::string mtls_url;    // https base of the mTLS listener as clients see it
  Endpoint tls;
  Endpoint mtls;
  Endpoint ops;  // plain HTTP: /healthz, /readyz, /metrics
  TlsFiles tls_files;
  HttpLimits limits;
  Threads threads;
  std::chrono::milliseconds shutdown_grace = kDefaultShutdownGrace;
};

enum class KeyUse { sig, enc };
enum class JwsAlg { PS256, ES256 };
enum class JweAlg { RSA_OAEP };

struct KeyFile {
  std::string kid;
  KeyUse use = KeyUse::sig;
  std::string alg;     // "PS256", "ES256" for sig; "RSA-OAEP" for enc; checked against the key type
  std::string file;    // PEM private key
  bool active = false; // the one key per (use, alg) that signs; others are only published
};

enum class Profile { none, fapi1_advanced, fapi2 };  // none: a non-FAPI (back-office) client
enum class AuthMethod { client_secret_post, client_secret_basic, private_key_jwt, tls_client_auth };
enum class AccessTokenFormat { jwt, opaque };  // RFC 9068 JWT, or a random string stored hashed
enum class TokenBinding { mtls, dpop };        // RFC 8705 cnf.x5t#S256, or RFC 9449 cnf.jkt (fapi2 only)

struct Client {
  std::string client_id;
  std::string client_name;  // clientName: shown to the customer on the consent page; "" = client_id
  Profile profile = Profile::none;
  AuthMethod auth_method = AuthMethod::client_secret_post;
  std::optional<Secret> client_secret;  // resolved from clientSecretName/clientSecretKey
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  std::vector<std::string> response_types;
  std::vector<std::string> grant_types;
  std::vector<std::string> allowed_scopes;
  std::string jwks_json;  // public JWKS (inline `jwks` or `jwksFile`), validated as JSON; empty if none
  std::string jwks_uri;   // https URL, fetched later; empty if none
  std::string tls_client_auth_subject_dn;  // RFC 4514, for tls_client_auth
  AccessTokenFormat access_token_format = AccessTokenFormat::jwt;  // accessTokenFormat
  TokenBinding token_binding = TokenBinding::mtls;                 // tokenBinding (dpop: fapi2 only)
  // requestObjectSigning: required. Always true for fapi1-advanced (SPEC P10); a fapi2 client opts
  // into FAPI 2.0 Message Signing with it.
  bool require_signed_request_object = false;
};

// The FAPI tree's lifetimes and knobs (`fapi:`); defaults and allowed ranges in limits.hpp.
struct Fapi {
  std::chrono::seconds par_lifetime = kDefaultParLifetime;                    // parLifetime, 60–599 s (P5)
  std::chrono::seconds code_lifetime = kDefaultCodeLifetime;                  // codeLifetime, ≤ 60 s (TK2)
  std::chrono::seconds access_token_lifetime = kDefaultAccessTokenLifetime;   // accessTokenLifetime (TK7)
  std::chrono::seconds refresh_token_lifetime = kDefaultRefreshTokenLifetime; // refreshTokenLifetime
  std::chrono::seconds interaction_lifetime = kDefaultInteractionLifetime;    // interactionLifetime
  std::chrono::seconds max_clock_skew = kDefaultMaxClockSkew;                 // maxClockSkew, < 60 s (CA5)
  bool require_dpop_nonce = true;                                             // requireDpopNonce (RFC 9449 §8)
  std::optional<Secret> dpop_nonce_secret;  // dpopNonceSecretName/Key: shared by every instance
  std::string acr = "urn:brasil:openbanking:loa2";                            // acr asserted by the login (I6)
  std::vector<std::string> acr_values_supported{"urn:brasil:openbanking:loa2", "urn:brasil:openbanking:loa3"};
};

struct Federation {
  std::string discovery_endpoint;        // INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT
  std::string client_id;                 // INTERNAL_USERS_FEDERATION_CLIENT_ID
  std::optional<Secret> client_secret;   // INTERNAL_USERS_FEDERATION_SECRET
  std::vector<std::string> allowed_client_ids;  // INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS
  std::string portal_backoffice_url;     // PORTAL_BACKOFFICE_URL (the one CORS origin)
  std::string ca_file;                   // caFile: trust anchors for the IdP's TLS; empty: the system's
  std::chrono::milliseconds http_timeout = kDefaultFederationHttpTimeout;  // httpTimeout, per IdP request
  std::string role_claim;                // roleClaim: the IdP claim listing roles or groups
  std::vector<std::pair<std::string, std::vector<std::string>>> role_scopes;  // roleScopes: role → scopes
  bool enabled() const { return !discovery_endpoint.empty(); }
};

// The non-FAPI tree's lifetimes (`nonfapi:`): the Back Office Portal's staff logins.
struct NonFapi {
  std::chrono::seconds code_lifetime = kDefaultNonFapiCodeLifetime;                    // codeLifetime
  std::chrono::seconds access_token_lifetime = kDefaultNonFapiAccessTokenLifetime;     // accessTokenLifetime
  std::chrono::seconds refresh_token_lifetime = kDefaultNonFapiRefreshTokenLifetime;   // refreshTokenLifetime
  std::chrono::seconds login_lifetime = kDefaultNonFapiLoginLifetime;                  // loginLifetime, at the IdP
};

enum class StorageKind { embedded, postgres };

// A password resolved from passwordSecretName/passwordSecretKey (mounted secret or env), never from
// the URL: a URL ends up in process listings and logs.
struct EmbeddedStorage {
  std::string path;  // SQLite file; its directory is created (0700) when missing
  std::chrono::milliseconds busy_timeout = kDefaultStorageBusyTimeout;
  std::size_t pool_size = kDefaultStoragePoolSize;
};

struct PostgresStorage {
  std::string url;  // postgresql://user@host:port/database, without a password
  std::optional<Secret> password;
  std::string schema = "public";
  std::size_t pool_size = kDefaultStoragePoolSize;
  std::chrono::milliseconds connect_timeout = kDefaultStorageConnectTimeout;
  std::chrono::milliseconds statement_timeout = kDefaultStorageStatementTimeout;
};

struct RedisStorage {
  std::string url;  // redis://host:port/db, without a password
  std::optional<Secret> password;
  std::string key_prefix = "fapid:";
  std::size_t pool_size = kDefaultStoragePoolSize;
  std::chrono::milliseconds connect_timeout = kDefaultStorageConnectTimeout;
  std::chrono::milliseconds command_timeout = kDefaultStorageCommandTimeout;
};

struct Storage {
  StorageKind kind = StorageKind::embedded;
  EmbeddedStorage embedded;    // kind: embedded
  PostgresStorage postgres;    // kind: postgres (durable records)
  RedisStorage redis;          // kind: postgres (short-lived artefacts)
  std::chrono::milliseconds sweep_interval = kDefaultStorageSweepInterval;      // expired rows deleted
  std::chrono::milliseconds health_interval = kDefaultStorageHealthInterval;    // /readyz probe period
  std::chrono::milliseconds max_reconnect_backoff = kDefaultStorageMaxBackoff;
};

// How new customer passwords are hashed (`users.passwordHashing`). The fields of users::HashPolicy,
// repeated so that the configuration does not depend on the hashing library.
enum class PasswordAlgorithm { argon2id, bcrypt, pbkdf2_sha256 };

struct PasswordHashing {
  PasswordAlgorithm algorithm = PasswordAlgorithm::argon2id;
  std::uint32_t argon2_memory_kib = kDefaultArgon2MemoryKib;
  std::uint32_t argon2_iterations = kDefaultArgon2Iterations;
  std::uint32_t argon2_parallelism = kDefaultArgon2Parallelism;
  unsigned bcrypt_cost = kDefaultBcryptCost;
  std::uint32_t pbkdf2_iterations = kDefaultPbkdf2Iterations;
};

// The scope -> user attributes shown in ID tokens and userinfo, in the order configured. An attribute
// is "sub", "name", "email", "cpf" or "attributes.<key>" (a key of the user's attributes JSON).
using ClaimsByScope = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct Users {
  PasswordHashing password_hashing;
  int max_failures = kDefaultMaxLoginFailures;        // lockout.maxFailures: consecutive failures lock...
  std::chrono::seconds lock_for = kDefaultLockFor;    // lockout.lockFor: ...the account for this long
  ClaimsByScope claims_by_scope{{"openid", {"sub"}}, {"profile", {"name"}}, {"email", {"email"}}, {"cpf", {"cpf"}}};
};

struct Consents {
  std::string urn_namespace = "fapid";  // consent ids are urn:<urn_namespace>:<uuid>
  std::chrono::seconds awaiting_authorisation_lifetime = kDefaultAwaitingAuthorisationLifetime;
  std::chrono::seconds idempotency_key_lifetime = kDefaultIdempotencyKeyLifetime;
};

struct Ui {
  std::string templates_dir;              // "" = the built-in templates (src/pages)
  std::string default_locale = "pt-BR";   // "pt-BR" or "en"
};

enum class LogLevel { debug, info, warn, error };

struct Logging {
  LogLevel level = LogLevel::info;
};

struct Config {
  Server server;
  std::vector<KeyFile> keys;
  std::string secrets_dir;  // <secretsDir>/<clientSecretName>/<clientSecretKey>
  std::vector<Client> clients;
  Federation federation;
  Fapi fapi;
  NonFapi nonfapi;
  Storage storage;
  Logging logging;
  Users users;
  Consents consents;
  Ui ui;

  std::string fapi_issuer() const { return server.public_url + "/auth"; }
  std::string nonfapi_issuer() const { return server.public_url + "/auth-nonfapi"; }
};

using ConfigPtr = std::shared_ptr<const Config>;

}  // namespace fapid::config
