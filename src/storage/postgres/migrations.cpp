#include "storage/postgres/migrations.hpp"

#include <array>

namespace fapid::storage::postgres {
namespace {

// Times are bigint milliseconds since the epoch (the precision every adapter keeps); an optional
// time is NULL when absent. Tokens and codes appear only as hashes (storage/token_hash.hpp).
constexpr std::string_view kGrantsAndTokens = R"sql(
CREATE TABLE grants (
  id          text PRIMARY KEY,
  client_id   text NOT NULL,
  subject     text NOT NULL,
  scope       text NOT NULL,
  consent_id  text NOT NULL,
  code_hash   text UNIQUE,  -- NULL when the grant came from no code: the durable single-use marker
  claims_json text NOT NULL,
  created_at  bigint NOT NULL,
  expires_at  bigint NOT NULL,
  revoked_at  bigint
);
CREATE INDEX grants_consent_id ON grants (consent_id);
CREATE INDEX grants_expires_at ON grants (expires_at);

CREATE TABLE refresh_tokens (
  token_hash   text PRIMARY KEY,
  grant_id     text NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
  cnf_x5t_s256 text NOT NULL,
  cnf_jkt      text NOT NULL,
  created_at   bigint NOT NULL,
  expires_at   bigint NOT NULL,
  consumed_at  bigint
);
CREATE INDEX refresh_tokens_grant_id ON refresh_tokens (grant_id);

CREATE TABLE access_tokens (
  token_hash   text PRIMARY KEY,
  grant_id     text NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
  client_id    text NOT NULL,
  scope        text NOT NULL,
  cnf_x5t_s256 text NOT NULL,
  cnf_jkt      text NOT NULL,
  issued_at    bigint NOT NULL,
  expires_at   bigint NOT NULL,
  revoked_at   bigint
);
CREATE INDEX access_tokens_grant_id ON access_tokens (grant_id);

CREATE TABLE audit_events (
  id          bigserial PRIMARY KEY,
  at          bigint NOT NULL,
  kind        text NOT NULL,
  client_id   text NOT NULL,
  subject     text NOT NULL,
  detail_json text NOT NULL
);
)sql";

// Customers and Open Finance consents (issue 5), the same tables as the SQLite adapter. A consent's
// rejection columns are NULL until it is rejected; its permissions are a JSON array of strings (text,
// not jsonb: stored and read back verbatim, never queried). History and extensions are append-only
// and ordered by seq; they keep their consent (no cascade).
constexpr std::string_view kUsersAndConsents = R"sql(
CREATE TABLE users (
  id              text PRIMARY KEY,
  login           text NOT NULL UNIQUE,
  document        text NOT NULL,
  name            text NOT NULL,
  email           text NOT NULL,
  attributes_json text NOT NULL,
  password_hash   text NOT NULL,
  disabled        boolean NOT NULL DEFAULT false,
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    bigint,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL
);
CREATE INDEX users_document ON users (document);

CREATE TABLE consents (
  id                               text PRIMARY KEY,
  client_id                        text NOT NULL,
  status                           text NOT NULL
                                   CHECK (status IN ('AWAITING_AUTHORISATION', 'AUTHORISED', 'REJECTED')),
  logged_user_document             text NOT NULL,
  business_entity_document         text NOT NULL,
  permissions                      text NOT NULL,
  created_at                       bigint NOT NULL,
  status_updated_at                bigint NOT NULL,
  expires_at                       bigint,
  subject                          text NOT NULL,
  rejected_by                      text,
  rejection_reason                 text,
  rejection_additional_information text
);
CREATE INDEX consents_client_id ON consents (client_id);

CREATE TABLE consent_history (
  seq         bigserial PRIMARY KEY,
  consent_id  text NOT NULL REFERENCES consents (id),
  at          bigint NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor       text NOT NULL,
  reason      text NOT NULL
);
CREATE INDEX consent_history_consent_id ON consent_history (consent_id, seq);

CREATE TABLE consent_extensions (
  seq                  bigserial PRIMARY KEY,
  consent_id           text NOT NULL REFERENCES consents (id),
  expires_at           bigint,
  previous_expires_at  bigint,
  logged_user_document text NOT NULL,
  requested_at         bigint NOT NULL,
  customer_ip_address  text NOT NULL,
  customer_user_agent  text NOT NULL
);
CREATE INDEX consent_extensions_consent_id ON consent_extensions (consent_id, seq);

CREATE TABLE consent_idempotency_keys (
  client_id     text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  consent_id    text NOT NULL,
  response_body text NOT NULL,
  expires_at    bigint NOT NULL,
  PRIMARY KEY (client_id, key)
);
CREATE INDEX consent_idempotency_keys_expires_at ON consent_idempotency_keys (expires_at);
)sql";

// Service outages entered by the institution's staff (issue 6), the same table as the SQLite adapter.
// duration is whole seconds; unavailable_endpoints is a JSON array of strings (text, not jsonb: stored
// and read back verbatim, never queried). Lists are ordered by outage_time, then id in byte order
// (COLLATE "C" in the statements), whatever the database's collation.
constexpr std::string_view kOutages = R"sql(
CREATE TABLE outages (
  id                    text PRIMARY KEY,
  outage_time           bigint NOT NULL,
  duration_seconds      bigint NOT NULL CHECK (duration_seconds > 0),
  is_partial            boolean NOT NULL,
  explanation           text NOT NULL,
  unavailable_endpoints text NOT NULL,
  created_at            bigint NOT NULL,
  updated_at            bigint NOT NULL,
  updated_by            text NOT NULL
);
CREATE INDEX outages_outage_time ON outages (outage_time, id COLLATE "C");
)sql";

// The back office's consent search (issue 6; ConsentSearch in consent_repository.hpp): by CPF, by CNPJ, by
// client, or none of them, each newest first (created_at DESC, then id in byte order, as the statements
// sort), the same indexes as SQLite's.
constexpr std::string_view kConsentSearch = R"sql(
CREATE INDEX consents_logged_user_search ON consents (logged_user_document, created_at DESC, id COLLATE "C");
CREATE INDEX consents_business_entity_search ON consents (business_entity_document, created_at DESC, id COLLATE "C");
CREATE INDEX consents_client_search ON consents (client_id, created_at DESC, id COLLATE "C");
CREATE INDEX consents_newest_first ON consents (created_at DESC, id COLLATE "C");
)sql";

// A revoked self-contained (JWT) access token has no row of its own: its jti is kept until the token
// would have expired (RFC 7009 §2), then swept. The same table as the SQLite adapter.
constexpr std::string_view kRevokedJwtAccessTokens = R"sql(
CREATE TABLE revoked_jwt_access_tokens (
  jti        text PRIMARY KEY,
  client_id  text NOT NULL,
  expires_at bigint NOT NULL,
  revoked_at bigint NOT NULL
);
CREATE INDEX revoked_jwt_access_tokens_expires_at ON revoked_jwt_access_tokens (expires_at);
)sql";

constexpr std::array kMigrations{
    Migration{1, "grants, refresh and access tokens, audit events", kGrantsAndTokens},
    Migration{2, "users, consents with their history, extensions and idempotency keys", kUsersAndConsents},
    Migration{3, "service outages", kOutages},
    Migration{4, "consent search indexes", kConsentSearch},
    Migration{5, "revoked self-contained access tokens", kRevokedJwtAccessTokens},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

}  // namespace fapid::storage::postgres
