#include "storage/sqlite/migrations.hpp"

#include <array>

namespace fapid::storage::sqlite {
namespace {

// Short-lived artefacts, one key space per kind (ttl_store.hpp). `value` is a BLOB (binary-safe); a
// rate-limit counter is stored there as an INTEGER. Times are INTEGER milliseconds since the epoch.
constexpr std::string_view kTtlEntries = R"sql(
CREATE TABLE ttl_entries (
  kind       TEXT NOT NULL,
  key        BLOB NOT NULL,
  value      BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX ttl_entries_expires_at ON ttl_entries (expires_at);
)sql";

// The same tables as the PostgreSQL adapter. An optional time is NULL when absent; code_hash is NULL
// when the grant came from no code, so UNIQUE allows any number of those.
constexpr std::string_view kGrantsAndTokens = R"sql(
CREATE TABLE grants (
  id          TEXT PRIMARY KEY,
  client_id   TEXT NOT NULL,
  subject     TEXT NOT NULL,
  scope       TEXT NOT NULL,
  consent_id  TEXT NOT NULL,
  code_hash   TEXT UNIQUE,
  claims_json TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX grants_consent_id ON grants (consent_id);
CREATE INDEX grants_expires_at ON grants (expires_at);

CREATE TABLE refresh_tokens (
  token_hash   TEXT PRIMARY KEY,
  grant_id     TEXT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
  cnf_x5t_s256 TEXT NOT NULL,
  cnf_jkt      TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  consumed_at  INTEGER
);
CREATE INDEX refresh_tokens_grant_id ON refresh_tokens (grant_id);

CREATE TABLE access_tokens (
  token_hash   TEXT PRIMARY KEY,
  grant_id     TEXT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
  client_id    TEXT NOT NULL,
  scope        TEXT NOT NULL,
  cnf_x5t_s256 TEXT NOT NULL,
  cnf_jkt      TEXT NOT NULL,
  issued_at    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  revoked_at   INTEGER
);
CREATE INDEX access_tokens_grant_id ON access_tokens (grant_id);

CREATE TABLE audit_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  client_id   TEXT NOT NULL,
  subject     TEXT NOT NULL,
  detail_json TEXT NOT NULL
);
)sql";

// Customers and Open Finance consents (issue 5), the same tables as the PostgreSQL adapter. `disabled`
// is 0 or 1. A consent's rejection columns are NULL until it is rejected; its permissions are a JSON
// array of strings. History and extensions are append-only and ordered by seq; they keep their
// consent (no cascade): a consent is never deleted while its trail exists.
constexpr std::string_view kUsersAndConsents = R"sql(
CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  login           TEXT NOT NULL UNIQUE,
  document        TEXT NOT NULL,
  name            TEXT NOT NULL,
  email           TEXT NOT NULL,
  attributes_json TEXT NOT NULL,
  password_hash   TEXT NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX users_document ON users (document);

CREATE TABLE consents (
  id                               TEXT PRIMARY KEY,
  client_id                        TEXT NOT NULL,
  status                           TEXT NOT NULL
                                   CHECK (status IN ('AWAITING_AUTHORISATION', 'AUTHORISED', 'REJECTED')),
  logged_user_document             TEXT NOT NULL,
  business_entity_document         TEXT NOT NULL,
  permissions                      TEXT NOT NULL,
  created_at                       INTEGER NOT NULL,
  status_updated_at                INTEGER NOT NULL,
  expires_at                       INTEGER,
  subject                          TEXT NOT NULL,
  rejected_by                      TEXT,
  rejection_reason                 TEXT,
  rejection_additional_information TEXT
);
CREATE INDEX consents_client_id ON consents (client_id);

CREATE TABLE consent_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  consent_id  TEXT NOT NULL REFERENCES consents (id),
  at          INTEGER NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX consent_history_consent_id ON consent_history (consent_id, seq);

CREATE TABLE consent_extensions (
  seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
  consent_id           TEXT NOT NULL REFERENCES consents (id),
  expires_at           INTEGER,
  previous_expires_at  INTEGER,
  logged_user_document TEXT NOT NULL,
  requested_at         INTEGER NOT NULL,
  customer_ip_address  TEXT NOT NULL,
  customer_user_agent  TEXT NOT NULL
);
CREATE INDEX consent_extensions_consent_id ON consent_extensions (consent_id, seq);

CREATE TABLE consent_idempotency_keys (
  client_id     TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  consent_id    TEXT NOT NULL,
  response_body TEXT NOT NULL,
  expires_at    INTEGER NOT NULL,
  PRIMARY KEY (client_id, key)
);
CREATE INDEX consent_idempotency_keys_expires_at ON consent_idempotency_keys (expires_at);
)sql";

