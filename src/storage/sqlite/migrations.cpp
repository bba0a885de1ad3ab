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

constexpr std::array kMigrations{
    Migration{1, "ttl entries", kTtlEntries},
    Migration{2, "grants, refresh and access tokens, audit events", kGrantsAndTokens},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

}  // namespace fapid::storage::sqlite
