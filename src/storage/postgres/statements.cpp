#include "storage/postgres/statements.hpp"

#include <string>

namespace fapid::storage::postgres::sql {
namespace {

const std::string kGrants = kGrantColumns;
// A grant is live while unrevoked and unexpired; $now is the caller's clock in milliseconds.
std::string live_grant(const std::string& now) { return "g.revoked_at IS NULL AND g.expires_at > " + now; }

}  // namespace

void prepare_statements(pqxx::connection_base& db) {
  // ON CONFLICT (code_hash) DO NOTHING: a second redemption of a code writes nothing and returns no
  // row, even when two redemptions race (the loser waits for the winner's commit, then sees it). A
  // duplicate id is still an error. An empty code_hash is stored as NULL, which never conflicts.
  db.prepare(kInsertGrant,
             "INSERT INTO grants (id, client_id, subject, scope, consent_id, code_hash, claims_json, created_at, "
             "expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7, $8, $9, $10) "
             "ON CONFLICT (code_hash) DO NOTHING RETURNING id");
  db.prepare(kInsertRefresh,
             "INSERT INTO refresh_tokens (token_hash, grant_id, cnf_x5t_s256, cnf_jkt, created_at, expires_at, "
             "consumed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
  db.prepare(kInsertAccess,
             "INSERT INTO access_tokens (token_hash, grant_id, client_id, scope, cnf_x5t_s256, cnf_jkt, issued_at, "
             "expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");

  // Revocation keeps the first revocation time.
  db.prepare(kRevokeGrant, "UPDATE grants SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id");
  db.prepare(kRevokeGrantByCode,
             "UPDATE grants SET revoked_at = COALESCE(revoked_at, $2) WHERE code_hash = $1 RETURNING id");
  db.prepare(kRevokeConsent, "UPDATE grants SET revoked_at = $2 WHERE consent_id = $1 AND revoked_at IS NULL");
  // Refresh tokens first, while their grants still carry the old expiry the condition reads.
  db.prepare(kExtendConsentRefresh,
             "UPDATE refresh_tokens SET expires_at = $2 WHERE consumed_at IS NULL AND expires_at > $3 AND expires_at < $2 "
             "AND grant_id IN (SELECT id FROM grants WHERE consent_id = $1 AND revoked_at IS NULL AND expires_at > $3)");
  db.prepare(kExtendConsentGrants,
             "UPDATE grants SET expires_at = $2 WHERE consent_id = $1 AND revoked_at IS NULL AND expires_at > $3 "
             "AND expires_at < $2");
  db.prepare(kRevokeByRefresh,
             "UPDATE grants SET revoked_at = COALESCE(revoked_at, $2) "
             "WHERE id = (SELECT grant_id FROM refresh_tokens WHERE token_hash = $1) RETURNING id");
  db.prepare(kRevokeAccess,
             "UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE token_hash = $1 RETURNING token_hash");

  db.prepare(kFindGrant, "SELECT " + kGrants + " FROM grants g WHERE g.id = $1");
  db.prepare(kFindRefresh,
             "SELECT r.token_hash, r.grant_id, r.cnf_x5t_s256, r.cnf_jkt, r.created_at, r.expires_at, r.consumed_at, " +
                 kGrants +
                 " FROM refresh_tokens r JOIN grants g ON g.id = r.grant_id "
                 "WHERE r.token_hash = $1 AND r.consumed_at IS NULL AND r.expires_at > $2 AND " + live_grant("$2"));
  db.prepare(kFindAccess,
             "SELECT a.token_hash, a.grant_id, a.client_id, a.scope, a.cnf_x5t_s256, a.cnf_jkt, a.issued_at, "
             "a.expires_at, a.revoked_at, " +
                 kGrants +
                 " FROM access_tokens a JOIN grants g ON g.id = a.grant_id "
                 "WHERE a.token_hash = $1 AND a.revoked_at IS NULL AND a.expires_at > $2 AND " + live_grant("$2"));

  // The consume step of a rotation: the row lock on the token makes concurrent rotations queue; each
  // waiter re-checks `consumed_at IS NULL` on the committed row, so exactly one gets a row back.
  db.prepare(kConsumeRefresh,
             "UPDATE refresh_tokens r SET consumed_at = $2 FROM grants g "
             "WHERE r.token_hash = $1 AND r.consumed_at IS NULL AND r.expires_at > $2 AND g.id = r.grant_id AND " +
                 live_grant("$2") + " RETURNING r.grant_id");
  // A consumed token presented again: revoke its grant (RFC 9700 §4.14.2). No row: unknown token.
  db.prepare(kRevokeReplayed,
             "UPDATE grants SET revoked_at = COALESCE(revoked_at, $2) WHERE id = "
             "(SELECT grant_id FROM refresh_tokens WHERE token_hash = $1 AND consumed_at IS NOT NULL) RETURNING id");
  // FOR SHARE OF r: a rotation of the same refresh token waits for this insert (or this insert for
  // the rotation, and then sees the token consumed), so no access token is added to a consumed one.
  db.prepare(kAddAccess,
             "INSERT INTO access_tokens (token_hash, grant_id, client_id, scope, cnf_x5t_s256, cnf_jkt, issued_at, "
             "expires_at, revoked_at) "
             "SELECT $2, r.grant_id, $3, $4, $5, $6, $7::bigint, $8::bigint, $9::bigint "
             "FROM refresh_tokens r JOIN grants g ON g.id = r.grant_id "
             "WHERE r.token_hash = $1 AND r.consumed_at IS NULL AND r.expires_at > $10::bigint AND " +
                 live_grant("$10::bigint") + " FOR SHARE OF r RETURNING token_hash");

  // Sweeping deletes in batches so no statement holds many row locks or runs past statement_timeout.
  db.prepare(kSweepBatch,
             "DELETE FROM grants WHERE id IN (SELECT id FROM grants WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)");

  // A revoked self-contained access token (RFC 7009 §2): a second revocation, concurrent or not, keeps
  // the first record and is no error.
  db.prepare(kRevokeSelfContained,
             "INSERT INTO revoked_jwt_access_tokens (jti, client_id, expires_at, revoked_at) VALUES ($1, $2, $3, $4) "
             "ON CONFLICT (jti) DO NOTHING");
  db.prepare(kSelfContainedRevoked, "SELECT 1 FROM revoked_jwt_access_tokens WHERE jti = $1 AND expires_at > $2");
  // Once the token itself has expired its record is no longer needed; batched like kSweepBatch.
  db.prepare(kSweepRevokedBatch,
             "DELETE FROM revoked_jwt_access_tokens WHERE jti IN (SELECT jti FROM revoked_jwt_access_tokens "
             "WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)");

  db.prepare(kAppendAudit,
             "INSERT INTO audit_events (at, kind, client_id, subject, detail_json) VALUES ($1, $2, $3, $4, $5)");
  db.prepare(kRecentAudit,
             "SELECT at, kind, client_id, subject, detail_json FROM audit_events ORDER BY id DESC LIMIT $1");
}

}  // namespace fapid::storage::postgres::sql
