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

constexpr std::array kMigrations{
    Migration{1, "grants, refresh and access tokens, audit events", kGrantsAndTokens},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

}  // namespace fapid::storage::postgres