// Service outages entered by the institution's staff (issue 6), the same table as the PostgreSQL adapter.
// duration is whole seconds; is_partial is 0 or 1; unavailable_endpoints is a JSON array of strings
// (stored and read back verbatim, never queried). Lists are ordered by outage_time, then id.
constexpr std::string_view kOutages = R"sql(
CREATE TABLE outages (
  id                    TEXT PRIMARY KEY,
  outage_time           INTEGER NOT NULL,
  duration_seconds      INTEGER NOT NULL CHECK (duration_seconds > 0),
  is_partial            INTEGER NOT NULL CHECK (is_partial IN (0, 1)),
  explanation           TEXT NOT NULL,
  unavailable_endpoints TEXT NOT NULL,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  updated_by            TEXT NOT NULL
);
CREATE INDEX outages_outage_time ON outages (outage_time, id);
)sql";

// The back office's consent search (issue 6; ConsentSearch in consent_repository.hpp): by CPF, by CNPJ, by
// client, or none of them, each newest first (created_at DESC, then id), the same indexes as PostgreSQL's.
constexpr std::string_view kConsentSearch = R"sql(
CREATE INDEX consents_logged_user_search ON consents (logged_user_document, created_at DESC, id);
CREATE INDEX consents_business_entity_search ON consents (business_entity_document, created_at DESC, id);
CREATE INDEX consents_client_search ON consents (client_id, created_at DESC, id);
CREATE INDEX consents_newest_first ON consents (created_at DESC, id);
)sql";

// A revoked self-contained (JWT) access token has no row of its own: its jti is kept until the token
// would have expired (RFC 7009 §2), then swept. The same table as the PostgreSQL adapter.
constexpr std::string_view kRevokedJwtAccessTokens = R"sql(
CREATE TABLE revoked_jwt_access_tokens (
  jti        TEXT PRIMARY KEY,
  client_id  TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL
);
CREATE INDEX revoked_jwt_access_tokens_expires_at ON revoked_jwt_access_tokens (expires_at);
)sql";

// The replay caches of jtis, in slots emptied whole once all their entries expired (replay_slots.hpp).
// WITHOUT ROWID: the key is the only index, so storing a jti dirties one page and emptying a slot
// frees its pages without rewriting them.
constexpr std::string_view kReplaySlots = R"sql(
CREATE TABLE ttl_replay_0 (kind TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL,
                           PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE ttl_replay_1 (kind TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL,
                           PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE ttl_replay_2 (kind TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL,
                           PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE ttl_replay_3 (kind TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL,
                           PRIMARY KEY (kind, key)) WITHOUT ROWID;
-- The latest expires_at stored in each slot since it was last emptied; 0 when nothing was.
CREATE TABLE ttl_replay_slots (slot INTEGER PRIMARY KEY, expires_max INTEGER NOT NULL);
INSERT INTO ttl_replay_slots (slot, expires_max) VALUES (0, 0), (1, 0), (2, 0), (3, 0);
)sql";

constexpr std::array kMigrations{
    Migration{1, "ttl entries", kTtlEntries},
    Migration{2, "grants, refresh and access tokens, audit events", kGrantsAndTokens},
    Migration{3, "users, consents with their history, extensions and idempotency keys", kUsersAndConsents},
    Migration{4, "service outages", kOutages},
    Migration{5, "consent search indexes", kConsentSearch},
    Migration{6, "revoked self-contained access tokens", kRevokedJwtAccessTokens},
    Migration{7, "replay caches of jtis in slots", kReplaySlots},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

}  // namespace fapid::storage::sqlite
